/**
 * Calendar arithmetic on `YYYY-MM-DD` strings and the provider's time zone. Every date a
 * filter compares with is computed here, in Node, and bound as a value: the SQL never asks
 * the database for the current date, so results do not depend on the server's clock or
 * time zone and are the same on SQLite and MySQL.
 */

const DAY_MS = 86_400_000;

function toUtcMs(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Days from `from` to `to`; positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** The first day of the month of `date`. */
export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the month after the month of `date`. */
export function nextMonthStart(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return fromUtcMs(Date.UTC(year, month, 1));
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Whether a `YYYY-MM-DD` string names a real calendar day. */
export function isCalendarDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && fromUtcMs(toUtcMs(date)) === date;
}

/** Milliseconds the zone is ahead of UTC at an instant (São Paulo: -3 h). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The UTC datetime (`YYYY-MM-DD HH:MM:SS`, as datetimes are stored) at which `date` begins
 * in the zone. The offset is read twice so that a day starting next to a daylight-saving
 * change still lands on its first instant.
 */
export function startOfDayUtc(date: string, timeZone: string): string {
  const wall = toUtcMs(date);
  let instant = wall - zoneOffsetMs(wall, timeZone);
  instant = wall - zoneOffsetMs(instant, timeZone);
  return new Date(instant).toISOString().slice(0, 19).replace('T', ' ');
}
