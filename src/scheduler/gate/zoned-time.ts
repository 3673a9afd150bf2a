/**
 * Wall-clock arithmetic in an IANA time zone, through Intl only: no offset is written down
 * here, so a zone that observes daylight saving time (or starts to again) works unchanged.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The local calendar date and minute of the day of an instant in a time zone. */
export interface WallClock {
  /** Local calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Minutes since local midnight, 0–1439. */
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

// Building a DateTimeFormat costs far more than using one; the gate asks for every message.
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock of an instant read as if it were UTC, in ms; seconds kept, ms dropped. */
function localAsUtc(instant: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    parts[part.type] = part.value;
  }
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  return localAsUtc(whole, timeZone) - whole;
}

/** The local date and minute of the day of an instant. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const local = new Date(localAsUtc(instant.getTime(), timeZone));
  return {
    date: local.toISOString().slice(0, 10),
    minute: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/** `YYYY-MM-DD` moved by a number of calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a calendar date: 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * The instant a local date and minute of the day name in a zone. When the clock goes back
 * and the local time happens twice, the earliest occurrence not before `notBefore` is
 * taken; when the clock jumps forward over it, the instant the jump ends (the first one
 * whose local time is not earlier).
 */
export function instantAt(date: string, minute: number, timeZone: string, notBefore?: Date): Date {
  const target = Date.parse(`${date}T00:00:00Z`) + minute * MINUTE_MS;
  // At most one transition lies within a day of any local time in the zones in use.
  const candidates = [
    target - offsetAt(target - DAY_MS, timeZone),
    target - offsetAt(target + DAY_MS, timeZone),
  ].sort((a, b) => a - b);
  const matching = candidates.filter((each) => localAsUtc(each, timeZone) === target);
  const floor = notBefore?.getTime() ?? -Infinity;
  const chosen = matching.find((each) => each >= floor) ?? matching.at(-1);
  if (chosen !== undefined) return new Date(chosen);
  return new Date(endOfGap(candidates[0] as number, candidates[1] as number, target, timeZone));
}

/** The first minute in `[low, high]` whose local time is not before `target`. */
function endOfGap(low: number, high: number, target: number, timeZone: string): number {
  let lo = Math.floor(low / MINUTE_MS);
  let hi = Math.ceil(high / MINUTE_MS);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (localAsUtc(mid * MINUTE_MS, timeZone) >= target) hi = mid;
    else lo = mid + 1;
  }
  return hi * MINUTE_MS;
}

/** Local midnight at the start of the day after the one an instant falls on. */
export function startOfNextDay(instant: Date, timeZone: string): Date {
  return instantAt(addDays(wallClock(instant, timeZone).date, 1), 0, timeZone);
}

/** An instant as the zone's wall clock reads it, `YYYY-MM-DD HH:MM:SS`, for reasons and logs. */
export function formatLocal(instant: Date, timeZone: string): string {
  const local = new Date(localAsUtc(instant.getTime(), timeZone));
  return local.toISOString().slice(0, 19).replace('T', ' ');
}

/** A minute of the day as `HH:MM`; 1440 is `24:00`. */
export function formatMinute(minute: number): string {
  const hours = String(Math.floor(minute / 60)).padStart(2, '0');
  return `${hours}:${String(minute % 60).padStart(2, '0')}`;
}
