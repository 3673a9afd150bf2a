import { setTimeout as delay } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { RecadoError } from '../../core/errors.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../lib/time.js';
import type { ChannelName, Delivery } from '../../queue/types.js';
import type { SendGate } from '../send-gate.js';
import { dailyQuotaHold, quietHoursHold, rateHold, type GateHold } from './holds.js';
import { CachedLimits, type LimitsProvider } from './limits.js';
import { nextAllowed, type QuietHoursSchedule } from './quiet-hours.js';
import { DailyQuota, type AccountRef, type Reservation } from './quota.js';
import { RateLimiter, type RateDecision } from './rate.js';
import { parseGateSettings, type GateSettings, type GateSettingsInput } from './settings.js';

export { GATE_HOLD_CODES, type GateHold, type GateHoldCode } from './holds.js';
export { holidayOn, holidaysOf, isNationalHoliday, type Holiday } from './holidays.js';
export type { AccountLimits, LimitsProvider } from './limits.js';
export { isAllowed, nextAllowed, type QuietHoursSchedule, type TimeWindow } from './quiet-hours.js';
export { PRESET_SCHEDULES, PRESETS, presetLabelKey, type PresetName } from './schedules.js';
export type { ScheduleSettings } from './schedules.js';
export { parseGateSettings, type GateSettings, type GateSettingsInput } from './settings.js';

/** What a `LimitsGate` is built from. */
export interface LimitsGateDeps {
  readonly db: Knex;
  /** Each account's rate and quota; answers are cached for `settings.limitsCacheMs`. */
  readonly limits: LimitsProvider;
  /** The provider's time zone (IANA) for quiet hours and quota days. Default America/Sao_Paulo. */
  readonly timeZone?: string;
  /** Schedules per channel and kind, and tunables; see `GateSettingsInput` for defaults. */
  readonly settings?: GateSettingsInput;
  /**
   * Picks a delivery's schedule where channel and kind are not enough (say, `br-collection`
   * for overdue reminders but `always` for receipts); `undefined` falls back to the settings.
   */
  readonly scheduleFor?: (delivery: Delivery) => QuietHoursSchedule | undefined;
  /** The clock that ages cached limits and quota holds. Default `new Date()`. */
  readonly now?: () => Date;
  /** Waits for a booked send instant; tests pass a fake. Default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly logger?: Logger;
}

/**
 * The send gate of quiet hours, daily quotas and per-second rates, asked by the worker just
 * before each send. In that order: a message in quiet hours takes no quota, and one over
 * quota books no send instant. A held delivery goes back to the queue with `run_at = until`;
 * nothing is dropped. The worker hands over a delivery that names no account as one of its
 * channel's default account (`defaultAccount`); only when the channel has none does it pass
 * quota and rate.
 *
 * Decisions about the calendar and the rate are made at the instant given to `admit`.
 */
export class LimitsGate implements SendGate {
  readonly settings: GateSettings;
  readonly timeZone: string;
  readonly #deps: LimitsGateDeps;
  readonly #limits: CachedLimits;
  readonly #quota: DailyQuota;
  readonly #rate: RateLimiter;
  readonly #logger: Logger | undefined;
  /** The last quiet-hours answer per schedule, valid for its whole minute. */
  readonly #quiet = new WeakMap<QuietHoursSchedule, { minute: number; opens: Date }>();

  /** Throws `RECADO_CONFIG_INVALID`, naming the field, for bad settings or an unknown zone. */
  constructor(deps: LimitsGateDeps) {
    this.#deps = deps;
    this.settings = parseGateSettings(deps.settings);
    this.timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
    if (!isTimeZone(this.timeZone)) {
      const reason = `gate timeZone "${this.timeZone}" is not an IANA time zone this runtime knows`;
      throw new RecadoError('RECADO_CONFIG_INVALID', { field: 'timeZone', reason });
    }
    this.#limits = new CachedLimits({
      provider: deps.limits,
      ttlMs: this.settings.limitsCacheMs,
      now: deps.now,
    });
    this.#quota = new DailyQuota({
      db: deps.db,
      timeZone: this.timeZone,
      now: deps.now,
      reservationMs: this.settings.reservationMs,
    });
    this.#rate = new RateLimiter({ db: deps.db, maxWaitMs: this.settings.maxRateWaitMs });
    this.#logger = deps.logger?.child({ component: 'gate' });
  }

  /**
   * When a schedule next allows sending, memoised per minute: windows start and end on whole
   * minutes, so every instant of a minute gets the same answer, and a batch of thousands of
   * deliveries needs one calendar computation instead of one each.
   */
  #opens(schedule: QuietHoursSchedule, now: Date): Date {
    const minute = Math.floor(now.getTime() / 60_000);
    const cached = this.#quiet.get(schedule);
    if (cached?.minute === minute) return cached.opens > now ? cached.opens : now;
    const opens = nextAllowed(now, schedule, this.timeZone);
    this.#quiet.set(schedule, { minute, opens });
    return opens;
  }

  /** Undefined when the delivery may go now (perhaps after a short wait for its instant). */
  async admit(delivery: Delivery, now: Date): Promise<GateHold | undefined> {
    const opens = this.#opens(this.scheduleOf(delivery), now);
    if (opens > now) return this.#held(delivery, quietHoursHold(delivery, opens, this.timeZone));
    if (delivery.accountId === null) return undefined;

    const account: AccountRef = { channel: delivery.channel, accountId: delivery.accountId };
    const limits = await this.#limits.get(account.channel, account.accountId);
    let reservation: Reservation | undefined;
    if (limits?.perDay !== undefined) {
      const quota = await this.#quota.take(account, limits.perDay, now);
      if (!quota.admitted)
        return this.#held(delivery, dailyQuotaHold(delivery, quota, this.timeZone));
      reservation = quota.reservation;
    }

    if (limits?.perSecond === undefined) return undefined;
    let rate: RateDecision | undefined;
    try {
      rate = await this.#rate.take(account, limits.perSecond, now);
    } finally {
      // Not sent now (no instant, or the booking failed), so the quota it took is free again.
      if (!rate?.admitted) reservation?.release();
    }
    if (!rate.admitted) {
      return this.#held(delivery, rateHold(delivery, rate.until, limits.perSecond, this.timeZone));
    }
    // A send that waited may start up to maxRateWaitMs after a quiet-hours window closed.
    if (rate.waitMs > 0) await this.#sleep(rate.waitMs);
    return undefined;
  }

  get quotaHolder(): string {
    return this.#quota.holder;
  }

  returnUnused(): Promise<void> {
    return this.#quota.returnUnused();
  }

  /** The channel's default account (see `SendGate.defaultAccount`), cached with the limits. */
  defaultAccount(channel: ChannelName): Promise<number | undefined> {
    return this.#limits.defaultAccount(channel);
  }

  /** The schedule a delivery follows: `scheduleFor` when it answers, else by channel and kind. */
  scheduleOf(delivery: Delivery): QuietHoursSchedule {
    return (
      this.#deps.scheduleFor?.(delivery) ?? this.settings.schedules[delivery.channel][delivery.kind]
    );
  }

  #held(delivery: Delivery, hold: GateHold): GateHold {
    this.#logger?.debug(
      {
        event: 'gate.delivery.held',
        deliveryId: delivery.id,
        channel: delivery.channel,
        accountId: delivery.accountId,
        code: hold.code,
        until: hold.until.toISOString(),
      },
      'held',
    );
    return hold;
  }

  #sleep(ms: number): Promise<void> {
    return this.#deps.sleep ? this.#deps.sleep(ms) : delay(ms).then(() => undefined);
  }
}
