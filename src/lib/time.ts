/** The provider's time zone when none is configured. */
export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** Whether a string names a time zone this runtime knows. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An instant as the UTC text both databases store and compare: `YYYY-MM-DD HH:MM:SS.mmm`. */
export function toSqlTime(instant: Date): string {
  return instant.toISOString().slice(0, 23).replace('T', ' ');
}

/** Reads a stored UTC datetime (with or without milliseconds) back into an instant. */
export function fromSqlTime(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}
