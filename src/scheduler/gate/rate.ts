import type { Knex } from 'knex';
import { dialectOf } from '../../lib/database.js';
import { retryLockConflicts } from '../../lib/lock-conflicts.js';
import { fromSqlTime, toSqlTime } from '../../lib/time.js';
import type { AccountRef } from './quota.js';

/** What the rate limiter is built with. */
export interface RateLimiterDeps {
  readonly db: Knex;
  /**
   * The longest wait for a send instant that `take` books, in ms: a send that would wait
   * longer is held (back to the queue) instead of keeping a worker lane asleep. Default 2 000.
   */
  readonly maxWaitMs?: number;
}

/** The answer of `RateLimiter.take`. */
export type RateDecision =
  /** A send instant is booked; send after waiting `waitMs` (0: at once). */
  | { readonly admitted: true; readonly waitMs: number }
  /** No instant soon enough; nothing is booked. Try again at `until`. */
  | { readonly admitted: false; readonly until: Date };

/** A booking from the table: send instants (ms since the epoch), or when to come back. */
type Booking = { readonly slots: number[] } | { readonly until: Date };

interface Pool {
  /** Send instants booked by this process and not handed out yet, earliest first. */
  readonly slots: number[];
  /** A booking in progress; the lanes of a batch share it. */
  booking?: Promise<Booking>;
}

/** Booked instants this far in the past are dropped rather than sent in a burst now. */
const STALE_MS = 1_000;

/**
 * The per-second rate of each account, shared by every worker process on the database.
 *
 * Each account has a schedule in `recado_rate_slots`: one send every `1 / perSecond`
 * seconds, and an idle account may send a burst of one second's worth (at least one) at
 * once, so a process that books its messages on it keeps to the rate whatever the others
 * do. A process books a tenth of a second's sends at a time (one at least) under the row's
 * lock, and hands them to its lanes; a lane whose instant is ahead sleeps until then.
 * Instants further ahead than `maxWaitMs` are not booked: the send is held until the first
 * free one instead. Instants booked and not used (the drain ended) are lost to the account,
 * at most a tenth of a second of its rate. Worker machines' clocks are assumed in step.
 */
export class RateLimiter {
  readonly #db: Knex;
  readonly #maxWaitMs: number;
  readonly #pools = new Map<string, Pool>();

  constructor(deps: RateLimiterDeps) {
    this.#db = deps.db;
    this.#maxWaitMs = deps.maxWaitMs ?? 2_000;
  }

  /** Books a send of an account at instant `at`, or says when to try again. */
  async take(account: AccountRef, perSecond: number, at: Date): Promise<RateDecision> {
    const key = `${account.channel}:${account.accountId}`;
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = { slots: [] };
      this.#pools.set(key, pool);
    }
    const now = at.getTime();
    for (;;) {
      while (pool.slots.length > 0 && (pool.slots[0] as number) < now - STALE_MS) {
        pool.slots.shift();
      }
      const slot = pool.slots.shift();
      if (slot !== undefined) return { admitted: true, waitMs: Math.max(0, slot - now) };

      const shared = pool;
      shared.booking ??= this.#book(account, perSecond, now)
        .then((booking) => {
          // Once for all the lanes waiting on this booking; each then takes its own.
          if ('slots' in booking) shared.slots.push(...booking.slots);
          return booking;
        })
        .finally(() => {
          shared.booking = undefined;
        });
      const booking = await shared.booking;
      if ('until' in booking) return { admitted: false, until: booking.until };
    }
  }

  async #book(account: AccountRef, perSecond: number, now: number): Promise<Booking> {
    return retryLockConflicts(() =>
      this.#db.transaction(
        (trx) => this.#bookIn(trx, account, perSecond, now),
        dialectOf(this.#db) === 'mysql' ? { isolationLevel: 'read committed' } : {},
      ),
    );
  }

  async #bookIn(
    trx: Knex.Transaction,
    account: AccountRef,
    perSecond: number,
    now: number,
  ): Promise<Booking> {
    const key = { channel: account.channel, account_id: account.accountId };
    // Writing the row first locks it: bookings for one account run one at a time.
    await trx('recado_rate_slots')
      .insert({ ...key, next_at: toSqlTime(new Date(now)) })
      .onConflict(['channel', 'account_id'])
      .merge({ next_at: trx.raw('??', ['recado_rate_slots.next_at']) });
    const row = (await trx('recado_rate_slots').where(key).first('next_at')) as { next_at: string };

    const interval = 1_000 / perSecond;
    // An idle account may send one second's worth at once: instants up to that far back.
    const burst = Math.max(0, 1_000 - interval);
    const free = Math.max(fromSqlTime(row.next_at).getTime(), now);
    const slots: number[] = [];
    const wanted = Math.min(100, Math.max(1, Math.ceil(perSecond / 10)));
    for (let i = 0; i < wanted; i += 1) {
      const slot = Math.max(now, Math.ceil(free + i * interval - burst));
      if (slot - now > this.#maxWaitMs) break;
      slots.push(slot);
    }
    if (slots.length === 0) return { until: new Date(Math.ceil(free - burst)) };

    const next = Math.ceil(free + slots.length * interval);
    await trx('recado_rate_slots')
      .where(key)
      .update({ next_at: toSqlTime(new Date(next)) });
    return { slots };
  }
}
