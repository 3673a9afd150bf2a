import type { Liquid } from 'liquidjs';

/** Formats the `date` filter takes as its argument; `short` when none is given. */
export const DATE_FORMATS = ['short', 'long', 'day_month', 'datetime'] as const;
/** A named format of the `date` filter. */
export type DateFormat = (typeof DATE_FORMATS)[number];

/**
 * A filter was given a value or an argument it cannot use (`'abc' | money`,
 * `date: 'weekly'`). Raised inside a render; the engine turns it into a coded error.
 */
export class FilterInputError extends Error {
  /** The filter's name as templates write it. */
  readonly filter: string;
  /** The value or argument refused, as text. */
  readonly value: string;

  constructor(filter: string, value: unknown) {
    super(`filter ${filter} cannot use ${String(value)}`);
    this.name = 'FilterInputError';
    this.filter = filter;
    this.value = String(value);
  }
}

/** Filters operators may use beyond LiquidJS's own, with a label key for the editor's help. */
export const TEMPLATE_FILTERS = [
  { name: 'money', labelKey: 'templates.filter.money', example: '{{ invoice.amount | money }}' },
  {
    name: 'date',
    labelKey: 'templates.filter.date',
    example: "{{ invoice.due_date | date: 'long' }}",
  },
  {
    name: 'first_name',
    labelKey: 'templates.filter.first_name',
    example: '{{ customer.name | first_name }}',
  },
  { name: 'phone', labelKey: 'templates.filter.phone', example: '{{ provider.phone | phone }}' },
  { name: 'ascii', labelKey: 'templates.filter.ascii', example: '{{ customer.name | ascii }}' },
] as const;

const isBlank = (value: unknown): boolean =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Brazilian reais: `1234.5` → `R$ 1.234,50` (pt-BR). The space after `R$` is a plain space,
 * not the no-break space Intl puts there: a no-break space is outside GSM-7 and would
 * turn a whole SMS into UCS-2. Blank values render as nothing.
 */
export function formatMoney(value: unknown, locale = 'pt-BR'): string {
  if (isBlank(value)) return '';
  const amount = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    throw new FilterInputError('money', value);
  }

  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' });
    moneyFormats.set(locale, format);
  }
  return format.format(amount).replace(/[\u00a0\u202f]/g, ' ');
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;

const DATE_OPTIONS: Record<Exclude<DateFormat, 'datetime'>, Intl.DateTimeFormatOptions> = {
  short: { day: '2-digit', month: '2-digit', year: 'numeric' },
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  day_month: { day: 'numeric', month: 'long' },
};

/**
 * A calendar date (`YYYY-MM-DD`) or a local date and time (`YYYY-MM-DD HH:MM[:SS]`) as
 * people read it: `short` → `03/12/2026`, `long` → `3 de dezembro de 2026`, `day_month` →
 * `3 de dezembro`, `datetime` → `03/12/2026 14:05`. Values are already in the provider's
 * time zone, so no conversion happens here. Blank values render as nothing.
 */
export function formatDate(value: unknown, format: unknown = 'short', locale = 'pt-BR'): string {
  if (isBlank(value)) return '';
  if (!DATE_FORMATS.includes(format as DateFormat)) throw new FilterInputError('date', format);
  const parts = readDate(String(value).trim());
  if (!parts) throw new FilterInputError('date', value);

  const instant = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (format !== 'datetime') {
    return dateFormat(locale, format as keyof typeof DATE_OPTIONS).format(instant);
  }
  return `${dateFormat(locale, 'short').format(instant)} ${pad(parts.hour)}:${pad(parts.minute)}`;
}

/** The parts of a date or date-time text, or undefined when it names no real moment. */
function readDate(
  text: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const check = new Date(Date.UTC(year, month - 1, day));
  const real = check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  return real && hour < 24 && minute < 60 ? { year, month, day, hour, minute } : undefined;
}

const pad = (value: number): string => String(value).padStart(2, '0');

