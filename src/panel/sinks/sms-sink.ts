import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { addToOutbox } from '../records/outbox.js';
import { listenOrWarn } from './listen.js';
import type { RunningSink } from './smtp-sink.js';

/** Largest request body accepted, in bytes; a larger one gets 413 and is not read. */
export const MAX_SMS_BODY_BYTES = 64 * 1024;
/** Longest recipient kept, in characters, as the outbox column holds it. */
const MAX_RECIPIENT = 255;
const TEXT_FIELDS = ['msg', 'message', 'text'] as const;

/** A request the sink refuses, with the HTTP status and the reason it answers. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A development SMS gateway on loopback: `GET /send?to=…&msg=…` or `POST /send` with a
 * form or JSON body (`to`, and `msg`, `message` or `text`). Each message lands in the test
 * outbox and the answer is `{"status":"ok","id":<row id>}`.
 */
export async function startSmsSink(deps: {
  db: Knex;
  logger: Logger;
  port: number;
  now: () => Date;
}): Promise<RunningSink | undefined> {
  const logger = deps.logger.child({ component: 'sms-sink' });
  const server = createServer((req, res) => {
    handle(req, deps).then(
      (id) => {
        logger.debug({ event: 'panel.sink.sms.stored', id }, 'sms stored');
        reply(res, 200, { status: 'ok', id });
      },
      (error: Error) => {
        if (!(error instanceof Refusal)) {
          logger.error({ err: error, event: 'panel.sink.sms.failed' }, 'sms not stored');
          return reply(res, 500, { status: 'error', error: 'could not store the message' });
        }
        logger.warn(
          { event: 'panel.sink.sms.refused', status: error.status, reason: error.message },
          'sms refused',
        );
        reply(res, error.status, { status: 'error', error: error.message });
      },
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const port = await listenOrWarn(server, deps.port, () => server.address(), logger);
  if (port === undefined) return undefined;
  logger.info({ event: 'panel.sink.sms.started', port }, 'sms sink listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, deps: { db: Knex; now: () => Date }): Promise<number> {
  const url = new URL(req.url ?? '/', 'http://sink');
  if (url.pathname !== '/send') throw new Refusal(404, 'not found; use /send');
  if (req.method !== 'GET' && req.method !== 'POST') throw new Refusal(405, 'use GET or POST');
  const params = fieldsOf(url.searchParams);
  if (req.method === 'POST') Object.assign(params, await bodyFields(req));

  const recipient = params.to?.trim() ?? '';
  const text = TEXT_FIELDS.map((name) => params[name]).find((value) => value) ?? '';
  if (!recipient) throw new Refusal(400, 'missing recipient: send "to"');
  if (!text) throw new Refusal(400, 'missing text: send "msg", "message" or "text"');
  if (recipient.length > MAX_RECIPIENT) throw new Refusal(400, 'recipient too long');

  return addToOutbox(deps.db, { channel: 'sms', recipient, body: text, receivedAt: deps.now() });
}

function fieldsOf(search: URLSearchParams): Record<string, string> {
  return Object.fromEntries(search);
}

/** The fields of a form or JSON body; other values than strings and numbers are ignored. */
async function bodyFields(req: IncomingMessage): Promise<Record<string, string>> {
  const raw = (await readBody(req)).toString('utf8');
  if (!(req.headers['content-type'] ?? '').includes('json'))
    return fieldsOf(new URLSearchParams(raw));

  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Refusal(400, 'the body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Refusal(400, 'the JSON body must be an object');
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number') fields[name] = String(value);
  }
  return fields;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_SMS_BODY_BYTES) {
      return reject(new Refusal(413, `body larger than ${MAX_SMS_BODY_BYTES} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_SMS_BODY_BYTES) chunks.push(chunk);
      else reject(new Refusal(413, `body larger than ${MAX_SMS_BODY_BYTES} bytes`));
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  // A refused body may still be arriving; closing the connection drops the rest.
  const close = status === 413 ? { connection: 'close' } : {};
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...close });
  res.end(JSON.stringify(body));
}
