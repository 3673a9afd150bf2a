/** A wall-clock date and time in the provider's time zone, as a form posts them. */
export interface LocalDateTime {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** `HH:MM`, 24-hour. */
  readonly time: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/** The wall-clock fields of an instant in a time zone. */
function wallClock(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** Milliseconds the zone is ahead of UTC at an instant (São Paulo: -3 h). */
function offsetAt(instant: Date, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/**
 * The instant a wall-clock date and time stand for in `timeZone`, or undefined when the
 * fields are not a real date and time. A time skipped by a clock change moves forward with
 * it; a time that happens twice is its first occurrence.
 */
export function localToInstant(local: LocalDateTime, timeZone: string): Date | undefined {
  const date = DATE.exec(local.date.trim());
  const time = TIME.exec(local.time.trim());
  if (!date || !time) return undefined;
  const [year, month, day, hour, minute] = [...date.slice(1), ...time.slice(1)].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59) return undefined;
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(guess);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;

  // The offset at the guess may differ from the offset at the answer near a clock change.
  const first = guess - offsetAt(new Date(guess), timeZone);
  return new Date(guess - offsetAt(new Date(first), timeZone));
}

/** An instant as the date and time inputs of a form show it in `timeZone`. */
export function instantToLocal(instant: Date, timeZone: string): LocalDateTime {
  const wall = wallClock(instant, timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  return {
    date: `${wall.year}-${two(wall.month)}-${two(wall.day)}`,
    time: `${two(wall.hour)}:${two(wall.minute)}`,
  };
}
