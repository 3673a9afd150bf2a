import { expect } from 'chai';
import type { SmsAdapter } from '../../../../src/channels/sms/adapter.js';
import { HttpClient } from '../../../../src/channels/sms/http.js';
import { FakeGateway, MOBILE, refusedPort } from './fake-gateway.js';

/** Builds an adapter that talks to `baseUrl` with an answer timeout of `timeoutMs`. */
export type AdapterFactory = (baseUrl: string, http: HttpClient, timeoutMs: number) => SmsAdapter;

/**
 * The transport cases every adapter shares: an answer slower than the timeout and a
 * connection dropped after the request was read may have sent the message (unknown); a
 * refused connection sent nothing (transient).
 */
export function describeTransportFailures(prefix: string, build: AdapterFactory): void {
  describe('transport failures', () => {
    let gateway: FakeGateway;
    let http: HttpClient;
    const message = { id: '7', to: MOBILE, text: 'Olá' };

    before(async () => {
      gateway = await FakeGateway.start();
    });
    beforeEach(() => {
      http = new HttpClient({ connectTimeoutMs: 500 });
    });
    afterEach(() => http.close());
    after(() => gateway.close());

    it('answers unknown when the answer comes after the timeout', async () => {
      gateway.answer(() => ({ body: 'late', delayMs: 1000 }));

      const result = await build(gateway.url, http, 150).send(message);

      expect(result).to.include({ status: 'failed', kind: 'unknown', code: `${prefix}_TIMEOUT` });
    });

    it('answers unknown when the connection drops after the request was read', async () => {
      gateway.answer(() => 'drop');

      const result = await build(gateway.url, http, 2000).send(message);

      expect(result).to.include({ status: 'failed', kind: 'unknown', code: `${prefix}_RESET` });
    });

    it('answers transient when the connection is refused', async () => {
      const port = await refusedPort();

      const result = await build(`http://127.0.0.1:${port}`, http, 2000).send(message);

      expect(result).to.include({ status: 'failed', kind: 'transient', code: `${prefix}_CONNECT` });
    });
  });
}
