import { expect } from 'chai';
import {
  SmsGatewayMeAdapter,
  type SmsGatewayMeConfig,
} from '../../../src/channels/sms/adapters/smsgateway-me.js';
import { MOBILE } from './support/fake-gateway.js';
import { describeTransportFailures, useFakeGateway } from './support/transport.js';

const config = (baseUrl: string, extra: Partial<SmsGatewayMeConfig> = {}): SmsGatewayMeConfig => ({
  baseUrl,
  deviceId: 104233,
  numberFormat: 'e164_plus',
  timeoutMs: 2000,
  ...extra,
});

describe('SmsGatewayMeAdapter', () => {
  const { gateway, http } = useFakeGateway();
  const adapter = (extra: Partial<SmsGatewayMeConfig> = {}) =>
    new SmsGatewayMeAdapter(
      config(gateway.url, extra),
      { token: 'eyJ0eXAi' },
      { http: http(), foldAccents: false },
    );
  const message = { id: '3', to: MOBILE, text: 'Pagamento confirmado ✓' };

  describe('send', () => {
    it('posts a JSON array with the raw token in Authorization and keeps the id', async () => {
      gateway.answer(() => ({
        body: [
          {
            id: 77001,
            device_id: 104233,
            phone_number: '+5511987654321',
            status: 'pending',
            log: [],
          },
        ],
      }));

      const result = await adapter().send(message);

      expect(result).to.deep.equal({ status: 'accepted', providerId: '77001' });
      expect(gateway.last.method).to.equal('POST');
      expect(gateway.last.path).to.equal('/api/v4/message/send');
      expect(gateway.last.headers.authorization).to.equal('eyJ0eXAi');
      expect(JSON.parse(gateway.last.body.toString('utf8'))).to.deep.equal([
        { phone_number: '+5511987654321', message: 'Pagamento confirmado ✓', device_id: 104233 },
      ]);
    });

    it('writes the number in the configured format', async () => {
      gateway.answer(() => ({ body: [{ id: 1 }] }));

      await adapter({ numberFormat: 'national' }).send(message);

      expect(JSON.parse(gateway.last.body.toString()) as unknown).to.have.nested.property(
        '[0].phone_number',
        '11987654321',
      );
    });

    for (const status of [400, 401, 403]) {
      it(`fails permanently on ${status}`, async () => {
        gateway.answer(() => ({
          status,
          body: {
            status: 'fail',
            message: 'failed validation',
            data: [{ key: 'device_id', errors: ['invalid'] }],
          },
        }));

        const result = await adapter().send(message);

        expect(result).to.include({
          status: 'failed',
          kind: 'permanent',
          code: `SMSGATEWAYME_${status}`,
        });
        expect(result.status === 'failed' && result.reason).to.contain('device_id');
      });
    }

    it('fails transiently on 500 and on 429 with Retry-After', async () => {
      gateway.answer(() => ({
        status: 500,
        body: { status: 'fail', data: { exception: 'boom' } },
      }));
      const broken = await adapter().send(message);
      gateway.answer(() => ({ status: 429, headers: { 'retry-after': '2' } }));
      const limited = await adapter().send(message);

      expect(broken).to.include({ kind: 'transient', code: 'SMSGATEWAYME_500' });
      expect(limited).to.include({
        kind: 'transient',
        code: 'SMSGATEWAYME_429',
        retryAfterMs: 2000,
      });
    });

    it('answers unknown for a 200 that lists no message', async () => {
      gateway.answer(() => ({ body: { status: 'ok' } }));

      expect(await adapter().send(message)).to.include({
        kind: 'unknown',
        code: 'SMSGATEWAYME_UNREADABLE',
      });
    });
  });

  describeTransportFailures(
    'SMSGATEWAYME',
    (baseUrl, client, timeoutMs) =>
      new SmsGatewayMeAdapter(
        config(baseUrl, { timeoutMs }),
        { token: 't' },
        { http: client, foldAccents: false },
      ),
  );
});
