import type { Knex } from 'knex';
import type { ChannelName, DeliveryStatus } from '../../src/queue/types.js';
import { reclaimExpiredLeases, type Reclaimed } from '../../src/queue/reclaim-leases.js';
import { migratePlugin } from '../queue/helpers.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { mysqlUnavailable, skipOrFail } from '../support/services.js';
import { waitFor } from './waiting.js';

/** What the reliability tests read back from each row. */
export interface RowState {
  readonly id: number;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lockedBy: string | null;
  readonly providerId: string | null;
  readonly errorCode: string | null;
  readonly errorReason: string | null;
}

/**
 * A fresh, migrated MariaDB database for the enclosing suite, dropped after it; the suite is
 * skipped without MariaDB (failed under CI). The queue is emptied before each test.
 */
export function useMariaDb(suite: string): () => TestDatabase {
  let database: TestDatabase | undefined;
  before(async function () {
    const reason = await mysqlUnavailable();
    if (reason) skipOrFail(this, suite, reason);
    database = await createTestDatabase('mysql');
    await migratePlugin(database.db);
  });
  beforeEach(async () => {
    await database?.db('recado_deliveries').delete();
  });
  after(async () => {
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error('the test database is not ready');
    return database;
  };
}

export async function readRows(db: Knex): Promise<RowState[]> {
  const rows = (await db('recado_deliveries')
    .select('id', 'status', 'attempts', 'locked_by', 'provider_id', 'error_code', 'error_reason')
    .orderBy('id')) as {
    id: number | string;
    status: DeliveryStatus;
    attempts: number;
    locked_by: string | null;
    provider_id: string | null;
    error_code: string | null;
    error_reason: string | null;
  }[];
  return rows.map((row) => ({
    id: Number(row.id),
    status: row.status,
    attempts: row.attempts,
    lockedBy: row.locked_by,
    providerId: row.provider_id,
    errorCode: row.error_code,
    errorReason: row.error_reason,
  }));
}

/** How many rows are in each status; statuses with no row are absent. */
export async function countByStatus(db: Knex): Promise<Partial<Record<DeliveryStatus, number>>> {
  const rows = (await db('recado_deliveries')
    .select('status')
    .count({ n: '*' })
    .groupBy('status')) as { status: DeliveryStatus; n: number | string }[];
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** Waits until no row is `queued` or `sending`: the workers have nothing left to do. */
export async function waitUntilDrained(db: Knex, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    'the queue to drain',
    async () => {
      const counts = await countByStatus(db);
      return (counts.queued ?? 0) + (counts.sending ?? 0) === 0 ? true : undefined;
    },
    { timeoutMs, everyMs: 100 },
  );
}

/**
 * Runs `reclaimExpiredLeases` on the real clock until no row is `sending`: waits out the
 * leases of rows a dead or disconnected worker left behind. Returns what was reclaimed.
 */
export function reclaimAfterLeases(
  db: Knex,
  idempotentChannels: readonly ChannelName[],
): Promise<Reclaimed> {
  return reclaimUntil(db, idempotentChannels, 'the leases to expire', (counts) => !counts.sending);
}

/**
 * Waits until no row is `queued` or `sending` while reclaiming expired leases as a
 * scheduler's reclaim job would: for a worker that is still draining but left rows behind.
 */
export function drainWithReclaim(
  db: Knex,
  idempotentChannels: readonly ChannelName[],
): Promise<Reclaimed> {
  return reclaimUntil(
    db,
    idempotentChannels,
    'the queue to drain and stranded leases to expire',
    (counts) => !counts.sending && !counts.queued,
  );
}

async function reclaimUntil(
  db: Knex,
  idempotentChannels: readonly ChannelName[],
  what: string,
  settled: (counts: Partial<Record<DeliveryStatus, number>>) => boolean,
): Promise<Reclaimed> {
  const total = { requeued: 0, unknown: 0 };
  await waitFor(
    what,
    async () => {
      const reclaimed = await reclaimExpiredLeases(db, { now: new Date(), idempotentChannels });
      total.requeued += reclaimed.requeued;
      total.unknown += reclaimed.unknown;
      return settled(await countByStatus(db)) ? true : undefined;
    },
    { timeoutMs: 20_000, everyMs: 200 },
  );
  return total;
}

/** Ids of the rows in a status. */
export function idsIn(rows: readonly RowState[], status: DeliveryStatus): number[] {
  return rows.filter((row) => row.status === status).map((row) => row.id);
}

/** The distinct error codes of the `unknown` rows. */
export function unknownCodes(rows: readonly RowState[]): (string | null)[] {
  return [...new Set(rows.filter((row) => row.status === 'unknown').map((row) => row.errorCode))];
}

/**
 * Ids of `sent` rows that did not reach the sink exactly once, or whose provider id names
 * another worker than the one that sent them: either would mean an outcome recorded for a
 * send that did not happen, or a message sent twice.
 */
export function sentRowsOffSink(
  rows: readonly RowState[],
  senders: ReadonlyMap<number, readonly string[]>,
): number[] {
  return rows
    .filter((row) => row.status === 'sent')
    .filter((row) => {
      const list = senders.get(row.id) ?? [];
      return list.length !== 1 || row.providerId !== `${list[0]}:${row.id}`;
    })
    .map((row) => row.id);
}
