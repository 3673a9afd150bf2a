import type { Delivery } from '../../queue/types.js';
import type { Hold } from '../send-gate.js';
import { formatLocal } from './zoned-time.js';

/** Stable codes of the gate's holds, stored in `error_code` of a held delivery. */
export const GATE_HOLD_CODES = Object.freeze({
  quietHours: 'RECADO_GATE_QUIET_HOURS',
  dailyQuota: 'RECADO_GATE_DAILY_QUOTA',
  rate: 'RECADO_GATE_RATE',
} as const);

export type GateHoldCode = (typeof GATE_HOLD_CODES)[keyof typeof GATE_HOLD_CODES];

/**
 * A hold with what the log screen needs to say it in the operator's language: `reason`
 * is English and goes to `error_reason`; `messageKey` with `params` is the same in a locale.
 */
export interface GateHold extends Hold {
  readonly code: GateHoldCode;
  readonly messageKey: string;
  /**
   * `until`: local time in the provider's zone, `YYYY-MM-DD HH:MM:SS`; `limit`: the quota
   * (messages a day) or the rate (messages a second), where there is one.
   */
  readonly params: Readonly<Record<string, string | number>>;
}

/** Held for quiet hours until the next window opens. */
export function quietHoursHold(delivery: Delivery, until: Date, timeZone: string): GateHold {
  const local = formatLocal(until, timeZone);
  return freeze({
    until,
    code: GATE_HOLD_CODES.quietHours,
    reason: `quiet hours for ${delivery.kind} ${delivery.channel} messages; sending resumes at ${local} (${timeZone})`,
    messageKey: 'gate.hold.quiet_hours',
    params: { until: local },
  });
}

/** Held because the account's daily quota is used up (`spent`) or taken by messages in flight. */
export function dailyQuotaHold(
  delivery: Delivery,
  quota: { until: Date; spent: boolean; limit: number },
  timeZone: string,
): GateHold {
  const local = formatLocal(quota.until, timeZone);
  const account = `${delivery.channel} account ${String(delivery.accountId)}`;
  const reason = quota.spent
    ? `${account} reached its daily quota of ${quota.limit}; carried over to ${local} (${timeZone})`
    : `the daily quota of ${quota.limit} of ${account} is taken by messages in flight; checked again at ${local} (${timeZone})`;
  return freeze({
    until: quota.until,
    code: GATE_HOLD_CODES.dailyQuota,
    reason,
    messageKey: quota.spent ? 'gate.hold.daily_quota' : 'gate.hold.daily_quota_in_flight',
    params: { until: local, limit: quota.limit },
  });
}

/** Held because the account's per-second rate leaves no slot soon enough. */
export function rateHold(
  delivery: Delivery,
  until: Date,
  perSecond: number,
  timeZone: string,
): GateHold {
  const local = formatLocal(until, timeZone);
  const account = `${delivery.channel} account ${String(delivery.accountId)}`;
  return freeze({
    until,
    code: GATE_HOLD_CODES.rate,
    reason: `${account} sends at most ${perSecond} messages a second; next slot at ${local} (${timeZone})`,
    messageKey: 'gate.hold.rate',
    params: { until: local, limit: perSecond },
  });
}

function freeze(hold: GateHold): GateHold {
  return Object.freeze({ ...hold, params: Object.freeze({ ...hold.params }) });
}
