import { Pool, type Dispatcher } from 'undici';

/** Methods the gateways use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** One request to a gateway. */
export interface HttpRequest {
  /** Absolute `http:` or `https:` URL; plain http and raw IPs are allowed (LAN gateways). */
  readonly url: string;
  readonly method: HttpMethod;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Wait for the answer's headers, and between body chunks, in ms. Default the client's. */
  readonly timeoutMs?: number;
}

/**
 * How a request went wrong before an answer could be read:
 * - `invalid_request`: it could not be built (bad URL, bad header); nothing went out;
 * - `connect`: no connection was made (refused, DNS, connect timeout); nothing went out;
 * - `timeout`: connected and written, no answer in time; the gateway may have sent it;
 * - `reset`: the connection broke after the request was written; same doubt;
 * - `too_large`: the answer passed the size bound and was dropped unread.
 */
export type TransportFailure = 'invalid_request' | 'connect' | 'timeout' | 'reset' | 'too_large';

/** What came back: an answer (any status), or a transport failure. */
export type HttpOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** Lowercase names; repeated headers joined with `, `. */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: Buffer;
    }
  | {
      readonly kind: 'failure';
      readonly failure: TransportFailure;
      /** The error code seen, e.g. `ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`. */
      readonly code: string;
      readonly detail: string;
    };

/** Tunables of the client; every one has a default. */
export interface HttpClientOptions {
  /** Time to open a connection (TCP and TLS), in ms. Default 5 000. */
  readonly connectTimeoutMs?: number;
  /** Default headers and body timeout, in ms. Default 15 000. */
  readonly timeoutMs?: number;
  /** Largest answer body read, in bytes; a larger one is a `too_large` failure. Default 64 KiB. */
  readonly maxBodyBytes?: number;
  /** Connections kept per origin. Default 32. */
  readonly connectionsPerOrigin?: number;
  /** How long an idle connection is kept open, in ms. Default 10 000. */
  readonly keepAliveMs?: number;
}

/** Error codes of a connection that never opened: nothing was written. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const INVALID_CODES = new Set(['UND_ERR_INVALID_ARG', 'ERR_INVALID_URL', 'ERR_INVALID_CHAR']);

/**
 * The gateways' HTTP client: undici `request` on one keep-alive `Pool` per origin, reused
 * across sends. Redirects are never followed (undici's `request` follows none unless told
 * to), answer bodies are bounded, and every error is turned into an outcome, never thrown.
 */
export class HttpClient {
  readonly #pools = new Map<string, Pool>();
  readonly #connectTimeoutMs: number;
  readonly #timeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #connections: number;
  readonly #keepAliveMs: number;
  #closed = false;

  constructor(options: HttpClientOptions = {}) {
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
    this.#connections = options.connectionsPerOrigin ?? 32;
    this.#keepAliveMs = options.keepAliveMs ?? 10_000;
  }

  async send(request: HttpRequest): Promise<HttpOutcome> {
    let target: URL;
    try {
      target = new URL(request.url);
    } catch {
      return failure('invalid_request', 'ERR_INVALID_URL', 'not an absolute URL');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      return failure('invalid_request', 'ERR_INVALID_URL', `scheme ${target.protocol} refused`);
    }
    if (target.username || target.password) {
      return failure('invalid_request', 'ERR_INVALID_URL', 'credentials in the URL are refused');
    }
    if (this.#closed) return failure('invalid_request', 'CLIENT_CLOSED', 'the client is closed');

    const timeout = request.timeoutMs ?? this.#timeoutMs;
    try {
      const response = await this.#pool(target.origin).request({
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      return await this.#read(response);
    } catch (error) {
      return classify(error);
    }
  }

  /** Closes every pooled connection; later sends fail with `invalid_request`. */
  async close(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  #pool(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.#connections,
        keepAliveTimeout: this.#keepAliveMs,
        connect: { timeout: this.#connectTimeoutMs },
      });
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  async #read(response: Dispatcher.ResponseData): Promise<HttpOutcome> {
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.#maxBodyBytes) {
      response.body.destroy();
      return failure('too_large', 'BODY_TOO_LARGE', `answer of ${declared} bytes`);
    }
    if (Number.isFinite(declared)) {
      // The framing bounds the body to the declared length, already checked against the limit.
      const body = Buffer.from(await response.body.arrayBuffer());
      return {
        kind: 'response',
        status: response.statusCode,
        headers: flatHeaders(response.headers),
        body,
      };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > this.#maxBodyBytes) {
        response.body.destroy();
        return failure('too_large', 'BODY_TOO_LARGE', `answer over ${this.#maxBodyBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return {
      kind: 'response',
      status: response.statusCode,
      headers: flatHeaders(response.headers),
      body: Buffer.concat(chunks),
    };
  }
}

function failure(kind: TransportFailure, code: string, detail: string): HttpOutcome {
  return { kind: 'failure', failure: kind, code, detail };
}

function flatHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined)
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * Connect-phase errors are safe to retry; anything after the connection opened (timeouts,
 * resets, a closed socket) may have reached the gateway. A pooled connection the server
 * closed while idle can also end as a reset: counted as unknown, the safe side.
 */
function classify(error: unknown): HttpOutcome {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (CONNECT_CODES.has(code)) return failure('connect', code, detail);
  if (TIMEOUT_CODES.has(code)) return failure('timeout', code, detail);
  if (INVALID_CODES.has(code)) return failure('invalid_request', code, detail);
  return failure('reset', code || 'UNKNOWN', detail);
}

function errorCode(error: unknown): string {
  if (!error || typeof error !== 'object') return '';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  const inner = (error as { errors?: unknown[] }).errors?.[0];
  return inner ? errorCode(inner) : '';
}
