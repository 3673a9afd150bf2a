import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { SmtpAccountConfig } from '../../../src/channels/email/config.js';
import { PLUGIN_ROOT } from '../../../src/index.js';

const TLS_DIR = join(PLUGIN_ROOT, 'test', 'fixtures', 'tls');
/** Self-signed certificate for `localhost` (CA:TRUE, so it can be trusted as its own CA). */
export const FIXTURE_CERT = readFileSync(join(TLS_DIR, 'localhost.crt'), 'utf8');
export const FIXTURE_KEY = readFileSync(join(TLS_DIR, 'localhost.key'), 'utf8');

/** How the test server behaves; by default plain SMTP offering STARTTLS, without AUTH. */
export interface TestServerOptions {
  /** Implicit TLS from the first byte. */
  readonly secure?: boolean;
  /** Whether STARTTLS is offered and accepted on a plain server. Default true. */
  readonly starttls?: boolean;
  /** AUTH is required and only these credentials pass (535 otherwise). */
  readonly credentials?: { readonly user: string; readonly pass: string };
  /** The first this many connections get `421` instead of a greeting. */
  readonly refuseConnections?: number;
  /** `RCPT TO` of this address gets `550`. */
  readonly refuseRecipient?: string;
  /**
   * Where the connection is cut: `envelope` at `RCPT TO`, before any content; `data` after
   * the message was read, before the server answers.
   */
  readonly drop?: 'envelope' | 'data';
}

/** A message as the server got it. */
export interface ReceivedMail {
  readonly raw: string;
  readonly parsed: ParsedMail;
  readonly mailFrom: string | undefined;
  readonly rcptTo: string[];
  /** Whether the session was encrypted (implicit TLS or after STARTTLS). */
  readonly secure: boolean;
}

const smtpError = (message: string, responseCode: number) =>
  Object.assign(new Error(message), { responseCode });

/** An in-process SMTP server on 127.0.0.1 and a free port, with the fixture certificate. */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  connections = 0;
  authAttempts = 0;
  #port = 0;
  readonly #server: SMTPServer;

  private constructor(options: TestServerOptions) {
    let refusals = options.refuseConnections ?? 0;
    this.#server = new SMTPServer({
      secure: options.secure ?? false,
      key: FIXTURE_KEY,
      cert: FIXTURE_CERT,
      logger: false,
      // Connections still open at close() are ended after this long, the TLS way.
      closeTimeout: 200,
      authOptional: !options.credentials,
      allowInsecureAuth: true,
      disabledCommands: options.starttls === false ? ['STARTTLS'] : [],
      onConnect: (_session, callback) => {
        this.connections += 1;
        if (refusals <= 0) return callback();
        refusals -= 1;
        callback(smtpError('Too many connections, try again later', 421));
      },
      onAuth: (auth, _session, callback) => {
        this.authAttempts += 1;
        const wanted = options.credentials;
        if (wanted && auth.username === wanted.user && auth.password === wanted.pass) {
          return callback(null, { user: auth.username });
        }
        callback(smtpError('Authentication credentials invalid', 535));
      },
      onRcptTo: (address, _session, callback) => {
        if (options.drop === 'envelope') return this.#cut();
        if (address.address === options.refuseRecipient) {
          return callback(smtpError('No such user here', 550));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        void read(stream).then(async (raw) => {
          if (options.drop === 'data') return this.#cut();
          const envelope = session.envelope;
          this.received.push({
            raw,
            parsed: await simpleParser(raw),
            mailFrom: envelope.mailFrom ? envelope.mailFrom.address : undefined,
            rcptTo: envelope.rcptTo.map((to) => to.address),
            secure: session.secure,
          });
          callback();
        });
      },
    });
    this.#server.on('error', () => undefined);
  }

  static async start(options: TestServerOptions = {}): Promise<TestSmtpServer> {
    const server = new TestSmtpServer(options);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.#port = (server.#server.server.address() as { port: number }).port;
    return server;
  }

  /**
   * Cuts every open session without a word, as a crashed server or a broken link would. The
   * session's own socket (the TLS one after a handshake) is destroyed, never the TCP socket
   * beneath a TLS one: Node 20 crashes at exit when that is done.
   */
  #cut(): void {
    for (const connection of this.#server.connections) {
      (connection as { _socket: { destroy(): void } })._socket.destroy();
    }
  }

  get port(): number {
    return this.#port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function read(stream: SMTPServerDataStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.once('error', reject);
  });
}

/** An account for the test server: implicit TLS, the fixture CA trusted, short timeouts apart. */
export function accountFor(
  server: { port: number },
  overrides: Partial<SmtpAccountConfig> = {},
): SmtpAccountConfig {
  return {
    id: 1,
    host: 'localhost',
    port: server.port,
    security: 'tls',
    user: 'recado',
    password: 'senha-de-app',
    fromName: 'Provedor Exemplo',
    fromAddress: 'cobranca@provedor.test',
    replyTo: null,
    dkim: null,
    tlsCa: FIXTURE_CERT,
    attention: false,
    updatedAt: '2026-12-03 10:00:00.000',
    ...overrides,
  };
}

export const CREDENTIALS = { user: 'recado', pass: 'senha-de-app' } as const;

/** Timeouts short enough for failure tests, long enough for a loaded CI machine. */
export const FAST_TIMEOUTS = { connectionMs: 3_000, greetingMs: 3_000, socketMs: 5_000 } as const;
