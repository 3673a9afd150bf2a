import { expect } from 'chai';
import { ZenviaAdapter, type ZenviaConfig } from '../../../src/channels/sms/adapters/zenvia.js';
import { MOBILE } from './support/fake-gateway.js';
import { describeTransportFailures, useFakeGateway } from './support/transport.js';

const config = (baseUrl: string, extra: Partial<ZenviaConfig> = {}): ZenviaConfig => ({
  baseUrl,
  from: 'provedor-net',
  encodingStrategy: 'AUTO',
  timeoutMs: 2000,
  webhookHeader: 'X-Recado-Secret',
  ...extra,
});

describe('ZenviaAdapter', () => {
  const { gateway, http } = useFakeGateway();
  const adapter = (extra: Partial<ZenviaConfig> = {}, foldAccents = false) =>
    new ZenviaAdapter(
      config(gateway.url, extra),
      { token: 'tok-123' },
      { http: http(), foldAccents },
    );

  describe('send', () => {
    it('posts the documented JSON with X-API-TOKEN and keeps the returned id', async () => {
      gateway.answer(() => ({ body: { id: 'a1b2-c3', from: 'provedor-net', direction: 'OUT' } }));

      const result = await adapter().send({
        id: '42',
        to: MOBILE,
        text: 'Fatura de R$ 89,90 vence amanhã',
      });

      expect(result).to.deep.equal({ status: 'accepted', providerId: 'a1b2-c3' });
      const request = gateway.last;
      expect(request.method).to.equal('POST');
      expect(request.path).to.equal('/v2/channels/sms/messages');
      expect(request.headers['x-api-token']).to.equal('tok-123');
      expect(request.headers['content-type']).to.equal('application/json');
      expect(JSON.parse(request.body.toString('utf8'))).to.deep.equal({
        from: 'provedor-net',
        to: '5511987654321',
        contents: [{ type: 'text', text: 'Fatura de R$ 89,90 vence amanhã' }],
        externalId: '42',
      });
    });

    it('sends accents as UTF-8, or folded when the gateway asks for it', async () => {
      gateway.answer(() => ({ body: { id: 'x' } }));

      await adapter().send({ id: '1', to: MOBILE, text: 'Conexão' });
      const plain = JSON.parse(gateway.last.body.toString('utf8')) as {
        contents: { text: string }[];
      };
      await adapter({}, true).send({ id: '2', to: MOBILE, text: 'Conexão' });
      const folded = JSON.parse(gateway.last.body.toString('utf8')) as {
        contents: { text: string }[];
      };

      expect(gateway.requests.at(-2)?.body.includes(Buffer.from('Conexão', 'utf8'))).to.equal(true);
      expect(plain.contents[0]?.text).to.equal('Conexão');
      expect(folded.contents[0]?.text).to.equal('Conexao');
    });

    it('sends the encoding strategy only when it is not AUTO', async () => {
      gateway.answer(() => ({ body: { id: 'x' } }));

      await adapter({ encodingStrategy: 'MORE_CHARACTERS_PER_MESSAGE' }).send({
        id: '1',
        to: MOBILE,
        text: 'oi',
      });

      const body = JSON.parse(gateway.last.body.toString('utf8')) as {
        contents: Record<string, string>[];
      };
      expect(body.contents[0]?.encodingStrategy).to.equal('MORE_CHARACTERS_PER_MESSAGE');
    });

    for (const [status, code] of [
      [400, 'VALIDATION_ERROR'],
      [401, 'AUTHENTICATION_ERROR'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
      [409, 'DUPLICATED'],
      [422, 'UNPROCESSABLE'],
    ] as const) {
      it(`fails permanently on ${status} ${code}`, async () => {
        gateway.answer(() => ({
          status,
          body: { code, message: 'refused', details: [{ path: 'to', message: 'bad' }] },
        }));

        const result = await adapter().send({ id: '1', to: MOBILE, text: 'oi' });

        expect(result).to.include({
          status: 'failed',
          kind: 'permanent',
          code: `ZENVIA_${status}`,
        });
        expect(result.status === 'failed' && result.reason).to.contain(code);
      });
    }

    it('fails transiently on 429 and keeps Retry-After', async () => {
      gateway.answer(() => ({
        status: 429,
        headers: { 'retry-after': '12' },
        body: { code: 'TOO_MANY' },
      }));

      const result = await adapter().send({ id: '1', to: MOBILE, text: 'oi' });

      expect(result).to.include({
        status: 'failed',
        kind: 'transient',
        code: 'ZENVIA_429',
        retryAfterMs: 12_000,
      });
    });

    for (const status of [500, 502, 503]) {
      it(`fails transiently on ${status}`, async () => {
        gateway.answer(() => ({ status, body: { code: 'INTERNAL_ERROR', message: 'oops' } }));

        const result = await adapter().send({ id: '1', to: MOBILE, text: 'oi' });

        expect(result).to.include({
          status: 'failed',
          kind: 'transient',
          code: `ZENVIA_${status}`,
        });
      });
    }

    it('refuses a landline without calling the gateway', async () => {
      const before = gateway.requests.length;

      const result = await adapter().send({ id: '1', to: '551133334444', text: 'oi' });

      expect(result).to.include({
        status: 'failed',
        kind: 'permanent',
        code: 'ZENVIA_NUMBER_LANDLINE',
      });
      expect(gateway.requests.length).to.equal(before);
    });
  });

  describeTransportFailures(
    'ZENVIA',
    (baseUrl, client, timeoutMs) =>
      new ZenviaAdapter(
        config(baseUrl, { timeoutMs }),
        { token: 't' },
        { http: client, foldAccents: false },
      ),
  );
});
