import type { Knex } from 'knex';
import { dialectOf } from '../../lib/database.js';
import { retryLockConflicts } from '../../lib/lock-conflicts.js';
import { toSqlTime } from '../../lib/time.js';
import { PRIORITY, type ChannelName, type DeliveryKind } from '../../queue/types.js';

/** The rows of one rule and channel: what every delivery of the statement shares. */
export interface RuleRows {
  /** Text before the invoice or customer id in each dedupe key, e.g. `rule:12:invoice:`. */
  readonly keyPrefix: string;
  /** Text after it, e.g. `:2026-12-03:sms`. */
  readonly keySuffix: string;
  /** Which selected column the key is built from. */
  readonly keyColumn: 'invoice_id' | 'customer_id';
  readonly ruleId: number;
  readonly channel: ChannelName;
  readonly kind: DeliveryKind;
  readonly templateId: number;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly runAt: Date;
  /** When the rows are written; stamps `created_at`. */
  readonly now: Date;
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
  'invoice_id',
  'template_id',
  'recipient',
  'status',
  'attempts',
  'max_attempts',
  'run_at',
  'payload',
  'created_at',
  'updated_at',
] as const;

/**
 * Enqueues the rows of `select` (columns `customer_id`, `invoice_id`, `recipient`) with one
 * `INSERT … SELECT`: the database does the work and Node never holds the rows. Keys already
 * in the queue are left out (and ignored, for a race between two runs), so a rerun, an overlapping run or a second scheduler adds
 * nothing. Two such statements racing on MariaDB may deadlock on the unique key: the loser
 * is rolled back whole and retried, and then finds the winner's rows. Returns rows added.
 */
export async function insertRuleRows(
  db: Knex,
  rows: RuleRows,
  select: Knex.QueryBuilder,
): Promise<number> {
  const mysql = dialectOf(db) === 'mysql';
  const inner = select.toSQL().toNative();
  const key = mysql ? `concat(?, a.${rows.keyColumn}, ?)` : `(? || a.${rows.keyColumn} || ?)`;
  const stamp = toSqlTime(rows.now);
  // Rows already queued are left out before the insert: an ignored duplicate costs InnoDB
  // a row insert and its rollback, a lookup in the unique index costs a read, so a rerun
  // that adds nothing takes a fraction of the first run.
  const values =
    `select ${key}, ?, null, 'rule', ?, null, ?, ?, a.customer_id, a.invoice_id, ?, ` +
    `a.recipient, 'queued', 0, 5, ?, ?, ?, ? from (${inner.sql}) a ` +
    `where not exists (select 1 from ?? d where d.dedupe_key = ${key})`;
  const bindings = [
    rows.keyPrefix,
    rows.keySuffix,
    rows.channel,
    String(rows.ruleId),
    rows.kind,
    PRIORITY[rows.kind],
    rows.templateId,
    toSqlTime(rows.runAt),
    JSON.stringify(rows.payload),
    stamp,
    stamp,
    ...inner.bindings,
    'recado_deliveries',
    rows.keyPrefix,
    rows.keySuffix,
  ];
  const verb = mysql ? 'insert ignore into' : 'insert or ignore into';
  const columns = COLUMNS.map(() => '??').join(', ');
  const sql = `${verb} ?? (${columns}) ${values}`;
  const all = ['recado_deliveries', ...COLUMNS, ...bindings];

  return retryLockConflicts(async () => affectedRows(await db.raw(sql, all)));
}

/** Rows an INSERT added: mysql2 answers `[ResultSetHeader]`, better-sqlite3 `{ changes }`. */
function affectedRows(result: unknown): number {
  const header = Array.isArray(result) ? result[0] : result;
  const record = header as { affectedRows?: number; changes?: number } | undefined;
  return Number(record?.affectedRows ?? record?.changes ?? 0);
}

/** Dedupe key parts of a rule's rows: `rule:<id>:<invoice|customer>:<id><suffix>`. */
export function keyParts(
  ruleId: number,
  about: 'invoice' | 'customer',
  suffix: string,
): Pick<RuleRows, 'keyPrefix' | 'keySuffix' | 'keyColumn'> {
  return {
    keyPrefix: `rule:${ruleId}:${about}:`,
    keySuffix: suffix,
    keyColumn: about === 'invoice' ? 'invoice_id' : 'customer_id',
  };
}
