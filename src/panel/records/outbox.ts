import type { Knex } from 'knex';
import { utcDateTime } from './format.js';
import { paging, type Paging } from './paging.js';

/** Which sink a message reached. */
export const OUTBOX_CHANNELS = ['email', 'sms'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

/** Bytes of body kept per row: MariaDB's TEXT holds 65,535 bytes. */
const MAX_BODY_BYTES = 60_000;
const TRUNCATED = '\n[…]';
/** Characters of the `varchar(255)` columns. */
const MAX_LINE = 255;

/** A row of `panel_outbox`: one message as a local sink received it. */
export interface OutboxRow {
  readonly id: number;
  readonly channel: OutboxChannel;
  readonly sender: string | null;
  readonly recipient: string;
  readonly subject: string | null;
  readonly body: string;
  /** JSON object of a few header names (lower case) to their values, for e-mail. */
  readonly headers: string | null;
  /** UTC `YYYY-MM-DD HH:MM:SS`. */
  readonly received_at: string;
}

/** What a sink stores; long values are cut to what the columns hold. */
export interface OutboxEntry {
  readonly channel: OutboxChannel;
  readonly sender?: string;
  readonly recipient: string;
  readonly subject?: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
}

/** Stores one message and returns its row id. */
export async function addToOutbox(db: Knex, entry: OutboxEntry): Promise<number> {
  const [id] = await db('panel_outbox').insert({
    channel: entry.channel,
    sender: entry.sender ? entry.sender.slice(0, MAX_LINE) : null,
    recipient: entry.recipient.slice(0, MAX_LINE),
    subject: entry.subject ? entry.subject.slice(0, MAX_LINE) : null,
    body: cutToBytes(entry.body, MAX_BODY_BYTES),
    headers: entry.headers ? cutToBytes(JSON.stringify(entry.headers), MAX_BODY_BYTES) : null,
    received_at: utcDateTime(entry.receivedAt),
  });
  return Number(id);
}

/** One page of the outbox, newest first. */
export async function listOutbox(
  db: Knex,
  query: { channel?: OutboxChannel; page: number },
): Promise<{ rows: OutboxRow[]; paging: Paging }> {
  const filtered = (): Knex.QueryBuilder => {
    const builder = db('panel_outbox');
    if (query.channel) builder.where('channel', query.channel);
    return builder;
  };

  const counted = (await filtered().count({ count: '*' }).first()) as { count: number | string };
  const at = paging(Number(counted.count), query.page);
  const rows = (await filtered()
    .select('*')
    .orderBy([
      { column: 'received_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(at.size)
    .offset(at.offset)) as OutboxRow[];
  return { rows, paging: at };
}

/** Empties the outbox; returns how many rows it held. */
export async function clearOutbox(db: Knex): Promise<number> {
  return db('panel_outbox').delete();
}

/** The headers column read back; a row with unreadable JSON shows none. */
export function outboxHeaders(row: OutboxRow): Record<string, string> {
  if (!row.headers) return {};
  try {
    return JSON.parse(row.headers) as Record<string, string>;
  } catch {
    return {};
  }
}

/** Text cut at a character boundary so that its UTF-8 form fits in `limit` bytes. */
function cutToBytes(text: string, limit: number): string {
  if (Buffer.byteLength(text, 'utf8') <= limit) return text;
  let cut = Buffer.from(text, 'utf8')
    .subarray(0, limit - Buffer.byteLength(TRUNCATED, 'utf8'))
    .toString('utf8');
  // A multi-byte character split by the cut decodes as U+FFFD; drop it.
  cut = cut.replace(/\uFFFD$/, '');
  return cut + TRUNCATED;
}
