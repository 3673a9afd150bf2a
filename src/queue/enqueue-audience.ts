import type { Knex } from 'knex';
import { dialectOf } from '../lib/database.js';
import { toSqlTime } from '../lib/time.js';
import { PRIORITY, type ChannelName, type DeliveryKind, type DeliverySource } from './types.js';

/** A set of customers to enqueue one message each for, and what the messages are. */
export interface AudienceEnqueue {
  /** Prefix of every dedupe key; the customer id is appended (`campaign:12:` → `campaign:12:345`). */
  readonly dedupePrefix: string;
  readonly channel: ChannelName;
  readonly accountId: number | null;
  readonly source: DeliverySource;
  readonly sourceId: string | null;
  readonly campaignId: number | null;
  readonly kind: DeliveryKind;
  readonly templateId: number | null;
  readonly maxAttempts?: number;
  readonly runAt: Date;
  /**
   * The audience restricted to customer ids in `[from, to]`: a query selecting exactly the
   * columns `customer_id` and `recipient`, with bound values only.
   */
  readonly select: (range: { from: number; to: number }) => Knex.QueryBuilder;
  /** Smallest and largest customer id to walk; chunks cover this range. */
  readonly idRange: { readonly min: number; readonly max: number };
  /** Customer ids per chunk. Default 50,000. */
  readonly chunkSize?: number;
  /** Asked before each chunk; false stops the walk (a campaign paused meanwhile). */
  readonly shouldContinue?: () => Promise<boolean>;
}

const COLUMNS = [
  'dedupe_key',
  'channel',
  'account_id',
  'source',
  'source_id',
  'campaign_id',
  'kind',
  'priority',
  'customer_id',
  'template_id',
  'recipient',
  'status',
  'attempts',
  'max_attempts',
  'run_at',
  'created_at',
  'updated_at',
] as const;

/**
 * Enqueues one delivery per customer of an audience with `INSERT … SELECT`, one customer-id
 * range at a time: the database does the work, Node never holds the customers, and each
 * chunk is its own short statement. Rows whose dedupe key exists are ignored, so enqueuing
 * the same campaign twice, or resuming after a crash, adds nothing twice. Returns the
 * number of rows added.
 */
export async function enqueueAudience(
  db: Knex,
  audience: AudienceEnqueue,
  onChunk?: (added: number, to: number) => void,
): Promise<number> {
  const chunk = audience.chunkSize ?? 50_000;
  let added = 0;
  for (let from = audience.idRange.min; from <= audience.idRange.max; from += chunk) {
    if (audience.shouldContinue && !(await audience.shouldContinue())) break;
    const to = Math.min(from + chunk - 1, audience.idRange.max);
    const count = await insertChunk(db, audience, { from, to });
    added += count;
    onChunk?.(count, to);
  }
  return added;
}

async function insertChunk(
  db: Knex,
  audience: AudienceEnqueue,
  range: { from: number; to: number },
) {
  const dialect = dialectOf(db);
  const stamp = toSqlTime(new Date());
  const inner = audience.select(range).toSQL().toNative();
  const key = dialect === 'mysql' ? 'concat(?, a.customer_id)' : '(? || a.customer_id)';
  const select =
    `select ${key}, ?, ?, ?, ?, ?, ?, ?, a.customer_id, ?, a.recipient, 'queued', 0, ?, ?, ?, ? ` +
    `from (${inner.sql}) a`;
  const bindings = [
    audience.dedupePrefix,
    audience.channel,
    audience.accountId,
    audience.source,
    audience.sourceId,
    audience.campaignId,
    audience.kind,
    PRIORITY[audience.kind],
    audience.templateId,
    audience.maxAttempts ?? 5,
    toSqlTime(audience.runAt),
    stamp,
    stamp,
    ...inner.bindings,
  ];
  const verb = dialect === 'mysql' ? 'insert ignore into' : 'insert or ignore into';
  const columns = COLUMNS.map(() => '??').join(', ');
  const result: unknown = await db.raw(`${verb} ?? (${columns}) ${select}`, [
    'recado_deliveries',
    ...COLUMNS,
    ...bindings,
  ]);
  return affectedRows(result);
}

/** Rows an INSERT added: mysql2 answers `[ResultSetHeader]`, better-sqlite3 `{ changes }`. */
function affectedRows(result: unknown): number {
  const header = Array.isArray(result) ? result[0] : result;
  const record = header as { affectedRows?: number; changes?: number } | undefined;
  return Number(record?.affectedRows ?? record?.changes ?? 0);
}
