import type { Knex } from 'knex';
import { dialectOf } from './database.js';

/** How long `withNamedLock` waits for another holder by default, in seconds. */
export const NAMED_LOCK_TIMEOUT_SECONDS = 30;

/** Thrown when another holder kept the lock for longer than the wait allowed. */
export class NamedLockTimeoutError extends Error {}

/** Options of `withNamedLock`. */
export interface NamedLockOptions {
  /** Seconds to wait for another holder before giving up (MySQL, MariaDB); default 30. */
  readonly timeoutSeconds?: number;
}

/** Per handle and lock name, the turn that the next caller in this process waits for. */
const turns = new WeakMap<Knex, Map<string, Promise<unknown>>>();

/**
 * Runs `work` with the lock `name` (at most 30 characters) held, so that whoever shares the
 * database runs it one at a time and each sees what the previous one committed.
 *
 * On MySQL and MariaDB the lock is `GET_LOCK`, scoped to the current database and held on a
 * connection of its own while `work` goes on using the pool: the pool needs room for two
 * connections per caller. On SQLite there is one writer anyway, so statements cannot deadlock;
 * callers of this process on the same handle take turns, so they do not interleave either.
 */
export async function withNamedLock<T>(
  db: Knex,
  name: string,
  work: () => Promise<T>,
  options: NamedLockOptions = {},
): Promise<T> {
  if (dialectOf(db) === 'sqlite') return inTurn(db, name, work);
  const timeout = options.timeoutSeconds ?? NAMED_LOCK_TIMEOUT_SECONDS;

  const connection: unknown = await db.client.acquireConnection();
  try {
    const key = db.raw('concat(?, md5(database()))', [`${name}:`]);
    const [rows] = (await db
      .raw('select get_lock(?, ?) as acquired', [key, timeout])
      .connection(connection)) as [{ acquired: number | null }[]];
    if (Number(rows[0]?.acquired) !== 1) {
      throw new NamedLockTimeoutError(`lock ${name} not acquired within ${timeout} s`);
    }
    try {
      return await work();
    } finally {
      await db.raw('select release_lock(?)', [key]).connection(connection);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

function inTurn<T>(db: Knex, name: string, work: () => Promise<T>): Promise<T> {
  const byName = turns.get(db) ?? new Map<string, Promise<unknown>>();
  turns.set(db, byName);

  const turn = (byName.get(name) ?? Promise.resolve()).then(() => work());
  // The next caller waits for this one to settle, whether it succeeds or fails.
  const settled = turn.catch(() => undefined);
  byName.set(name, settled);
  void settled.then(() => {
    if (byName.get(name) === settled) byName.delete(name);
  });
  return turn;
}
