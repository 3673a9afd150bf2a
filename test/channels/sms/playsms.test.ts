import { expect } from 'chai';
import { PlaySmsAdapter, type PlaySmsConfig } from '../../../src/channels/sms/adapters/playsms.js';
import { MOBILE, type Reply } from './support/fake-gateway.js';
import { describeTransportFailures, useFakeGateway } from './support/transport.js';

const config = (baseUrl: string, extra: Partial<PlaySmsConfig> = {}): PlaySmsConfig => ({
  baseUrl: `${baseUrl}/playsms/`,
  path: '/index.php',
  user: 'provedor',
  method: 'GET',
  protocol: 'ws',
  unicode: 'auto',
  numberFormat: 'e164_no_plus',
  timeoutMs: 2000,
  ...extra,
});

const ok = (id: string): Reply => ({
  body: {
    data: [{ status: 'OK', error: '0', smslog_id: id, queue: 'f00d', to: MOBILE }],
    error_string: null,
  },
});

describe('PlaySmsAdapter', () => {
  const { gateway, http } = useFakeGateway();
  const adapter = (extra: Partial<PlaySmsConfig> = {}, prefix?: string) =>
    new PlaySmsAdapter(
      config(gateway.url, extra),
      { token: 'h0k3n' },
      { http: http(), foldAccents: false },
      prefix,
    );
  const message = { id: '9', to: MOBILE, text: 'Olá, sua conexão' };

  describe('send', () => {
    it('calls op=pv by GET with user, token, number, text and format=json', async () => {
      gateway.answer(() => ok('30'));

      const result = await adapter().send(message);

      expect(result).to.deep.equal({ status: 'accepted', providerId: '30' });
      const request = gateway.last;
      expect(request.method).to.equal('GET');
      expect(request.path).to.equal('/playsms/index.php');
      expect(Object.fromEntries(request.query)).to.deep.equal({
        app: 'ws',
        op: 'pv',
        u: 'provedor',
        h: 'h0k3n',
        to: '5511987654321',
        msg: 'Olá, sua conexão',
        unicode: '1',
        format: 'json',
      });
      expect(request.rawQuery).to.contain('msg=Ol%C3%A1%2C%20sua%20conex%C3%A3o');
    });

    it('writes a + in the number as %2B', async () => {
      gateway.answer(() => ok('31'));

      await adapter({ numberFormat: 'e164_plus' }).send(message);

      expect(gateway.last.rawQuery).to.contain('to=%2B5511987654321');
    });

    it('posts a form with the operation kept in the query', async () => {
      gateway.answer(() => ok('32'));

      await adapter({ method: 'POST', sender: 'NET' }).send({ ...message, text: 'Pague 1+1' });

      const request = gateway.last;
      expect(request.method).to.equal('POST');
      expect(request.rawQuery).to.equal('app=ws&op=pv');
      expect(request.headers['content-type']).to.contain('application/x-www-form-urlencoded');
      const form = new URLSearchParams(request.body.toString('utf8'));
      expect(form.get('msg')).to.equal('Pague 1+1');
      expect(form.get('from')).to.equal('NET');
      expect(request.body.toString('utf8')).to.contain('msg=Pague+1%2B1');
    });

    it('speaks the 0.9.9 protocol with app=webservices and ta=pv', async () => {
      gateway.answer(() => ({ body: { status: 'OK', error: '0', smslog_id: '77', queue: 'ab' } }));

      const result = await adapter({ protocol: 'webservices' }).send(message);

      expect(result).to.deep.equal({ status: 'accepted', providerId: '77' });
      expect(gateway.last.query.get('app')).to.equal('webservices');
      expect(gateway.last.query.get('ta')).to.equal('pv');
    });

    for (const [body, id] of [
      ['OK 30,9f8e7d', '30'],
      ['OK 5511987654321,31,9f8e7d\n', '31'],
      ['OK 32', '32'],
    ] as const) {
      it(`reads the plain answer ${JSON.stringify(body)}`, async () => {
        gateway.answer(() => ({ body }));

        expect(await adapter().send(message)).to.deep.equal({ status: 'accepted', providerId: id });
      });
    }

    for (const [error, kind] of [
      ['100', 'permanent'],
      ['101', 'permanent'],
      ['102', 'permanent'],
      ['103', 'permanent'],
      ['104', 'permanent'],
      ['105', 'permanent'],
      ['106', 'permanent'],
      ['200', 'transient'],
      ['201', 'permanent'],
    ] as const) {
      it(`classifies ERR ${error} inside HTTP 200 as ${kind}, in JSON and in plain text`, async () => {
        gateway.answer(() => ({ body: { status: 'ERR', error, error_string: 'x' } }));
        const json = await adapter().send(message);
        gateway.answer(() => ({ body: `ERR ${error}` }));
        const plain = await adapter().send(message);

        for (const result of [json, plain]) {
          expect(result).to.include({ status: 'failed', kind, code: `PLAYSMS_ERR_${error}` });
        }
      });
    }

    it('reads a failure listed for the recipient inside data[]', async () => {
      gateway.answer(() => ({ body: { data: [{ status: 'ERR', error: '103', to: MOBILE }] } }));

      const result = await adapter().send(message);

      expect(result).to.include({ status: 'failed', kind: 'permanent', code: 'PLAYSMS_ERR_103' });
    });

    it('answers unknown for a 200 it cannot read', async () => {
      gateway.answer(() => ({ body: '<html>Service</html>' }));

      const result = await adapter().send(message);

      expect(result).to.include({ status: 'failed', kind: 'unknown', code: 'PLAYSMS_UNREADABLE' });
    });

    it('fails transiently on a 503 from a proxy, and on 429 with Retry-After', async () => {
      gateway.answer(() => ({ status: 503, body: 'busy' }));
      const busy = await adapter().send(message);
      gateway.answer(() => ({ status: 429, headers: { 'retry-after': '5' }, body: 'slow down' }));
      const limited = await adapter().send(message);

      expect(busy).to.include({ kind: 'transient', code: 'PLAYSMS_503' });
      expect(limited).to.include({ kind: 'transient', code: 'PLAYSMS_429', retryAfterMs: 5000 });
    });

    it('starts its codes with the prefix it was given (Khal PlaySMS)', async () => {
      gateway.answer(() => ({ body: 'ERR 100' }));

      const result = await adapter({}, 'KHALPLAYSMS').send(message);

      expect(result).to.include({ code: 'KHALPLAYSMS_ERR_100' });
    });
  });

  describe('deliveryStatus', () => {
    for (const [status, expected] of [
      ['3', 'delivered'],
      ['2', 'not_delivered'],
      ['1', 'pending'],
      ['0', 'pending'],
    ] as const) {
      it(`reads p_status ${status} as ${expected}`, async () => {
        gateway.answer(() => ({ body: { data: [{ smslog_id: '30', dst: MOBILE, status }] } }));

        const answer = await adapter().deliveryStatus('30');

        expect(answer.status).to.equal(expected);
        expect(Object.fromEntries(gateway.last.query)).to.include({
          op: 'ds',
          smslog_id: '30',
          h: 'h0k3n',
        });
      });
    }

    it('reads ERR 400 to 402 as no final word yet, and ERR 100 as an error', async () => {
      gateway.answer(() => ({ body: { status: 'ERR', error: '401' } }));
      const queued = await adapter().deliveryStatus('30');
      gateway.answer(() => ({ body: { status: 'ERR', error: '100' } }));
      const refused = await adapter().deliveryStatus('30');

      expect(queued.status).to.equal('pending');
      expect(refused).to.include({ status: 'error', code: 'PLAYSMS_ERR_100' });
    });
  });

  describe('balance', () => {
    it('reads the credit of op=cr', async () => {
      gateway.answer(() => ({ body: { status: 'OK', error: '0', credit: '152.5' } }));

      const balance = await adapter().balance();

      expect(balance).to.deep.equal({ status: 'ok', balance: '152.5' });
      expect(gateway.last.query.get('op')).to.equal('cr');
    });
  });

  describeTransportFailures(
    'PLAYSMS',
    (baseUrl, client, timeoutMs) =>
      new PlaySmsAdapter(
        config(baseUrl, { timeoutMs }),
        { token: 't' },
        { http: client, foldAccents: false },
      ),
  );
});
