import { simpleParser, type ParsedMail } from 'mailparser';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { addToOutbox } from '../records/outbox.js';
import { listenOrWarn } from './listen.js';

/** Largest message accepted, in bytes; larger ones are refused with 552 and not kept. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Headers kept with each mail: what a developer checks in a notice or a campaign. */
const KEPT_HEADERS = new Set([
  'message-id',
  'date',
  'from',
  'to',
  'cc',
  'reply-to',
  'content-type',
  'list-unsubscribe',
  'list-unsubscribe-post',
]);

/** A sink that is listening. */
export interface RunningSink {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A development SMTP server on loopback: any AUTH passes, no TLS, and every message lands
 * in the test outbox, one row per envelope recipient.
 */
export async function startSmtpSink(deps: {
  db: Knex;
  logger: Logger;
  port: number;
  now: () => Date;
}): Promise<RunningSink | undefined> {
  const logger = deps.logger.child({ component: 'smtp-sink' });
  const server = new SMTPServer({
    banner: 'Recado test outbox',
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    maxClients: 50,
    closeTimeout: 2000,
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'sink' }),
    onData: (stream, session, callback) => {
      receive(stream)
        .then((raw) => (raw ? store(deps.db, raw, session, deps.now()) : tooLarge()))
        .then(
          (count) => {
            logger.debug({ event: 'panel.sink.smtp.stored', count }, 'mail stored');
            callback();
          },
          (error: Error & { responseCode?: number }) => {
            if (error.responseCode === 552)
              logger.warn({ event: 'panel.sink.smtp.too_large' }, 'mail refused');
            else logger.error({ err: error, event: 'panel.sink.smtp.failed' }, 'mail not stored');
            callback(error.responseCode ? error : smtpError('could not store the message', 451));
          },
        );
    },
  });
  server.on('error', (error) =>
    logger.error({ err: error, event: 'panel.sink.smtp.error' }, 'smtp sink error'),
  );

  const port = await listenOrWarn(server, deps.port, () => server.server.address(), logger);
  if (port === undefined) return undefined;
  logger.info({ event: 'panel.sink.smtp.started', port }, 'smtp sink listening');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The raw message, or undefined when it went past the size limit (the rest is dropped). */
function receive(stream: SMTPServerDataStream): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_MESSAGE_BYTES) chunks.push(chunk);
    });
    stream.once('end', () => {
      resolve(stream.sizeExceeded || size > MAX_MESSAGE_BYTES ? undefined : Buffer.concat(chunks));
    });
    stream.once('error', reject);
  });
}

async function store(
  db: Knex,
  raw: Buffer,
  session: SMTPServerSession,
  receivedAt: Date,
): Promise<number> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const mailFrom = session.envelope.mailFrom;
  const entry = {
    channel: 'email' as const,
    sender: (mailFrom ? mailFrom.address : undefined) || mail.from?.text,
    subject: mail.subject,
    body: bodyOf(mail),
    headers: keptHeaders(mail),
    receivedAt,
  };
  // One row per recipient, all or none: a failed insert makes the client retry the lot.
  await db.transaction(async (trx) => {
    for (const { address } of session.envelope.rcptTo) {
      await addToOutbox(trx, { ...entry, recipient: address });
    }
  });
  return session.envelope.rcptTo.length;
}

/** The text part, or the text mailparser draws from the HTML, or the HTML as source. */
function bodyOf(mail: ParsedMail): string {
  if (mail.text) return mail.text;
  return typeof mail.html === 'string' ? mail.html : '';
}

function keptHeaders(mail: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    if (!KEPT_HEADERS.has(key) || key in headers) continue;
    headers[key] = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  }
  return headers;
}

function tooLarge(): never {
  throw smtpError(`message larger than ${MAX_MESSAGE_BYTES} bytes`, 552);
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}
