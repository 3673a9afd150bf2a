/** Brazilian country code, as stored in front of every mobile number. */
const BRAZIL = '55';

/**
 * A stored mobile (`5511987654321`) as people write it: `(11) 98765-4321`. Numbers of
 * another country or length are shown with a `+` and left as they are.
 */
export function formatMobile(digits: string | null): string {
  if (!digits) return '';
  const national = digits.startsWith(BRAZIL) && digits.length >= 12 ? digits.slice(2) : digits;
  const match = /^(\d{2})(\d{4,5})(\d{4})$/.exec(national);
  if (!match) return digits.length > 11 ? `+${digits}` : digits;
  return `(${match[1]}) ${match[2]}-${match[3]}`;
}

/** Whole days from one `YYYY-MM-DD` date to another; negative when `to` comes first. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A UTC `Date` as the stored datetime string `YYYY-MM-DD HH:MM:SS`. */
export function utcDateTime(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}

/** Money, dates and times written the way the operator's locale writes them. */
export class Formats {
  readonly #money: Intl.NumberFormat;
  readonly #date: Intl.DateTimeFormat;
  readonly #dateTime: Intl.DateTimeFormat;
  readonly #localDate: Intl.DateTimeFormat;

  /** `timeZone` is the provider's, used for instants stored in UTC. */
  constructor(locale: string, timeZone: string) {
    this.#money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' });
    const day = { day: '2-digit', month: '2-digit', year: 'numeric' } as const;
    this.#date = new Intl.DateTimeFormat(locale, { ...day, timeZone: 'UTC' });
    this.#localDate = new Intl.DateTimeFormat(locale, { ...day, timeZone });
    this.#dateTime = new Intl.DateTimeFormat(locale, {
      ...day,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZone,
    });
  }

  /** An amount in reais; the database may hand back a number or a decimal string. */
  money(amount: number | string): string {
    return this.#money.format(Number(amount));
  }

  /** A calendar date `YYYY-MM-DD`, which has no time zone. */
  date(value: string): string {
    return this.#date.format(new Date(`${value.slice(0, 10)}T00:00:00Z`));
  }

  /** The provider's calendar date of a stored UTC datetime. */
  dateOf(utc: string): string {
    return this.#localDate.format(parseUtc(utc));
  }

  /** A stored UTC datetime in the provider's time zone. */
  dateTime(utc: string): string {
    return this.#dateTime.format(parseUtc(utc));
  }
}

function parseUtc(value: string): Date {
  return new Date(`${value.slice(0, 19).replace(' ', 'T')}Z`);
}