// Building an Intl formatter costs far more than using one; a campaign formats the same few.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, format: keyof typeof DATE_OPTIONS): Intl.DateTimeFormat {
  const key = `${locale} ${format}`;
  let found = dateFormats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...DATE_OPTIONS[format], timeZone: 'UTC' });
    dateFormats.set(key, found);
  }
  return found;
}

/**
 * The first word of a full name, capitalised: `maria das graças` → `Maria`, `JOÃO PEDRO`
 * → `João`, `ana-clara lima` → `Ana-Clara`. A word already in mixed case (`DeAndre`) is kept
 * as written, since its owner chose that spelling.
 */
export function firstName(value: unknown, locale = 'pt-BR'): string {
  if (isBlank(value)) return '';
  const word = String(value).trim().split(/\s+/u)[0] ?? '';
  return word
    .split('-')
    .map((part) => capitalise(part, locale))
    .join('-');
}

function capitalise(part: string, locale: string): string {
  const lower = part.toLocaleLowerCase(locale);
  const mixed = part !== lower && part !== part.toLocaleUpperCase(locale);
  if (mixed) return part;
  const [initial = '', ...rest] = [...lower];
  return initial.toLocaleUpperCase(locale) + rest.join('');
}

const SERVICE_PREFIX = /^0[3589]00/;

/**
 * A Brazilian phone number as people write it: `5511987654321` → `(11) 98765-4321`,
 * `1932345678` → `(19) 3234-5678`, `08001234567` → `0800 123 4567`. The country code is
 * dropped only from 12 and 13 digit numbers, since 55 is also an area code (Santa Maria,
 * RS). A foreign number (`+1 …`) or one of any other shape is returned as given.
 */
export function formatPhone(value: unknown): string {
  if (isBlank(value)) return '';
  const given = String(value).trim();
  let digits = given.replace(/\D/g, '');
  if (given.startsWith('+') && !digits.startsWith('55')) return given;
  if (SERVICE_PREFIX.test(digits) && digits.length === 11) {
    return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  }
  // A country code (55) or a trunk prefix (0) only in front of a full number with area code.
  if (/^55\d{10,11}$/.test(digits)) digits = digits.slice(2);
  else if (/^0\d{10,11}$/.test(digits)) digits = digits.slice(1);

  const local = (number: string) => `${number.slice(0, -4)}-${number.slice(-4)}`;
  const area = digits.slice(0, 2);
  if (digits.length === 10 || digits.length === 11) return `(${area}) ${local(digits.slice(2))}`;
  if (digits.length === 8 || digits.length === 9) return local(digits);
  return given;
}

const ASCII_STAND_INS: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2022': '-',
  '\u00df': 'ss',
  '\u00e6': 'ae',
  '\u00c6': 'AE',
  '\u00f8': 'o',
  '\u00d8': 'O',
  '\u00b0': 'o',
};

/**
 * Plain ASCII: accents folded (`Ação` → `Acao`), typographic quotes and dashes made plain,
 * and anything left without an ASCII form (emoji, other scripts) dropped.
 */
export function toAscii(value: unknown): string {
  if (isBlank(value)) return '';
  return [...String(value)]
    .map((character) => ASCII_STAND_INS[character] ?? character)
    .join('')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e\t\r\n]/g, '');
}

/**
 * Adds the Brazilian filters to a LiquidJS instance. `date` replaces LiquidJS's strftime
 * `date`: operators get named formats instead of `%d/%m/%Y`.
 */
export function registerFilters(liquid: Liquid, locale: string): void {
  liquid.registerFilter('money', (value: unknown) => formatMoney(value, locale));
  liquid.registerFilter('date', (value: unknown, format?: unknown) =>
    formatDate(value, format ?? 'short', locale),
  );
  liquid.registerFilter('first_name', (value: unknown) => firstName(value, locale));
  liquid.registerFilter('phone', (value: unknown) => formatPhone(value));
  liquid.registerFilter('ascii', (value: unknown) => toAscii(value));
}
