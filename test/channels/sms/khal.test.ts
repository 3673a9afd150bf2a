import { expect } from 'chai';
import { KhalAdapter, type KhalConfig } from '../../../src/channels/sms/adapters/khal.js';
import { MOBILE } from './support/fake-gateway.js';
import { describeTransportFailures, useFakeGateway } from './support/transport.js';

const config = (baseUrl: string, extra: Partial<KhalConfig> = {}): KhalConfig => ({
  baseUrl,
  path: '/app/modulo/api/index.php',
  user: '11999990000',
  method: 'GET',
  charset: 'utf-8',
  timeoutMs: 2000,
  ...extra,
});

describe('KhalAdapter', () => {
  const { gateway, http } = useFakeGateway();
  const adapter = (extra: Partial<KhalConfig> = {}) =>
    new KhalAdapter(
      config(gateway.url, extra),
      { password: 's3nh@' },
      { http: http(), foldAccents: false },
    );
  const message = { id: '5', to: MOBILE, text: 'Sua fatura venceu' };

  describe('send', () => {
    it('calls action=sendsms with login, password, text and the national number', async () => {
      gateway.answer(() => ({ body: { status: 1, data: 98765, msg: 'SUCESSO' } }));

      const result = await adapter().send(message);

      expect(result).to.deep.equal({ status: 'accepted', providerId: '98765' });
      expect(gateway.last.method).to.equal('GET');
      expect(gateway.last.path).to.equal('/app/modulo/api/index.php');
      expect(Object.fromEntries(gateway.last.query)).to.deep.equal({
        action: 'sendsms',
        lgn: '11999990000',
        pwd: 's3nh@',
        msg: 'Sua fatura venceu',
        numbers: '11987654321',
      });
    });

    it('sends accents as UTF-8 by default and as ISO-8859-1 when configured', async () => {
      gateway.answer(() => ({ body: { status: '1', data: '1' } }));

      await adapter().send({ ...message, text: 'Atenção' });
      const utf8 = gateway.last.rawQuery;
      await adapter({ charset: 'iso-8859-1' }).send({ ...message, text: 'Atenção' });
      const latin1 = gateway.last.rawQuery;

      expect(utf8).to.contain('msg=Aten%C3%A7%C3%A3o');
      expect(latin1).to.contain('msg=Aten%E7%E3o');
    });

    it('fails permanently on status 0 with the gateway message', async () => {
      gateway.answer(() => ({ body: { status: 0, data: null, msg: 'FALHA AO REALIZAR LOGIN' } }));

      const result = await adapter().send(message);

      expect(result).to.include({ status: 'failed', kind: 'permanent', code: 'KHAL_STATUS_0' });
      expect(result.status === 'failed' && result.reason).to.equal('FALHA AO REALIZAR LOGIN');
    });

    it('fails permanently on the plain 0:OPERACAO INVALIDA', async () => {
      gateway.answer(() => ({ body: '0:OPERACAO INVALIDA' }));

      const result = await adapter().send(message);

      expect(result).to.include({
        status: 'failed',
        kind: 'permanent',
        code: 'KHAL_INVALID_OPERATION',
      });
    });

    it('answers unknown for a 200 it cannot read, transient for a 5xx and 429', async () => {
      gateway.answer(() => ({ body: 'Warning: mysql_connect()' }));
      const unreadable = await adapter().send(message);
      gateway.answer(() => ({ status: 502, body: 'Bad gateway' }));
      const down = await adapter().send(message);
      gateway.answer(() => ({ status: 429, headers: { 'retry-after': '30' } }));
      const limited = await adapter().send(message);

      expect(unreadable).to.include({ kind: 'unknown', code: 'KHAL_UNREADABLE' });
      expect(down).to.include({ kind: 'transient', code: 'KHAL_502' });
      expect(limited).to.include({ kind: 'transient', code: 'KHAL_429', retryAfterMs: 30_000 });
    });

    it('posts a form when configured', async () => {
      gateway.answer(() => ({ body: { status: 1, data: 3 } }));

      await adapter({ method: 'POST' }).send(message);

      expect(gateway.last.method).to.equal('POST');
      expect(new URLSearchParams(gateway.last.body.toString()).get('numbers')).to.equal(
        '11987654321',
      );
    });
  });

  describe('balance', () => {
    it('reads data of action=getbalance', async () => {
      gateway.answer(() => ({ body: { status: 1, data: '1500', msg: null } }));

      expect(await adapter().balance()).to.deep.equal({ status: 'ok', balance: '1500' });
      expect(gateway.last.query.get('action')).to.equal('getbalance');
    });
  });

  describeTransportFailures(
    'KHAL',
    (baseUrl, client, timeoutMs) =>
      new KhalAdapter(
        config(baseUrl, { timeoutMs }),
        { password: 'p' },
        { http: client, foldAccents: false },
      ),
  );
});
