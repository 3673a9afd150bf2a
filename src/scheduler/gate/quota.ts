import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import { dialectOf } from '../../lib/database.js';
import { retryLockConflicts } from '../../lib/lock-conflicts.js';
import { fromSqlTime, localDate, toSqlTime } from '../../lib/time.js';
import { takeFromHold, type HoldKey } from '../../queue/complete-deliveries.js';
import type { ChannelName } from '../../queue/types.js';
import { startOfNextDay } from './zoned-time.js';

/** An account that sends: SMTP account or SMS gateway, by channel and id. */
export interface AccountRef {
  readonly channel: ChannelName;
  readonly accountId: number;
}

/** What the daily quota is built from. */
export interface DailyQuotaDeps {
  readonly db: Knex;
  /** The provider's time zone (IANA); its midnight starts a new quota day. */
  readonly timeZone: string;
  /** The clock that ages holds; default `() => new Date()`. */
  readonly now?: () => Date;
  /** This process in `recado_quota_holds`; default `<host>:<pid>:<random>`. */
  readonly holder?: string;
  /**
   * How long quota taken from the table stays this process's without being recorded, in
   * ms; keep it at the worker's lease. Default 300 000.
   */
  readonly reservationMs?: number;
}

/** Quota taken by one admitted message; give it back when the message is not sent after all. */
export interface Reservation {
  release(): void;
}

/** The answer of `DailyQuota.take`. */
export type QuotaDecision =
  | { readonly admitted: true; readonly reservation: Reservation }
  | {
      readonly admitted: false;
      /** When to look again: next local midnight, or when quota held may come free. */
      readonly until: Date;
      /** True when recorded sends alone reach the limit; false when messages in flight do. */
      readonly spent: boolean;
      readonly limit: number;
    };

/** What one account and day has in this process. */
interface Pool {
  readonly account: AccountRef;
  readonly day: string;
  /** Units this process holds in the table and has not handed to a message yet. */
  free: number;
  /** When this process's hold row lapses, in ms since the epoch. */
  validUntil: number;
  /** A take from the table in progress; the lanes of a batch share it. */
  taking?: Promise<Grant>;
}

type Grant =
  | { readonly units: number; readonly validUntil: number }
  | { readonly units: 0; readonly until: Date; readonly spent: boolean };

/** Rows of `recado_quota_holds` read back. */
interface HoldRow {
  readonly holder: string;
  readonly units: number;
  readonly expires_at: string;
}

/**
 * The per-day quota of each account, shared by every worker process on the database.
 *
 * `recado_account_usage.sent` counts what was recorded as sent. A process that admits a
 * message first takes quota from the table into a hold of its own (`recado_quota_holds`),
 * a few units at a time, under a lock on the account's usage row: what it may take is the
 * quota less what was sent and less every live hold, its own included. The worker moves
 * units from the hold to `sent` when it records a batch (`completeDeliveries` with the
 * holder), and gives back those of messages that were attempted and not sent; a message
 * admitted and then held by the rate limiter gives its unit back to this process. Units
 * taken and not used go back at the end of a drain (`returnUnused`). A hold of a process
 * that stopped without giving back lapses `reservationMs` after its last take, and with it
 * the quota of any message of it that was never recorded.
 */
export class DailyQuota {
  readonly holder: string;
  readonly #deps: DailyQuotaDeps;
  readonly #reservationMs: number;
  readonly #pools = new Map<string, Pool>();

