import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake gateway received it. */
export interface Captured {
  readonly method: string;
  /** Path and query exactly as sent, percent-encoding untouched. */
  readonly url: string;
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly rawQuery: string;
  /** The query decoded as UTF-8 form data. */
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The client's port: equal across requests when a connection was reused. */
  readonly remotePort: number | undefined;
}

/** How the fake answers: a response, after an optional delay, or a dropped connection. */
export type Reply =
  | {
      readonly status?: number;
      readonly headers?: Readonly<Record<string, string>>;
      /** An object is sent as JSON. */
      readonly body?: string | Buffer | object;
      readonly delayMs?: number;
    }
  | 'drop';

export type Responder = (request: Captured) => Reply | Promise<Reply>;

/**
 * A gateway on 127.0.0.1 and a free port that records every request and answers from a
 * script: tests check the request as the provider documents it and script each answer.
 */
export class FakeGateway {
  readonly requests: Captured[] = [];
  #responder: Responder;
  readonly #server: Server;
  readonly #timers = new Set<NodeJS.Timeout>();

  /** A gateway that does not listen yet: `listen` or `start` opens its port. */
  constructor(responder: Responder = () => ({ body: 'OK' })) {
    this.#responder = responder;
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = req.url ?? '/';
        const [path = '/', rawQuery = ''] = url.split(/\?(.*)/s);
        const captured: Captured = {
          method: req.method ?? '',
          url,
          path,
          rawQuery,
          query: new URLSearchParams(rawQuery),
          headers: req.headers,
          body: Buffer.concat(chunks),
          remotePort: req.socket.remotePort,
        };
        this.requests.push(captured);
        void Promise.resolve(this.#responder(captured)).then((reply) => {
          if (reply === 'drop') return req.socket.destroy();
          const send = () => {
            const body = reply.body;
            const isObject =
              body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body);
            const headers = {
              ...(isObject ? { 'content-type': 'application/json' } : {}),
              ...reply.headers,
            };
            res.writeHead(reply.status ?? 200, headers);
            res.end(isObject ? JSON.stringify(body) : body);
          };
          if (!reply.delayMs) return send();
          const timer = setTimeout(() => {
            this.#timers.delete(timer);
            if (!res.destroyed) send();
          }, reply.delayMs);
          this.#timers.add(timer);
        });
      });
    });
  }

  static async start(responder?: Responder): Promise<FakeGateway> {
    return new FakeGateway(responder).listen();
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    const address = this.#server.address() as AddressInfo | null;
    if (!address) throw new Error('the fake gateway is not listening');
    return address.port;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get last(): Captured {
    const last = this.requests.at(-1);
    if (!last) throw new Error('the fake gateway received nothing');
    return last;
  }

  /** Answers the next requests from another script. */
  answer(responder: Responder): void {
    this.#responder = responder;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A port on 127.0.0.1 where nothing listens: connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A valid Brazilian mobile in E.164 digits, as the composer hands it over. */
export const MOBILE = '5511987654321';
