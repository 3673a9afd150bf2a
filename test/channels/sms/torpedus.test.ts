import { expect } from 'chai';
import {
  TorpedusAdapter,
  type TorpedusConfig,
} from '../../../src/channels/sms/adapters/torpedus.js';
import { MOBILE } from './support/fake-gateway.js';
import { describeTransportFailures, useFakeGateway } from './support/transport.js';

const config = (baseUrl: string, extra: Partial<TorpedusConfig> = {}): TorpedusConfig => ({
  baseUrl,
  path: '/sms/index.php',
  user: '4321',
  charset: 'utf-8',
  successContains: ['SMS Aceito'],
  successPrefixes: ['OK'],
  failureContains: ['ERR'],
  unmatched: 'unknown',
  timeoutMs: 2000,
  ...extra,
});

describe('TorpedusAdapter', () => {
  const { gateway, http } = useFakeGateway();
  const adapter = (extra: Partial<TorpedusConfig> = {}) =>
    new TorpedusAdapter(
      config(gateway.url, extra),
      { password: 'p4ss' },
      { http: http(), foldAccents: true },
    );
  const message = { id: '8', to: MOBILE, text: 'Conexão bloqueada' };

  describe('send', () => {
    it('calls the legacy playSMS query by GET with 55 and the folded text', async () => {
      gateway.answer(() => ({ body: '<html>STATUS: SMS Aceito>>></html>' }));

      const result = await adapter().send(message);

      expect(result).to.deep.equal({ status: 'accepted' });
      expect(gateway.last.method).to.equal('GET');
      expect(gateway.last.path).to.equal('/sms/index.php');
      expect(Object.fromEntries(gateway.last.query)).to.deep.equal({
        app: 'webservices',
        u: '4321',
        p: 'p4ss',
        ta: 'pv',
        to: '5511987654321',
        msg: 'Conexao bloqueada',
      });
    });

    it('takes a stock playSMS OK answer with its id', async () => {
      gateway.answer(() => ({ body: 'OK 5511987654321,120,abc' }));

      expect(await adapter().send(message)).to.deep.equal({
        status: 'accepted',
        providerId: '120',
      });
    });

    it('fails on a STATUS other than accepted', async () => {
      gateway.answer(() => ({ body: 'STATUS: Saldo insuficiente>>>' }));

      const result = await adapter().send(message);

      expect(result).to.include({ status: 'failed', kind: 'permanent', code: 'TORPEDUS_STATUS' });
      expect(result.status === 'failed' && result.reason).to.contain('Saldo insuficiente');
    });

    it('classifies ERR codes as playSMS does', async () => {
      gateway.answer(() => ({ body: 'ERR 100' }));
      const auth = await adapter().send(message);
      gateway.answer(() => ({ body: 'ERR 200' }));
      const busy = await adapter().send(message);

      expect(auth).to.include({ kind: 'permanent', code: 'TORPEDUS_ERR_100' });
      expect(busy).to.include({ kind: 'transient', code: 'TORPEDUS_ERR_200' });
    });

    it('uses the configured markers and the unmatched rule', async () => {
      gateway.answer(() => ({ body: 'Mensagem enfileirada' }));
      const unmatched = await adapter().send(message);
      const configured = await adapter({ successContains: ['enfileirada'] }).send(message);
      gateway.answer(() => ({ body: 'Falha: número inválido' }));
      const refused = await adapter({ failureContains: ['Falha'] }).send(message);
      gateway.answer(() => ({ body: 'qualquer coisa' }));
      const trusted = await adapter({ unmatched: 'accepted' }).send(message);

      expect(unmatched).to.include({ kind: 'unknown', code: 'TORPEDUS_UNREADABLE' });
      expect(configured).to.deep.equal({ status: 'accepted' });
      expect(refused).to.include({ kind: 'permanent', code: 'TORPEDUS_REFUSED' });
      expect(trusted).to.deep.equal({ status: 'accepted' });
    });

    it('fails transiently on 5xx and on 429 with Retry-After', async () => {
      gateway.answer(() => ({ status: 503, body: 'down' }));
      const down = await adapter().send(message);
      gateway.answer(() => ({ status: 429, headers: { 'retry-after': '4' }, body: 'wait' }));
      const limited = await adapter().send(message);

      expect(down).to.include({ kind: 'transient', code: 'TORPEDUS_503' });
      expect(limited).to.include({ kind: 'transient', code: 'TORPEDUS_429', retryAfterMs: 4000 });
    });
  });

  describeTransportFailures(
    'TORPEDUS',
    (baseUrl, client, timeoutMs) =>
      new TorpedusAdapter(
        config(baseUrl, { timeoutMs }),
        { password: 'p' },
        { http: client, foldAccents: false },
      ),
  );
});
