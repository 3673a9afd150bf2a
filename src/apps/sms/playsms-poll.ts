import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { PolledStatus } from '../../channels/sms/adapter.js';
import { toSqlTime } from '../../lib/time.js';
import type { PeriodicJob } from '../../scheduler/scheduler.js';
import { recordReport } from './delivery-reports.js';
import type { AdapterSource } from './gateway-tools.js';
import type { SmsGateways } from './gateways.js';

/** How polling paces itself; every field has a default. */
export interface PlaySmsPollOptions {
  /** Ask about messages sent within this many days. Default 3. */
  readonly days?: number;
  /** Rows read per query. Default 100. */
  readonly batchSize?: number;
  /** Most status requests per gateway and run. Default 1 000. */
  readonly maxPerRun?: number;
  /** Status requests in flight at once per gateway. Default 4. */
  readonly concurrency?: number;
}

/** What polling is built from. */
export interface PlaySmsPollDeps {
  readonly db: Knex;
  readonly gateways: Pick<SmsGateways, 'list' | 'resolve'>;
  readonly adapters: AdapterSource;
  readonly logger: Logger;
  /** The clock; default `() => new Date()`. */
  readonly now?: () => Date;
}

/** Counts of one run, over every polled gateway. */
export interface PollCounts {
  asked: number;
  delivered: number;
  notDelivered: number;
  pending: number;
  errors: number;
}

interface Pending {
  readonly id: number | string;
  readonly provider_id: string;
}

/**
 * Asks playSMS gateways (`op=ds`, one smslog id per request: the only lookup every playSMS
 * version answers the same way) about sent messages that have no report yet, longest
 * unasked first, and records delivered or not delivered on the row. A gateway that answers
 * with an error is left alone until the next run.
 */
export async function pollPlaySmsReports(
  deps: PlaySmsPollDeps,
  options: PlaySmsPollOptions = {},
): Promise<PollCounts> {
  const counts: PollCounts = { asked: 0, delivered: 0, notDelivered: 0, pending: 0, errors: 0 };
  const polled = (await deps.gateways.list()).filter(
    (gateway) => gateway.can.polledReports && gateway.enabled,
  );
  for (const view of polled) {
    const gateway = await deps.gateways.resolve(view.id);
    const adapter = gateway && deps.adapters.adapterFor(gateway);
    if (!adapter?.deliveryStatus) continue;
    const ask = adapter.deliveryStatus.bind(adapter);
    await pollGateway(deps, options, { id: view.id, isDefault: view.isDefault, ask }, counts);
  }
  deps.logger.info({ event: 'sms.dlr.polled', ...counts }, 'playsms reports polled');
  return counts;
}

/** The polling run as a scheduler job; default every five minutes. */
export function playSmsPollJob(
  deps: PlaySmsPollDeps,
  options: PlaySmsPollOptions & { rule?: string } = {},
): PeriodicJob {
  return {
    name: 'sms.dlr.poll',
    rule: options.rule ?? '0 */5 * * * *',
    run: () => pollPlaySmsReports(deps, options),
  };
}

async function pollGateway(
  deps: PlaySmsPollDeps,
  options: PlaySmsPollOptions,
  gateway: { id: number; isDefault: boolean; ask: (providerId: string) => Promise<PolledStatus> },
  counts: PollCounts,
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  const started = toSqlTime(now);
  const since = toSqlTime(new Date(now.getTime() - (options.days ?? 3) * 86_400_000));
  const maxPerRun = options.maxPerRun ?? 1000;
  let asked = 0;
  let failing = false;

  while (asked < maxPerRun && !failing) {
    const rows = (await deps
      .db('recado_deliveries')
      .where({ channel: 'sms', status: 'sent' })
      .whereNull('dlr_status')
      .whereNotNull('provider_id')
      .where('sent_at', '>=', since)
      .where((query) => {
        query.where({ account_id: gateway.id });
        if (gateway.isDefault) query.orWhereNull('account_id');
      })
      .where((query) => {
        query.whereNull('dlr_checked_at').orWhere('dlr_checked_at', '<', started);
      })
      .orderBy('dlr_checked_at')
      .orderBy('id')
      .limit(Math.min(options.batchSize ?? 100, maxPerRun - asked))
      .select('id', 'provider_id')) as Pending[];
    if (rows.length === 0) return;

    const statuses = await inLanes(rows, options.concurrency ?? 4, (row) =>
      gateway.ask(row.provider_id),
    );
    for (const [index, status] of statuses.entries()) {
      await record(deps.db, Number((rows[index] as Pending).id), status, now, counts);
      if (status.status === 'error') failing = true;
    }
    asked += rows.length;
    counts.asked += rows.length;
  }
  if (failing)
    deps.logger.warn(
      { event: 'sms.dlr.poll_failed', gatewayId: gateway.id },
      'status query failed',
    );
}

async function record(
  db: Knex,
  id: number,
  status: PolledStatus,
  now: Date,
  counts: PollCounts,
): Promise<void> {
  if (status.status === 'error') {
    counts.errors += 1;
    return;
  }
  await db('recado_deliveries')
    .where({ id })
    .update({ dlr_checked_at: toSqlTime(now) });
  if (status.status === 'pending') {
    counts.pending += 1;
    return;
  }
  await recordReport(db, id, {
    status: status.status,
    at: now,
    detail: `playSMS: ${status.detail}`,
  });
  if (status.status === 'delivered') counts.delivered += 1;
  else counts.notDelivered += 1;
}

/** Runs `task` over `items` with at most `lanes` at once; results in input order. */
async function inLanes<T, R>(
  items: readonly T[],
  lanes: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  return results;
}
