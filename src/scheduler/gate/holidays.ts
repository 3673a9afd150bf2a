/**
 * Brazilian national holidays (Lei 662/1949 and the laws that amended it, Lei 6.802/1980,
 * Lei 14.759/2023). State and city holidays are not here: they differ per provider.
 */

const DAY_MS = 86_400_000;

/** One holiday of a year. */
export interface Holiday {
  /** Calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Locale key of its name, e.g. `gate.holiday.tiradentes`. */
  readonly nameKey: string;
  /**
   * True for a "ponto facultativo" (Carnival Monday and Tuesday, Corpus Christi): a day off
   * for federal servants and, by custom, for many businesses, but not a national holiday.
   */
  readonly optional: boolean;
}

/** Options of the holiday calendar. */
export interface HolidayOptions {
  /**
   * Also list the "pontos facultativos" (Carnival Monday and Tuesday, Corpus Christi). They
   * are not national holidays, so a collection notice may go out on them. Default false.
   */
  readonly includeOptional?: boolean;
}

interface FixedHoliday {
  readonly monthDay: string;
  readonly name: string;
  /** First year it is a national holiday; default always. */
  readonly since?: number;
}

const FIXED: readonly FixedHoliday[] = [
  { monthDay: '01-01', name: 'confraternizacao_universal' },
  { monthDay: '04-21', name: 'tiradentes' },
  { monthDay: '05-01', name: 'dia_do_trabalho' },
  { monthDay: '09-07', name: 'independencia' },
  { monthDay: '10-12', name: 'nossa_senhora_aparecida' },
  { monthDay: '11-02', name: 'finados' },
  { monthDay: '11-15', name: 'proclamacao_da_republica' },
  // Lei 14.759/2023 made it national from 2024 on; before, only some states and cities kept it.
  { monthDay: '11-20', name: 'consciencia_negra', since: 2024 },
  { monthDay: '12-25', name: 'natal' },
];

/** Days counted from Easter Sunday. */
const MOVABLE: readonly { readonly offset: number; readonly name: string; optional: boolean }[] = [
  { offset: -48, name: 'carnaval_segunda', optional: true },
  { offset: -47, name: 'carnaval_terca', optional: true },
  { offset: -2, name: 'paixao_de_cristo', optional: false },
  { offset: 60, name: 'corpus_christi', optional: true },
];

/** Easter Sunday of a year, `YYYY-MM-DD`, by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const cache = new Map<number, readonly Holiday[]>();

/** Every national holiday of a year (and, if asked, the pontos facultativos), by date. */
export function holidaysOf(year: number, options: HolidayOptions = {}): readonly Holiday[] {
  const all = allOf(year);
  return options.includeOptional ? all : all.filter((holiday) => !holiday.optional);
}

/** Whether a calendar date (`YYYY-MM-DD`) is a national holiday. */
export function isNationalHoliday(date: string, options: HolidayOptions = {}): boolean {
  return holidayOn(date, options) !== undefined;
}

/** The holiday on a calendar date, if it is one. */
export function holidayOn(date: string, options: HolidayOptions = {}): Holiday | undefined {
  return holidaysOf(Number(date.slice(0, 4)), options).find((holiday) => holiday.date === date);
}

function allOf(year: number): readonly Holiday[] {
  const known = cache.get(year);
  if (known) return known;

  const easter = Date.parse(`${easterSunday(year)}T00:00:00Z`);
  const fixed = FIXED.filter((holiday) => year >= (holiday.since ?? 0)).map((holiday) =>
    entry(`${year}-${holiday.monthDay}`, holiday.name, false),
  );
  const movable = MOVABLE.map((holiday) => {
    const date = new Date(easter + holiday.offset * DAY_MS).toISOString().slice(0, 10);
    return entry(date, holiday.name, holiday.optional);
  });
  const all = Object.freeze([...fixed, ...movable].sort((a, b) => a.date.localeCompare(b.date)));

  cache.set(year, all);
  return all;
}

function entry(date: string, name: string, optional: boolean): Holiday {
  return Object.freeze({ date, nameKey: `gate.holiday.${name}`, optional });
}
