import { expect } from 'chai';
import type { SmsAdapter } from '../../../../src/channels/sms/adapter.js';
import { HttpClient, type HttpClientOptions } from '../../../../src/channels/sms/http.js';
import { FakeGateway, MOBILE, refusedPort } from './fake-gateway.js';

/** Builds an adapter that talks to `baseUrl` with an answer timeout of `timeoutMs`. */
export type AdapterFactory = (baseUrl: string, http: HttpClient, timeoutMs: number) => SmsAdapter;

/** What an adapter suite talks through. */
export interface GatewaySuite {
  /** One gateway for the suite: it listens from the suite's `before` to its `after` hook. */
  readonly gateway: FakeGateway;
  /** The running test's client: a fresh one per test, so no pooled connection outlives it. */
  http(): HttpClient;
}

/**
 * Declares, inside a `describe`, the hooks that start and stop the suite's fake gateway and
 * each test's HTTP client, built with `options`.
 */
export function useFakeGateway(options: HttpClientOptions = {}): GatewaySuite {
  const gateway = new FakeGateway();
  let client: HttpClient | undefined;

  before(() => gateway.listen());
  beforeEach(() => {
    client = new HttpClient(options);
  });
  afterEach(() => client?.close());
  after(() => gateway.close());

  const http = () => {
    if (!client) throw new Error('the HTTP client exists only while a test runs');
    return client;
  };
  return { gateway, http };
}

/**
 * The transport cases every adapter shares: an answer slower than the timeout and a
 * connection dropped after the request was read may have sent the message (unknown); a
 * refused connection sent nothing (transient).
 */
export function describeTransportFailures(prefix: string, build: AdapterFactory): void {
  describe('transport failures', () => {
    const { gateway, http } = useFakeGateway({ connectTimeoutMs: 500 });
    const message = { id: '7', to: MOBILE, text: 'Olá' };

    it('answers unknown when the answer comes after the timeout', async () => {
      gateway.answer(() => ({ body: 'late', delayMs: 1000 }));

      const result = await build(gateway.url, http(), 150).send(message);

      expect(result).to.include({ status: 'failed', kind: 'unknown', code: `${prefix}_TIMEOUT` });
    });

    it('answers unknown when the connection drops after the request was read', async () => {
      gateway.answer(() => 'drop');

      const result = await build(gateway.url, http(), 2000).send(message);

      expect(result).to.include({ status: 'failed', kind: 'unknown', code: `${prefix}_RESET` });
    });

    it('answers transient when the connection is refused', async () => {
      const port = await refusedPort();

      const result = await build(`http://127.0.0.1:${port}`, http(), 2000).send(message);

      expect(result).to.include({ status: 'failed', kind: 'transient', code: `${prefix}_CONNECT` });
    });
  });
}