  constructor(deps: DailyQuotaDeps) {
    this.#deps = deps;
    this.holder =
      deps.holder ?? `${hostname().slice(0, 80)}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.#reservationMs = deps.reservationMs ?? 300_000;
  }

  /**
   * Admits one message of an account at instant `at` and reserves its quota, or says until
   * when it waits. `perDay` is in messages per provider day.
   */
  async take(account: AccountRef, perDay: number, at: Date): Promise<QuotaDecision> {
    const pool = this.#pool(account, localDate(at, this.#deps.timeZone));
    for (;;) {
      if (this.#clock() >= pool.validUntil) pool.free = 0;
      if (pool.free > 0) {
        pool.free -= 1;
        return { admitted: true, reservation: this.#reservation(pool) };
      }
      pool.taking ??= this.#takeFromTable(pool, perDay, at).finally(() => {
        pool.taking = undefined;
      });
      const grant = await pool.taking;
      if (grant.units === 0 && 'until' in grant) {
        return { admitted: false, until: grant.until, spent: grant.spent, limit: perDay };
      }
      // Units came in; the lanes that waited for them share them, and a lane that finds
      // them gone already takes again.
    }
  }

  /** Gives back to the table the units this process took and did not use. */
  async returnUnused(): Promise<void> {
    for (const pool of this.#pools.values()) {
      const unused = this.#clock() < pool.validUntil ? pool.free : 0;
      pool.free = 0;
      if (unused > 0) {
        await takeFromHold(this.#deps.db, holdKey(pool.account, pool.day, this.holder), unused);
      }
    }
  }

  #pool(account: AccountRef, day: string): Pool {
    const key = `${account.channel}:${account.accountId}:${day}`;
    let pool = this.#pools.get(key);
    if (!pool) {
      for (const [other, old] of this.#pools) if (old.day < day) this.#pools.delete(other);
      pool = { account, day, free: 0, validUntil: -Infinity };
      this.#pools.set(key, pool);
    }
    return pool;
  }

  #reservation(pool: Pool): Reservation {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        if (this.#clock() < pool.validUntil) pool.free += 1;
      },
    };
  }

  /** Takes a few units of an account's quota into this process's hold, or says why not. */
  async #takeFromTable(pool: Pool, perDay: number, at: Date): Promise<Grant> {
    const { db } = this.#deps;
    const grant = await retryLockConflicts(() =>
      db.transaction(
        (trx) => this.#grant(trx, pool, perDay, at),
        dialectOf(db) === 'mysql' ? { isolationLevel: 'read committed' } : {},
      ),
    );
    if ('validUntil' in grant) {
      pool.free += grant.units;
      pool.validUntil = grant.validUntil;
    }
    return grant;
  }

  async #grant(trx: Knex.Transaction, pool: Pool, perDay: number, at: Date): Promise<Grant> {
    const { account, day } = pool;
    const usageKey = { channel: account.channel, account_id: account.accountId, day };
    // Writing the usage row first locks it (a row lock on MariaDB, the write lock on
    // SQLite): takes for one account run one at a time, and each sees the others' holds.
    await trx('recado_account_usage')
      .insert({ ...usageKey, sent: 0 })
      .onConflict(['channel', 'account_id', 'day'])
      .merge({ sent: trx.raw('??', ['recado_account_usage.sent']) });
    const usage = (await trx('recado_account_usage').where(usageKey).first('sent')) as {
      sent: number | string;
    };
    // Holds of days gone by count for nothing; cleared once per account and day here.
    if (pool.validUntil === -Infinity) {
      await trx('recado_quota_holds')
        .where({ channel: account.channel, account_id: account.accountId })
        .where('day', '<', day)
        .delete();
    }
    const holds = (await trx('recado_quota_holds')
      .where(usageKey)
      .select('holder', 'units', 'expires_at')) as HoldRow[];

    const clock = this.#clock();
    const live = holds
      .map((hold) => ({
        ...hold,
        units: Number(hold.units),
        expires: fromSqlTime(hold.expires_at),
      }))
      .filter((hold) => hold.expires.getTime() > clock && hold.units > 0);
    const sent = Number(usage.sent);
    const mine = live.find((hold) => hold.holder === this.holder)?.units ?? 0;
    const held = live.reduce((sum, hold) => sum + hold.units, 0);
    const left = perDay - sent - held;

    if (left <= 0) {
      const nextDay = startOfNextDay(at, this.#deps.timeZone);
      if (sent >= perDay) return { units: 0, until: nextDay, spent: true };
      // What is held is soon recorded as sent (then the day is spent), given back, or it
      // lapses; the first lapse is when the answer can change at the latest.
      const lapse = new Date(Math.min(...live.map((hold) => hold.expires.getTime())));
      return { units: 0, until: lapse < nextDay ? lapse : nextDay, spent: false };
    }

    const units = Math.min(left, blockOf(perDay));
    const validUntil = clock + this.#reservationMs;
    await trx('recado_quota_holds')
      .insert({
        ...holdKey(account, day, this.holder),
        units: mine + units,
        expires_at: toSqlTime(new Date(validUntil)),
      })
      .onConflict(['channel', 'account_id', 'day', 'holder'])
      .merge(['units', 'expires_at']);
    return { units, validUntil };
  }

  #clock(): number {
    return (this.#deps.now ?? (() => new Date()))().getTime();
  }
}

/**
 * Units taken from the table at a time: a hundredth of the quota, from 1 to 100. Small
 * enough that a process which stops holding them keeps little from the others; large
 * enough that a fast account does not take a lock per message.
 */
function blockOf(perDay: number): number {
  return Math.min(100, Math.max(1, Math.ceil(perDay / 100)));
}

function holdKey(account: AccountRef, day: string, holder: string): HoldKey {
  return { channel: account.channel, account_id: account.accountId, day, holder };
}
