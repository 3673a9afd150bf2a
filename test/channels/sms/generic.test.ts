import { expect } from 'chai';
import { GenericAdapter, type GenericConfig } from '../../../src/channels/sms/adapters/generic.js';
import { MOBILE } from './support/fake-gateway.js';
import { describeTransportFailures, useFakeGateway } from './support/transport.js';

const base = (urlTemplate: string, extra: Partial<GenericConfig> = {}): GenericConfig => ({
  method: 'GET',
  urlTemplate,
  bodyType: 'none',
  headers: {},
  numberFormat: 'e164_no_plus',
  charset: 'utf-8',
  user: 'isp',
  sender: 'NET',
  basicAuth: false,
  success: {},
  providerId: {},
  refusedKind: 'permanent',
  timeoutMs: 2000,
  ...extra,
});

describe('GenericAdapter', () => {
  const { gateway, http } = useFakeGateway();
  const secrets = { password: 'p&ss word', token: 'tk-1' };
  const adapter = (config: GenericConfig) =>
    new GenericAdapter(config, secrets, { http: http(), foldAccents: false });
  const message = { id: '15', to: MOBILE, text: 'Olá & até "já"\nLinha 2' };

  beforeEach(() => {
    gateway.answer(() => ({ body: 'OK' }));
  });

  describe('send', () => {
    it('fills a GET URL template with each value percent-encoded', async () => {
      const template = `${gateway.url}/send?u={user}&p={password}&to={to}&msg={message}&ref={id}&from={sender}`;

      const result = await adapter(base(template, { numberFormat: 'e164_plus' })).send(message);

      expect(result).to.deep.equal({ status: 'accepted' });
      expect(gateway.last.method).to.equal('GET');
      expect(Object.fromEntries(gateway.last.query)).to.deep.equal({
        u: 'isp',
        p: 'p&ss word',
        to: '+5511987654321',
        msg: message.text,
        ref: '15',
        from: 'NET',
      });
      expect(gateway.last.rawQuery).to.contain('to=%2B5511987654321');
      expect(gateway.last.rawQuery).to.contain('msg=Ol%C3%A1%20%26%20at%C3%A9');
    });

    it('posts a form body with values form-encoded and its content type', async () => {
      const config = base(`${gateway.url}/api`, {
        method: 'POST',
        bodyType: 'form',
        bodyTemplate: 'destino={to}&texto={message}&chave={token}',
        numberFormat: 'national',
      });

      await adapter(config).send(message);

      expect(gateway.last.headers['content-type']).to.equal(
        'application/x-www-form-urlencoded; charset=utf-8',
      );
      const form = new URLSearchParams(gateway.last.body.toString('utf8'));
      expect(Object.fromEntries(form)).to.deep.equal({
        destino: '11987654321',
        texto: message.text,
        chave: 'tk-1',
      });
    });

    it('posts a JSON body with values JSON-escaped and headers from templates', async () => {
      const config = base(`${gateway.url}/v1/sms`, {
        method: 'POST',
        bodyType: 'json',
        bodyTemplate: '{"numero":"{to}","mensagem":"{message}","ref":"{id}"}',
        headers: { Authorization: 'Bearer {token}', 'X-Client': '{user}' },
      });

      await adapter(config).send(message);

      expect(gateway.last.headers.authorization).to.equal('Bearer tk-1');
      expect(gateway.last.headers['x-client']).to.equal('isp');
      expect(gateway.last.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(JSON.parse(gateway.last.body.toString('utf8'))).to.deep.equal({
        numero: '5511987654321',
        mensagem: message.text,
        ref: '15',
      });
    });

    it('does not expand a placeholder that arrives inside a value', async () => {
      await adapter(base(`${gateway.url}/s?msg={message}&to={to}`)).send({
        ...message,
        text: 'use {to}',
      });

      expect(gateway.last.query.get('msg')).to.equal('use {to}');
    });

    it('encodes URL, form and JSON bodies in ISO-8859-1 when configured', async () => {
      const text = 'Atenção';
      await adapter(base(`${gateway.url}/s?msg={message}`, { charset: 'iso-8859-1' })).send({
        ...message,
        text,
      });
      const url = gateway.last.rawQuery;
      await adapter(
        base(`${gateway.url}/s`, {
          method: 'POST',
          bodyType: 'json',
          bodyTemplate: '{"m":"{message}"}',
          charset: 'iso-8859-1',
        }),
      ).send({ ...message, text });
      const json = gateway.last.body;

      expect(url).to.equal('msg=Aten%E7%E3o');
      expect(json.equals(Buffer.from('{"m":"Atenção"}', 'latin1'))).to.equal(true);
      expect(gateway.last.headers['content-type']).to.equal('application/json; charset=iso-8859-1');
    });

    it('sends Basic authentication from user and password', async () => {
      await adapter(base(`${gateway.url}/s?to={to}`, { basicAuth: true })).send(message);

      const expected = `Basic ${Buffer.from('isp:p&ss word').toString('base64')}`;
      expect(gateway.last.headers.authorization).to.equal(expected);
    });

    it('judges success by a substring of the body', async () => {
      const config = base(`${gateway.url}/s?to={to}`, { success: { bodyContains: 'enviado' } });
      gateway.answer(() => ({ body: 'status: enviado' }));
      const sent = await adapter(config).send(message);
      gateway.answer(() => ({ body: 'status: saldo insuficiente' }));
      const refused = await adapter(config).send(message);

      expect(sent).to.deep.equal({ status: 'accepted' });
      expect(refused).to.include({ status: 'failed', kind: 'permanent', code: 'GENERIC_REFUSED' });
    });

    it('judges success by a regular expression and takes the id from its group', async () => {
      const config = base(`${gateway.url}/s?to={to}`, {
        success: { bodyRegex: '^(5|6);' },
        providerId: { regex: '^\\d;[^;]*;(\\w+)' },
      });
      gateway.answer(() => ({ body: '6;Mensagem agendada;ab12cd' }));
      const sent = await adapter(config).send(message);
      gateway.answer(() => ({ body: '1;Login invalido' }));
      const refused = await adapter({ ...config, refusedKind: 'transient' }).send(message);

      expect(sent).to.deep.equal({ status: 'accepted', providerId: 'ab12cd' });
      expect(refused).to.include({ kind: 'transient', code: 'GENERIC_REFUSED' });
    });

    it('judges success by a JSON path and takes the id from another', async () => {
      const config = base(`${gateway.url}/s?to={to}`, {
        success: { jsonPath: '$.result[0].code', jsonEquals: '0' },
        providerId: { jsonPath: 'result.0.messageId' },
      });
      gateway.answer(() => ({ body: { result: [{ code: 0, messageId: 'm-991' }] } }));
      const sent = await adapter(config).send(message);
      gateway.answer(() => ({ body: { result: [{ code: 13, error: 'invalid number' }] } }));
      const refused = await adapter(config).send(message);

      expect(sent).to.deep.equal({ status: 'accepted', providerId: 'm-991' });
      expect(refused).to.include({ kind: 'permanent', code: 'GENERIC_REFUSED' });
    });

    it('classifies HTTP statuses by the general rule', async () => {
      const config = base(`${gateway.url}/s?to={to}`);
      gateway.answer(() => ({ status: 400, body: 'bad' }));
      const bad = await adapter(config).send(message);
      gateway.answer(() => ({ status: 503, body: 'busy' }));
      const busy = await adapter(config).send(message);
      gateway.answer(() => ({ status: 429, headers: { 'retry-after': '3' } }));
      const limited = await adapter(config).send(message);
      gateway.answer(() => ({ status: 302, headers: { location: 'http://example.com/' } }));
      const moved = await adapter(config).send(message);

      expect(bad).to.include({ kind: 'permanent', code: 'GENERIC_400' });
      expect(busy).to.include({ kind: 'transient', code: 'GENERIC_503' });
      expect(limited).to.include({ kind: 'transient', code: 'GENERIC_429', retryAfterMs: 3000 });
      expect(moved).to.include({ kind: 'permanent', code: 'GENERIC_302' });
    });

    it('refuses a header value with a line break without sending', async () => {
      const before = gateway.requests.length;
      const config = base(`${gateway.url}/s`, { headers: { 'X-Key': '{token}' } });
      const broken = new GenericAdapter(
        config,
        { token: 'a\r\nX-Evil: 1' },
        { http: http(), foldAccents: false },
      );

      const result = await broken.send(message);

      expect(result).to.include({ kind: 'permanent', code: 'GENERIC_INVALID_REQUEST' });
      expect(gateway.requests.length).to.equal(before);
    });
  });

  describeTransportFailures(
    'GENERIC',
    (baseUrl, client, timeoutMs) =>
      new GenericAdapter(
        base(`${baseUrl}/send?to={to}&msg={message}`, { timeoutMs }),
        {},
        { http: client, foldAccents: false },
      ),
  );
});
