import type { Knex } from 'knex';
import { dialectOf } from '../lib/database.js';
import { retryLockConflicts } from '../lib/lock-conflicts.js';
import { toSqlTime } from '../lib/time.js';
import type { ChannelName, DeliveryStatus } from './types.js';

/** What became of one claimed delivery. */
export interface Outcome {
  readonly id: number;
  /** `queued` means "try again at `runAt`" (a retry, or a hold for quiet hours or quota). */
  readonly status: Exclude<DeliveryStatus, 'sending' | 'cancelled'>;
  /** Whether a send was attempted; only attempts count towards `max_attempts`. */
  readonly attempted: boolean;
  readonly runAt?: Date;
  readonly providerId?: string | null;
  readonly errorCode?: string | null;
  readonly errorReason?: string | null;
  /** What was sent or would have been sent, as rendered. */
  readonly subject?: string | null;
  readonly body?: string | null;
  /** For the daily quota: the account a sent message counts against. */
  readonly channel?: ChannelName;
  readonly accountId?: number | null;
}

/** Options of `completeDeliveries`. */
export interface CompleteOptions {
  /** Only rows this worker still holds are written; a row whose lease expired is not. */
  readonly workerId: string;
  readonly now: Date;
  /** The provider's calendar day of `now`, for the quota counters. */
  readonly day: string;
  /**
   * The process whose daily-quota hold admitted these sends (`DailyQuota.holder`): the
   * units of the messages it attempted leave its hold, those sent for `sent`.
   */
  readonly quotaHolder?: string;
}

/** The per-row values joined into the UPDATE, in this order. */
const VALUE_COLUMNS = [
  'id',
  'status',
  'attempted',
  'run_at',
  'provider_id',
  'error_code',
  'error_reason',
  'sent_subject',
  'sent_body',
  'is_sent',
] as const;

/**
 * Records a batch of outcomes with one UPDATE joined to a derived table of the per-row
 * values, then the quota counters of the accounts that sent. Returns
 * how many rows were written; fewer than given means some leases were lost.
 */
export async function completeDeliveries(
  db: Knex,
  outcomes: readonly Outcome[],
  options: CompleteOptions,
): Promise<number> {
  if (outcomes.length === 0) return 0;
  const values = outcomes.map((outcome) => valuesOf(outcome, options.now));
  // Two statements, no transaction between them: the UPDATE is atomic on its own, and a
  // crash in between leaves a quota counter short by one batch, which only errs towards
  // sending a little more that day.
  const written = await retryLockConflicts(() => updateJoined(db, values, options));
  await countUsage(db, outcomes, options);
  return written;
}

function valuesOf(outcome: Outcome, now: Date): Knex.Value[] {
  const rendered = outcome.body !== undefined;
  return [
    outcome.id,
    outcome.status,
    outcome.attempted ? 1 : 0,
    outcome.status === 'queued' ? toSqlTime(outcome.runAt ?? now) : null,
    outcome.providerId ?? null,
    outcome.errorCode ?? null,
    outcome.errorReason?.slice(0, 500) ?? null,
    rendered ? (outcome.subject ?? null) : null,
    rendered ? outcome.body : null,
    outcome.status === 'sent' ? 1 : 0,
  ];
}

