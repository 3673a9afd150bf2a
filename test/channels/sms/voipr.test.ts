import { expect } from 'chai';
import { createVoiprAdapter, type VoiprConfig } from '../../../src/channels/sms/adapters/voipr.js';
import { MOBILE } from './support/fake-gateway.js';
import { describeTransportFailures, useFakeGateway } from './support/transport.js';

const config = (port: number, extra: Partial<VoiprConfig> = {}): VoiprConfig => ({
  host: '127.0.0.1',
  port,
  https: false,
  pathTemplate:
    '/sms/enviar?campanha={campaign_key}&cliente={client_key}&numero={to}&texto={message}',
  campaignKey: 'camp-01',
  method: 'GET',
  bodyType: 'none',
  headers: {},
  numberFormat: 'e164_no_plus',
  charset: 'utf-8',
  basicAuth: false,
  success: { bodyContains: 'sucesso' },
  providerId: {},
  refusedKind: 'permanent',
  timeoutMs: 2000,
  ...extra,
});

describe('createVoiprAdapter', () => {
  const { gateway, http } = useFakeGateway();

  describe('send', () => {
    it('calls http://host:port with the path template and both keys', async () => {
      gateway.answer(() => ({ body: 'envio com sucesso' }));
      const adapter = createVoiprAdapter(
        config(gateway.port),
        { clientKey: 'cli/42' },
        { http: http(), foldAccents: false },
      );

      const result = await adapter.send({ id: '1', to: MOBILE, text: 'Olá' });

      expect(result).to.deep.equal({ status: 'accepted' });
      expect(gateway.last.path).to.equal('/sms/enviar');
      expect(Object.fromEntries(gateway.last.query)).to.deep.equal({
        campanha: 'camp-01',
        cliente: 'cli/42',
        numero: '5511987654321',
        texto: 'Olá',
      });
    });

    it('starts its codes with VOIPR', async () => {
      gateway.answer(() => ({ body: 'erro' }));
      const adapter = createVoiprAdapter(
        config(gateway.port),
        { clientKey: 'k' },
        { http: http(), foldAccents: false },
      );

      const result = await adapter.send({ id: '1', to: MOBILE, text: 'Olá' });

      expect(result).to.include({ kind: 'permanent', code: 'VOIPR_REFUSED' });
    });
  });

  describeTransportFailures('VOIPR', (baseUrl, client, timeoutMs) => {
    const port = Number(new URL(baseUrl).port);
    return createVoiprAdapter(
      config(port, { success: {}, timeoutMs }),
      { clientKey: 'k' },
      { http: client, foldAccents: false },
    );
  });
});
