import type { Knex } from 'knex';
import { dialectOf } from '../lib/database.js';
import { retryLockConflicts } from '../lib/lock-conflicts.js';
import { toSqlTime } from '../lib/time.js';
import { toDelivery, type Delivery, type DeliveryRow } from './types.js';

/** Who claims and for how long. */
export interface ClaimOptions {
  /** Identifies the worker process; written to `locked_by`. */
  readonly workerId: string;
  /** Most rows one claim takes. */
  readonly limit: number;
  /** How long the claimed rows stay the worker's, in milliseconds. */
  readonly leaseMs: number;
  readonly now: Date;
}

/**
 * Takes due, queued deliveries for one worker: highest priority first, then oldest. On
 * MySQL/MariaDB the rows are locked with SKIP LOCKED inside a short transaction that also
 * writes the lease, so concurrent workers on any machine never take the same row; SQLite
 * has one writer, so one UPDATE … RETURNING does the same.
 */
export async function claimDeliveries(db: Knex, options: ClaimOptions): Promise<Delivery[]> {
  const lease = {
    status: 'sending',
    locked_by: options.workerId,
    locked_until: toSqlTime(new Date(options.now.getTime() + options.leaseMs)),
    updated_at: toSqlTime(options.now),
  };
  const rows =
    dialectOf(db) === 'mysql'
      ? await claimWithSkipLocked(db, options, lease)
      : await claimWithReturning(db, options, lease);
  return rows.sort(byPriority).map(toDelivery);
}

/** The claim's SELECT: due queued rows in claim order; exported for the EXPLAIN test. */
export function dueQueued(db: Knex | Knex.Transaction, options: ClaimOptions) {
  return db('recado_deliveries')
    .where('status', 'queued')
    .where('run_at', '<=', toSqlTime(options.now))
    .orderBy([
      { column: 'priority', order: 'asc' },
      { column: 'run_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])
    .limit(options.limit);
}

async function claimWithSkipLocked(
  db: Knex,
  options: ClaimOptions,
  lease: Record<string, string>,
): Promise<DeliveryRow[]> {
  // READ COMMITTED: the scan locks only the rows it takes, no gaps, so a claim does not
  // deadlock with outcome writes moving other rows through the same index; what is left
  // (a deadlock all the same) rolls the claim back whole and it runs again.
  return retryLockConflicts(() => claimTransaction(db, options, lease));
}

function claimTransaction(
  db: Knex,
  options: ClaimOptions,
  lease: Record<string, string>,
): Promise<DeliveryRow[]> {
  return db.transaction(
    async (trx) => {
      const rows = (await dueQueued(trx, options)
        .select('*')
        .forUpdate()
        .skipLocked()) as DeliveryRow[];
      if (rows.length === 0) return [];
      await trx('recado_deliveries')
        .whereIn(
          'id',
          rows.map((row) => row.id),
        )
        .update(lease);
      return rows.map((row) => ({ ...row, ...lease }) as DeliveryRow);
    },
    { isolationLevel: 'read committed' },
  );
}

async function claimWithReturning(
  db: Knex,
  options: ClaimOptions,
  lease: Record<string, string>,
): Promise<DeliveryRow[]> {
  return (await db('recado_deliveries')
    .whereIn('id', dueQueued(db, options).select('id'))
    .update(lease)
    .returning('*')) as DeliveryRow[];
}

function byPriority(a: DeliveryRow, b: DeliveryRow): number {
  return a.priority - b.priority || a.run_at.localeCompare(b.run_at) || Number(a.id) - Number(b.id);
}