async function updateJoined(db: Knex, values: Knex.Value[][], options: CompleteOptions) {
  const stamp = toSqlTime(options.now);
  const assignments = (d: string, v: string) =>
    [
      `status = ${v}.status`,
      `attempts = ${d}.attempts + ${v}.attempted`,
      `run_at = coalesce(${v}.run_at, ${d}.run_at)`,
      `provider_id = coalesce(${v}.provider_id, ${d}.provider_id)`,
      `error_code = ${v}.error_code`,
      `error_reason = ${v}.error_reason`,
      `sent_subject = coalesce(${v}.sent_subject, ${d}.sent_subject)`,
      `sent_body = coalesce(${v}.sent_body, ${d}.sent_body)`,
      `sent_at = case when ${v}.is_sent = 1 then ? else ${d}.sent_at end`,
      'locked_by = null',
      'locked_until = null',
      'updated_at = ?',
    ].join(', ');
  const bindings = [...values.flat(), stamp, stamp, options.workerId];

  if (dialectOf(db) === 'mysql') {
    // A derived table of SELECT … UNION ALL: it runs on MySQL 8 and MariaDB alike.
    const first = `select ${VALUE_COLUMNS.map((column) => `? as ${column}`).join(', ')}`;
    const rest = `union all select ${VALUE_COLUMNS.map(() => '?').join(', ')}`;
    const derived = [first, ...values.slice(1).map(() => rest)].join(' ');
    // The id list as well as the join: the UPDATE then reads (and locks) those rows by
    // primary key whatever join order the optimizer picks, never other rows a concurrent
    // claim of this or another worker is about to take with SKIP LOCKED.
    const ids = values.map((row) => row[0] as number);
    const sql =
      `update recado_deliveries d join (${derived}) v on d.id = v.id set ` +
      `${assignments('d', 'v').replace(/(^|, )(\w+) =/g, '$1d.$2 =')} ` +
      `where d.status = 'sending' and d.locked_by = ? and d.id in (${ids.map(() => '?').join(', ')})`;
    const [header] = (await db.raw(sql, [...bindings, ...ids])) as [{ affectedRows: number }];
    return header.affectedRows;
  }

  const rows = values.map(() => `(${VALUE_COLUMNS.map(() => '?').join(', ')})`).join(', ');
  const sql =
    `with v(${VALUE_COLUMNS.join(', ')}) as (values ${rows}) ` +
    `update recado_deliveries set ${assignments('recado_deliveries', 'v')} from v ` +
    `where recado_deliveries.id = v.id and recado_deliveries.status = 'sending' ` +
    `and recado_deliveries.locked_by = ?`;
  const result = (await db.raw(sql, bindings)) as { changes: number };
  return result.changes;
}

async function countUsage(db: Knex, outcomes: readonly Outcome[], options: CompleteOptions) {
  const counts = new Map<
    string,
    { channel: ChannelName; account_id: number; sent: number; settled: number }
  >();
  for (const outcome of outcomes) {
    if (!outcome.attempted || !outcome.channel || outcome.accountId == null) continue;
    // A message whose fate is unknown may have gone out: its unit stays held until the
    // hold lapses, and it is not counted as sent.
    if (outcome.status === 'unknown') continue;
    const key = `${outcome.channel}:${outcome.accountId}`;
    const entry = counts.get(key) ?? {
      channel: outcome.channel,
      account_id: outcome.accountId,
      sent: 0,
      settled: 0,
    };
    if (outcome.status === 'sent') entry.sent += 1;
    entry.settled += 1;
    counts.set(key, entry);
  }
  const { day, quotaHolder } = options;
  for (const { channel, account_id, sent, settled } of counts.values()) {
    // `sent` first, then the hold: in between both count the same messages, which errs
    // towards sending less, never more.
    if (sent > 0) {
      await retryLockConflicts(() =>
        db('recado_account_usage')
          .insert({ channel, account_id, day, sent })
          .onConflict(['channel', 'account_id', 'day'])
          .merge({ sent: db.raw('?? + ?', ['recado_account_usage.sent', sent]) }),
      );
    }
    if (quotaHolder === undefined) continue;
    const hold = { channel, account_id, day, holder: quotaHolder };
    await retryLockConflicts(() => takeFromHold(db, hold, settled));
  }
}

/** One worker process's daily-quota hold of an account (`recado_quota_holds`). */
export interface HoldKey {
  readonly channel: ChannelName;
  readonly account_id: number;
  readonly day: string;
  readonly holder: string;
}

/** Takes `units` out of a quota hold, never below zero. */
export async function takeFromHold(db: Knex, hold: HoldKey, units: number): Promise<void> {
  await db('recado_quota_holds')
    .where(hold)
    .update({ units: db.raw('case when units > ? then units - ? else 0 end', [units, units]) });
}
