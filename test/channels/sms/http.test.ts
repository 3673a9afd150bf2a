import { expect } from 'chai';
import { HttpClient } from '../../../src/channels/sms/http.js';
import { FakeGateway, refusedPort } from './support/fake-gateway.js';

describe('HttpClient', () => {
  let gateway: FakeGateway;
  let http: HttpClient;

  before(async () => {
    gateway = await FakeGateway.start();
  });
  beforeEach(() => {
    http = new HttpClient({ maxBodyBytes: 1024, connectTimeoutMs: 500 });
    gateway.answer(() => ({ body: 'OK' }));
  });
  afterEach(() => http.close());
  after(() => gateway.close());

  describe('send', () => {
    it('reuses its keep-alive connections for requests to the same origin', async () => {
      const pooled = new HttpClient({ connectionsPerOrigin: 1 });
      const before = gateway.requests.length;

      for (const path of ['/a', '/b', '/c'])
        await pooled.send({ url: `${gateway.url}${path}`, method: 'GET' });
      await pooled.close();

      const ports = new Set(gateway.requests.slice(before).map((request) => request.remotePort));
      expect(ports.size).to.equal(1);
    });

    it('answers a redirect as it came, without following it', async () => {
      gateway.answer((request) =>
        request.path === '/moved'
          ? { status: 302, headers: { location: '/elsewhere' } }
          : { body: 'followed' },
      );
      const before = gateway.requests.length;

      const outcome = await http.send({ url: `${gateway.url}/moved`, method: 'GET' });

      expect(outcome).to.include({ kind: 'response', status: 302 });
      expect(gateway.requests.length).to.equal(before + 1);
    });

    it('drops an answer larger than the bound, declared or streamed', async () => {
      gateway.answer(() => ({ body: 'x'.repeat(4096) }));
      const declared = await http.send({ url: `${gateway.url}/big`, method: 'GET' });
      gateway.answer(() => ({
        headers: { 'transfer-encoding': 'chunked' },
        body: 'y'.repeat(4096),
      }));
      const streamed = await http.send({ url: `${gateway.url}/big`, method: 'GET' });

      expect(declared).to.include({ kind: 'failure', failure: 'too_large' });
      expect(streamed).to.include({ kind: 'failure', failure: 'too_large' });
    });

    it('reads status, lowercase headers and body', async () => {
      gateway.answer(() => ({ status: 201, headers: { 'X-Id': '9' }, body: 'criado' }));

      const outcome = await http.send({ url: `${gateway.url}/`, method: 'POST', body: 'a=1' });

      expect(outcome.kind === 'response' && outcome.headers['x-id']).to.equal('9');
      expect(outcome.kind === 'response' && outcome.body.toString()).to.equal('criado');
      expect(gateway.last.body.toString()).to.equal('a=1');
    });

    it('refuses schemes other than http and https, and credentials in the URL', async () => {
      const file = await http.send({ url: 'file:///etc/passwd', method: 'GET' });
      const credentials = await http.send({
        url: `http://u:p@127.0.0.1:${gateway.port}/`,
        method: 'GET',
      });
      const garbage = await http.send({ url: 'not a url', method: 'GET' });

      for (const outcome of [file, credentials, garbage]) {
        expect(outcome).to.include({ kind: 'failure', failure: 'invalid_request' });
      }
    });

    it('tells a refused connection (nothing sent) from a timeout and a reset (maybe sent)', async () => {
      const port = await refusedPort();
      const refused = await http.send({ url: `http://127.0.0.1:${port}/`, method: 'GET' });
      gateway.answer(() => ({ body: 'late', delayMs: 1000 }));
      const slow = await http.send({ url: `${gateway.url}/`, method: 'GET', timeoutMs: 100 });
      gateway.answer(() => 'drop');
      const dropped = await http.send({ url: `${gateway.url}/`, method: 'POST', body: 'x' });

      expect(refused).to.include({ kind: 'failure', failure: 'connect', code: 'ECONNREFUSED' });
      expect(slow).to.include({
        kind: 'failure',
        failure: 'timeout',
        code: 'UND_ERR_HEADERS_TIMEOUT',
      });
      expect(dropped).to.include({ kind: 'failure', failure: 'reset' });
    });

    it('refuses to send once closed', async () => {
      await http.close();

      const outcome = await http.send({ url: `${gateway.url}/`, method: 'GET' });

      expect(outcome).to.include({
        kind: 'failure',
        failure: 'invalid_request',
        code: 'CLIENT_CLOSED',
      });
    });
  });
});
