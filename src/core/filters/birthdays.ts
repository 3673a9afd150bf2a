import { addDays, isLeapYear, monthStart, nextMonthStart } from './calendar.js';

/** Which birthdays a condition asks for, counted from the provider's today. */
export type BirthdayWindow =
  | { readonly kind: 'today' }
  | { readonly kind: 'this_month' }
  /** Today and the next `days` days; 0 is today only. */
  | { readonly kind: 'within_days'; readonly days: number };

/** An inclusive range of birth dates, `YYYY-MM-DD`. */
export type DateRange = readonly [from: string, to: string];

/**
 * Birth years a birthday condition looks at: the last 120 years. A birth date outside them
 * (a placeholder such as 1800-01-01, or one in the future) never has a birthday.
 */
export const BIRTH_YEARS = 120;

/** The calendar days (`YYYY-MM-DD`) of the window, in order. */
function windowDays(window: BirthdayWindow, today: string): string[] {
  if (window.kind === 'today') return [today];
  if (window.kind === 'within_days') {
    return Array.from({ length: window.days + 1 }, (_, index) => addDays(today, index));
  }
  const days: string[] = [];
  const end = nextMonthStart(today);
  for (let day = monthStart(today); day < end; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The month-days (`MM-DD`) celebrated in the window. Someone born on 29 February celebrates
 * on 28 February in a common year, so a window holding 28 February of a common year holds
 * `02-29` too; in a leap year 29 February is a day of its own.
 */
export function birthdayMonthDays(window: BirthdayWindow, today: string): string[] {
  const monthDays = new Set<string>();
  for (const day of windowDays(window, today)) {
    monthDays.add(day.slice(5));
    if (day.slice(5) === '02-28' && !isLeapYear(Number(day.slice(0, 4)))) monthDays.add('02-29');
  }
  return [...monthDays];
}

/**
 * The birth dates whose birthday falls in the window, over the last {@link BIRTH_YEARS}
 * years, in order: one date per birth year and month-day (29 February only in leap years).
 */
export function birthdayDates(window: BirthdayWindow, today: string): string[] {
  const monthDays = birthdayMonthDays(window, today);
  const thisYear = Number(today.slice(0, 4));
  const dates: string[] = [];
  for (let year = thisYear - BIRTH_YEARS; year <= thisYear; year += 1) {
    for (const monthDay of monthDays) {
      if (monthDay === '02-29' && !isLeapYear(year)) continue;
      dates.push(`${String(year).padStart(4, '0')}-${monthDay}`);
    }
  }
  return dates.sort();
}

/**
 * The same birth dates as {@link birthdayDates}, with consecutive days joined into ranges:
 * about 120 short ranges instead of a full scan. A window that crosses the new year joins
 * December of one year to January of the next.
 */
export function birthdayRanges(window: BirthdayWindow, today: string): DateRange[] {
  return mergeConsecutive(birthdayDates(window, today));
}

function mergeConsecutive(dates: readonly string[]): DateRange[] {
  const ranges: [string, string][] = [];
  for (const date of dates) {
    const last = ranges[ranges.length - 1];
    if (last && addDays(last[1], 1) === date) last[1] = date;
    else ranges.push([date, date]);
  }
  return ranges;
}
