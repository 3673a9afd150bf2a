import type { Knex } from 'knex';
import { localDate } from '../../lib/time.js';
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
  /** The clock that ages reads and reservations; default `() => new Date()`. */
  readonly now?: () => Date;
  /** How long a read of `recado_account_usage` is trusted, in ms. Default 1 000. */
  readonly refreshMs?: number;
  /**
   * How long an admitted message counts before the worker must have recorded it, in ms;
   * keep it at the worker's lease. Default 300 000.
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
      /** When to look again: next local midnight, or when quota in flight may come free. */
      readonly until: Date;
      /** True when recorded sends alone reach the limit; false when messages in flight do. */
      readonly spent: boolean;
      readonly limit: number;
    };

interface Slot {
  readonly expiresAt: number;
}

interface DayUsage {
  readonly day: string;
  /** `sent` in `recado_account_usage` at the last read. */
  recorded: number;
  readAt: number;
  /** Admitted here and not yet seen in `recorded`, oldest first. */
  readonly inFlight: Slot[];
}

/**
 * The per-day quota of each account. Sent messages are counted by the worker in
 * `recado_account_usage` when it records a batch; until then, what this process admitted
 * is held as reservations, so a batch of 200 against a quota of 50 admits 50. When a
 * fresh read shows the count grown, that many reservations are taken as recorded; a
 * reservation never recorded (the send failed, the lease ran out) lapses after
 * `reservationMs`.
 *
 * TODO: reservations live in this process, so N workers draining one account at the same
 * moment each admit up to what the table says is left: at worst N times the quota in a
 * day. A shared reservation needs a column of `recado_account_usage` taken at admit time
 * and moved to `sent` by `completeDeliveries` — this can go when the queue has one.
 */
export class DailyQuota {
  readonly #deps: DailyQuotaDeps;
  readonly #refreshMs: number;
  readonly #reservationMs: number;
  readonly #usage = new Map<string, DayUsage>();
  readonly #reads = new Map<string, Promise<void>>();

  constructor(deps: DailyQuotaDeps) {
    this.#deps = deps;
    this.#refreshMs = deps.refreshMs ?? 1_000;
    this.#reservationMs = deps.reservationMs ?? 300_000;
  }

  /**
   * Admits one message of an account at instant `at` and reserves its quota, or says until
   * when it waits. `perDay` is in messages per provider day.
   */
  async take(account: AccountRef, perDay: number, at: Date): Promise<QuotaDecision> {
    const day = localDate(at, this.#deps.timeZone);
    const usage = await this.#fresh(account, day);
    const clock = this.#clock();
    while (usage.inFlight[0] && usage.inFlight[0].expiresAt <= clock) usage.inFlight.shift();

    const nextDay = startOfNextDay(at, this.#deps.timeZone);
    if (usage.recorded >= perDay) {
      return { admitted: false, until: nextDay, spent: true, limit: perDay };
    }
    if (usage.recorded + usage.inFlight.length >= perDay) {
      // What is in flight is soon recorded as sent (then the day is spent) or, if it failed,
      // lapses; the oldest lapse is when the answer can change.
      const lapse = new Date((usage.inFlight[0] as Slot).expiresAt);
      const until = lapse < nextDay ? lapse : nextDay;
      return { admitted: false, until, spent: false, limit: perDay };
    }

    const slot: Slot = { expiresAt: clock + this.#reservationMs };
    usage.inFlight.push(slot);
    return { admitted: true, reservation: { release: () => remove(usage.inFlight, slot) } };
  }

  /** The usage of an account and day, read again when the last read is older than `refreshMs`. */
  async #fresh(account: AccountRef, day: string): Promise<DayUsage> {
    const key = `${account.channel}:${account.accountId}:${day}`;
    let usage = this.#usage.get(key);
    if (!usage) {
      this.#forgetDaysBefore(day);
      usage = { day, recorded: 0, readAt: -Infinity, inFlight: [] };
      this.#usage.set(key, usage);
    }
    if (this.#clock() - usage.readAt < this.#refreshMs) return usage;

    // Lanes of one batch share a read; each then checks and reserves without awaiting, so
    // no two can take the same last unit of quota.
    let read = this.#reads.get(key);
    if (!read) {
      read = this.#read(account, usage).finally(() => this.#reads.delete(key));
      this.#reads.set(key, read);
    }
    await read;
    return usage;
  }

  async #read(account: AccountRef, usage: DayUsage): Promise<void> {
    const row = await this.#deps
      .db('recado_account_usage')
      .where({ channel: account.channel, account_id: account.accountId, day: usage.day })
      .first('sent');
    const sent = Number(row?.sent ?? 0);
    // The counter only grows within a day; what it grew by was recorded from somewhere,
    // most likely from what this process has in flight.
    const grown = Math.max(0, sent - usage.recorded);
    usage.inFlight.splice(0, Math.min(grown, usage.inFlight.length));
    usage.recorded = Math.max(usage.recorded, sent);
    usage.readAt = this.#clock();
  }

  #forgetDaysBefore(day: string): void {
    for (const [key, usage] of this.#usage) if (usage.day < day) this.#usage.delete(key);
  }

  #clock(): number {
    return (this.#deps.now ?? (() => new Date()))().getTime();
  }
}

function remove(slots: Slot[], slot: Slot): void {
  const index = slots.indexOf(slot);
  if (index >= 0) slots.splice(index, 1);
}
