import type { Knex } from 'knex';
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
}

/**
 * Records a batch of outcomes in one transaction: one UPDATE per kind of outcome with the
 * per-row values in CASE expressions, plus the quota counters of the accounts that sent.
 * Returns how many rows were written; fewer than given means some leases were lost.
 */
export async function completeDeliveries(
  db: Knex,
  outcomes: readonly Outcome[],
  options: CompleteOptions,
): Promise<number> {
  if (outcomes.length === 0) return 0;
  return db.transaction(async (trx) => {
    let written = 0;
    for (const group of groupOutcomes(outcomes)) written += await writeGroup(trx, group, options);
    await countUsage(trx, outcomes, options.day);
    return written;
  });
}

function groupOutcomes(outcomes: readonly Outcome[]): Outcome[][] {
  const groups = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    const key = `${outcome.status}:${outcome.attempted}`;
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  return [...groups.values()];
}

async function writeGroup(trx: Knex.Transaction, group: Outcome[], options: CompleteOptions) {
  const [first] = group;
  if (!first) return 0;
  const stamp = toSqlTime(options.now);
  const ids = group.map((outcome) => outcome.id);
  const perRow = (column: string, value: (outcome: Outcome) => Knex.Value) =>
    caseById(trx, column, group, value);

  const changes: Record<string, unknown> = {
    status: first.status,
    locked_by: null,
    locked_until: null,
    updated_at: stamp,
    error_code: perRow('error_code', (outcome) => outcome.errorCode ?? null),
    error_reason: perRow('error_reason', (outcome) => outcome.errorReason?.slice(0, 500) ?? null),
  };
  if (first.attempted) changes.attempts = trx.raw('?? + 1', ['attempts']);
  if (first.status === 'queued') {
    changes.run_at = perRow('run_at', (outcome) => toSqlTime(outcome.runAt ?? options.now));
  }
  if (first.status === 'sent') {
    changes.sent_at = stamp;
    changes.provider_id = perRow('provider_id', (outcome) => outcome.providerId ?? null);
  }
  if (group.some((outcome) => outcome.body !== undefined)) {
    changes.sent_subject = perRow('sent_subject', (outcome) => outcome.subject ?? null);
    changes.sent_body = perRow('sent_body', (outcome) => outcome.body ?? null);
  }

  return trx('recado_deliveries')
    .whereIn('id', ids)
    .where({ status: 'sending', locked_by: options.workerId })
    .update(changes);
}

/** `CASE id WHEN ? THEN ? … END`, every value bound. */
function caseById(
  trx: Knex.Transaction,
  column: string,
  group: Outcome[],
  value: (outcome: Outcome) => Knex.Value,
): Knex.Raw {
  const values = group.map(value);
  if (values.every((each) => each === values[0])) return trx.raw('?', [values[0] ?? null]);
  const whens = group.map(() => 'when ? then ?').join(' ');
  const bindings = group.flatMap((outcome, index) => [outcome.id, values[index] ?? null]);
  return trx.raw(`case ?? ${whens} else ?? end`, ['id', ...bindings, column]);
}

async function countUsage(trx: Knex.Transaction, outcomes: readonly Outcome[], day: string) {
  const counts = new Map<string, { channel: ChannelName; account_id: number; sent: number }>();
  for (const outcome of outcomes) {
    if (outcome.status !== 'sent' || !outcome.channel || outcome.accountId == null) continue;
    const key = `${outcome.channel}:${outcome.accountId}`;
    const entry = counts.get(key) ?? {
      channel: outcome.channel,
      account_id: outcome.accountId,
      sent: 0,
    };
    entry.sent += 1;
    counts.set(key, entry);
  }
  for (const entry of counts.values()) {
    await trx('recado_account_usage')
      .insert({ ...entry, day })
      .onConflict(['channel', 'account_id', 'day'])
      .merge({ sent: trx.raw('?? + ?', ['recado_account_usage.sent', entry.sent]) });
  }
}
