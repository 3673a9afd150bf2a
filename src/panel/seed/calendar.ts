import { DEFAULT_TIME_ZONE, localDate } from '../../lib/time.js';

const DAY_MS = 86_400_000;

/**
 * The instant a data set is built for. Dates are handled as day numbers (days since
 * 1970-01-01) so that the generators add and compare them as integers.
 */
export interface SeedClock {
  /** The provider's calendar date at `now`, as a day number. */
  readonly today: number;
  /** `now` as a UTC datetime string, `YYYY-MM-DD HH:MM:SS`. */
  readonly nowText: string;
}

export function clockAt(now: Date, timeZone: string = DEFAULT_TIME_ZONE): SeedClock {
  return { today: dayOf(localDate(now, timeZone)), nowText: dateTimeText(now) };
}

/** The day number of a `YYYY-MM-DD` date. */
export function dayOf(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    DAY_MS
  );
}

/** The day number of a calendar date; `month` counts from 0. */
export function dayOfMonth(year: number, month: number, day: number): number {
  return Date.UTC(year, month, day) / DAY_MS;
}

/** Days of 1900 to 2099 are memoized: millions of rows share a few thousand days. */
const FIRST_MEMOIZED_DAY = -25_567;
const MEMOIZED_DAYS = 73_049;
const dateTexts = new Array<string | undefined>(MEMOIZED_DAYS);

/** `YYYY-MM-DD` of a day number. */
export function dateText(day: number): string {
  const slot = day - FIRST_MEMOIZED_DAY;
  const text = dateTexts[slot];
  if (text !== undefined) return text;
  const made = new Date(day * DAY_MS).toISOString().slice(0, 10);
  if (slot >= 0 && slot < MEMOIZED_DAYS) dateTexts[slot] = made;
  return made;
}

/** `YYYY-MM-DD HH:MM:SS` of a day number and a second of that (UTC) day. */
export function dateTimeAt(day: number, second: number): string {
  const hours = Math.floor(second / 3600);
  const minutes = Math.floor(second / 60) % 60;
  return `${dateText(day)} ${pad2(hours)}:${pad2(minutes)}:${pad2(second % 60)}`;
}

/** The calendar parts of a day number; `month` counts from 0. */
export function partsOf(day: number): { year: number; month: number; date: number } {
  const instant = new Date(day * DAY_MS);
  return {
    year: instant.getUTCFullYear(),
    month: instant.getUTCMonth(),
    date: instant.getUTCDate(),
  };
}

function dateTimeText(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
