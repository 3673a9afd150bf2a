import { Readable } from 'node:stream';
import nodemailer, { type Transporter } from 'nodemailer';
import DKIM from 'nodemailer/lib/dkim/index.js';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { DEFAULT_TIMEOUTS, type SmtpAccountConfig, type SmtpTimeouts } from './config.js';

/** A pooled nodemailer transport, the only kind Recado builds. */
export type SmtpTransport = Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;

/** How a transport is built; every field has a default. */
export interface TransportSettings {
  /** Connections open at once to one server. Default 2. */
  readonly maxConnections?: number;
  /** Messages sent over one connection before it is replaced. Default 100. */
  readonly maxMessages?: number;
  readonly timeouts?: SmtpTimeouts;
}

/**
 * Called with a message's Message-ID when the server starts reading its content (after it
 * accepted `DATA`). From then on a dropped connection may have left the message delivered.
 */
export type DataStartListener = (messageId: string) => void;

/** nodemailer options for an account: security mode, bounded timeouts, pool size. */
export function transportOptions(
  config: SmtpAccountConfig,
  settings: TransportSettings = {},
): SMTPPool.Options {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...settings.timeouts };
  const auth = config.user ? { user: config.user, pass: config.password ?? '' } : undefined;
  return {
    pool: true,
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    // STARTTLS is required, never optional: a server that does not offer it fails loudly
    // rather than receiving the password in the clear.
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    ...(auth ? { auth } : {}),
    maxConnections: settings.maxConnections ?? 2,
    maxMessages: settings.maxMessages ?? 100,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.dnsMs,
    // Certificates are always verified; a private CA is trusted by naming it, not by
    // switching verification off.
    tls: { rejectUnauthorized: true, ...(config.tlsCa ? { ca: config.tlsCa } : {}) },
    logger: false,
  };
}

/**
 * A pooled transport for an account. DKIM signing (when configured) and the data-start
 * marker are added as stream steps in this order, so the marker sees the server read the
 * signed message and not the signer buffering it.
 */
export function createTransport(
  config: SmtpAccountConfig,
  settings: TransportSettings = {},
  onDataStart?: DataStartListener,
): SmtpTransport {
  const transport = nodemailer.createTransport(transportOptions(config, settings));
  const dkim = config.dkim;
  const signer = dkim
    ? new DKIM({ domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey })
    : undefined;
  transport.use('stream', (mail, done) => {
    if (signer) mail.message.processFunc((input) => signer.sign(input));
    if (onDataStart) {
      const messageId = mail.message.messageId();
      mail.message.processFunc((input) => new StartMarker(input, () => onDataStart(messageId)));
    }
    done();
  });
  return transport;
}

/**
 * Passes a stream through unchanged and reports the first time its reader asks for data.
 * Nothing is pulled from the source before that, so an eager buffer cannot trigger the
 * report: the SMTP connection only starts reading once the server accepted `DATA`.
 */
class StartMarker extends Readable {
  readonly #source: Readable;
  readonly #onStart: () => void;
  #started = false;

  constructor(source: Readable, onStart: () => void) {
    super();
    this.#source = source;
    this.#onStart = onStart;
    source.once('error', (error) => this.destroy(error));
  }

  override _read(): void {
    if (this.#started) {
      this.#source.resume();
      return;
    }
    this.#started = true;
    this.#onStart();
    this.#source.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) this.#source.pause();
    });
    this.#source.once('end', () => this.push(null));
  }
}
