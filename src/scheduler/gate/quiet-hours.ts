import { isNationalHoliday } from './holidays.js';
import { addDays, instantAt, wallClock, weekdayOf } from './zoned-time.js';

/** A span of local time in which sending is allowed, in minutes since local midnight. */
export interface TimeWindow {
  /** First allowed minute, 0–1439. */
  readonly start: number;
  /** First minute no longer allowed, 1–1440 (1440 is midnight at the end of the day). */
  readonly end: number;
}

/**
 * When messages of one channel and kind may go out, in the provider's local time. Outside
 * these windows is quiet hours: a message waits for the next window, it is never dropped.
 */
export interface QuietHoursSchedule {
  /** Allowed windows per day of the week, index 0 Sunday … 6 Saturday; empty: closed. */
  readonly weekdays: readonly (readonly TimeWindow[])[];
  /** Whether national holidays are closed all day, whatever their weekday. */
  readonly closedOnHolidays: boolean;
  /**
   * Whether the pontos facultativos (Carnival Monday and Tuesday, Corpus Christi) are
   * closed too; only read when `closedOnHolidays` is true.
   */
  readonly includeOptionalHolidays: boolean;
}

// A year and a week: every holiday of a year cannot close more than that.
const HORIZON_DAYS = 366 + 7;

/**
 * The first instant at or after `instant` at which the schedule allows sending: the
 * instant itself when it falls inside a window, else the start of the next window,
 * however many nights, weekends and holidays lie between. Local dates and times are read
 * in `timeZone` (IANA) through Intl, so daylight saving time is followed where there is
 * one. Throws for a schedule that is never open.
 */
export function nextAllowed(instant: Date, schedule: QuietHoursSchedule, timeZone: string): Date {
  const now = wallClock(instant, timeZone);
  for (let offset = 0; offset <= HORIZON_DAYS; offset += 1) {
    const date = offset === 0 ? now.date : addDays(now.date, offset);
    if (isClosedDay(date, schedule)) continue;

    const windows = schedule.weekdays[weekdayOf(date)] ?? [];
    for (const window of windows) {
      if (offset === 0 && now.minute >= window.end) continue;
      if (offset === 0 && now.minute >= window.start) return instant;
      return instantAt(date, window.start, timeZone, instant);
    }
  }
  throw new Error('the quiet-hours schedule never allows sending');
}

/** Whether a schedule allows sending at an instant. */
export function isAllowed(instant: Date, schedule: QuietHoursSchedule, timeZone: string): boolean {
  return nextAllowed(instant, schedule, timeZone).getTime() === instant.getTime();
}

/** Whether a schedule has no window on any day; such a schedule would hold forever. */
export function isNeverOpen(schedule: QuietHoursSchedule): boolean {
  return schedule.weekdays.every((windows) => windows.length === 0);
}

function isClosedDay(date: string, schedule: QuietHoursSchedule): boolean {
  if (!schedule.closedOnHolidays) return false;
  return isNationalHoliday(date, { includeOptional: schedule.includeOptionalHolidays });
}

/**
 * Windows sorted by start with overlapping or touching ones merged, so `nextAllowed` can
 * take the first window that has not ended yet.
 */
export function normalizeWindows(windows: readonly TimeWindow[]): readonly TimeWindow[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const merged: TimeWindow[] = [];
  for (const window of sorted) {
    const last = merged.at(-1);
    if (last && window.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, window.end) };
    } else {
      merged.push({ ...window });
    }
  }
  return Object.freeze(merged.map((window) => Object.freeze(window)));
}
