import { isIP, connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import type { SmtpAccountConfig } from './config.js';

/**
 * What went wrong in a TLS negotiation, in the operator's terms:
 * - `certificate_host`: the certificate is valid, but for another name;
 * - `certificate_untrusted`: self-signed or from an authority the system does not trust;
 * - `certificate_expired`: expired or not valid yet;
 * - `not_tls`: the port answered in plain text (STARTTLS or no encryption there);
 * - `starttls_missing`: the server did not offer STARTTLS;
 * - `handshake`: any other refusal during the negotiation.
 */
export type TlsProblem =
  | 'certificate_host'
  | 'certificate_untrusted'
  | 'certificate_expired'
  | 'not_tls'
  | 'starttls_missing'
  | 'handshake';

/** Node's and OpenSSL's error codes, sorted. */
const TLS_CODES: Readonly<Record<string, TlsProblem>> = {
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate_host',
  CERT_HAS_EXPIRED: 'certificate_expired',
  CERT_NOT_YET_VALID: 'certificate_expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate_untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate_untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate_untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate_untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate_untrusted',
  CERT_UNTRUSTED: 'certificate_untrusted',
  CERT_SIGNATURE_FAILURE: 'certificate_untrusted',
  CERT_REVOKED: 'certificate_untrusted',
  ERR_SSL_WRONG_VERSION_NUMBER: 'not_tls',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'not_tls',
  ERR_SSL_HTTP_REQUEST: 'not_tls',
};

/**
 * Opens a connection of its own to find out why TLS failed, since nodemailer replaces the
 * TLS error code with its own. For `starttls` it speaks just enough SMTP (greeting, EHLO,
 * STARTTLS) to reach the negotiation. Undefined when TLS works, or the probe learned
 * nothing (a timeout, a closed connection). Verification stays on, as in sending.
 */
export async function probeTls(
  config: SmtpAccountConfig,
  timeoutMs: number,
): Promise<TlsProblem | undefined> {
  if (config.security === 'none') return undefined;
  const opened: Socket[] = [];
  const deadline = new Promise<undefined>((resolve) => {
    setTimeout(() => resolve(undefined), timeoutMs).unref();
  });
  const attempt = async (): Promise<TlsProblem | undefined> => {
    let socket: Socket | undefined;
    if (config.security === 'starttls') {
      socket = await connectPlain(config);
      opened.push(socket);
      if (!(await startTls(socket))) return 'starttls_missing';
    }
    return handshake(config, socket, opened);
  };
  try {
    return await Promise.race([attempt(), deadline]);
  } catch {
    return undefined;
  } finally {
    for (const socket of opened.reverse()) socket.destroy();
  }
}

function handshake(
  config: SmtpAccountConfig,
  socket: Socket | undefined,
  opened: Socket[],
): Promise<TlsProblem | undefined> {
  return new Promise((resolve) => {
    const tls: TLSSocket = connectTls({
      // The host is given even over an existing socket: the certificate is checked against it.
      host: config.host,
      ...(socket ? { socket } : { port: config.port }),
      ...(isIP(config.host) ? {} : { servername: config.host }),
      ...(config.tlsCa ? { ca: config.tlsCa } : {}),
      rejectUnauthorized: true,
    });
    opened.push(tls);
    tls.once('secureConnect', () => {
      tls.destroy();
      resolve(undefined);
    });
    tls.once('error', (error: NodeJS.ErrnoException) => {
      tls.destroy();
      resolve(TLS_CODES[error.code ?? ''] ?? 'handshake');
    });
  });
}

function connectPlain(config: SmtpAccountConfig): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: config.host, port: config.port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Greeting, EHLO, STARTTLS; true when the server answered 220 to STARTTLS. */
async function startTls(socket: Socket): Promise<boolean> {
  const replies = new ReplyReader(socket);
  try {
    if (!(await replies.next()).startsWith('220')) return false;
    socket.write('EHLO recado.probe\r\n');
    if (!(await replies.next()).startsWith('250')) return false;
    socket.write('STARTTLS\r\n');
    return (await replies.next()).startsWith('220');
  } finally {
    replies.detach();
  }
}

/** Reads complete SMTP replies (the lines up to `NNN ` without a dash) off a socket. */
class ReplyReader {
  readonly #socket: Socket;
  readonly #onData: (chunk: Buffer) => void;
  #buffer = '';
  #waiting: ((reply: string) => void) | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    this.#onData = (chunk) => {
      this.#buffer += chunk.toString('latin1');
      this.#deliver();
    };
    socket.on('data', this.#onData);
  }

  next(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#socket.once('close', () => reject(new Error('closed')));
      this.#deliver();
    });
  }

  detach(): void {
    this.#socket.off('data', this.#onData);
    this.#socket.removeAllListeners('close');
  }

  #deliver(): void {
    const end = /^\d{3}(?: [^\n]*)?\r?\n/m.exec(this.#buffer);
    if (!end || !this.#waiting) return;
    const stop = end.index + end[0].length;
    const reply = this.#buffer.slice(0, stop);
    this.#buffer = this.#buffer.slice(stop);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting(reply);
  }
}
