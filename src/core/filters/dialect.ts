import type { Knex } from 'knex';
import type { Dialect } from '../../lib/database.js';
import {
  birthdayDates,
  birthdayMonthDays,
  birthdayRanges,
  type BirthdayWindow,
} from './birthdays.js';

/**
 * The only SQL of the filter engine that differs between SQLite and MySQL. Identifiers come
 * from the host mapping (quoted with `??`) and values are bound (`?`); nothing here splices
 * a value into the SQL text.
 */

/**
 * Upper-case letters of Latin-1 with their lower-case forms. SQLite's `lower()` folds
 * ASCII only; replacing these too makes `JOÃO` and `joão` equal there as they are on MySQL.
 * Other scripts (Greek, Cyrillic…) fold on MySQL and not on SQLite: a difference kept on
 * purpose rather than slowing every text comparison with a longer chain.
 */
const LATIN_UPPER = 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ';
const LATIN_LOWER = 'àáâãäåæçèéêëìíîïñòóôõöøùúûüý';
const LATIN_PAIRS = [...LATIN_UPPER].map((upper, index) => [upper, LATIN_LOWER[index]] as const);

/** The escape character of every `like` pattern; the same on both engines. */
const LIKE_ESCAPE = '!';

/** A folded operand: its SQL and its binding. */
export interface Folded {
  readonly sql: string;
  readonly binding: string;
}

/**
 * A column folded so that comparisons ignore case and nothing else. On MySQL the folded
 * text is compared as bytes: the column's collation would otherwise also fold accents,
 * ignore trailing spaces and (in `utf8mb4_unicode_ci`) make all emoji equal.
 */
export function foldedColumn(dialect: Dialect, column: string): Folded {
  if (dialect === 'mysql') {
    return { sql: 'cast(convert(lower(??) using utf8mb4) as binary)', binding: column };
  }
  const sql = LATIN_PAIRS.reduce(
    (inner, [upper, lower]) => `replace(${inner}, '${upper}', '${lower}')`,
    'lower(??)',
  );
  return { sql, binding: column };
}

/**
 * A value folded the way {@link foldedColumn} folds the column. MySQL folds it in SQL, with
 * the same `lower()` as the column, so a text always finds itself; SQLite's fold (ASCII and
 * the Latin-1 pairs) is exactly reproducible in Node, which keeps long lists short.
 */
export function foldedValue(dialect: Dialect, value: string): Folded {
  if (dialect === 'mysql') {
    return { sql: 'cast(convert(lower(?) using utf8mb4) as binary)', binding: value };
  }
  let folded = value.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  for (const [upper, lower] of LATIN_PAIRS) folded = folded.replaceAll(upper, lower ?? upper);
  return { sql: '?', binding: folded };
}

/** A `like` pattern that matches `text` literally: `%`, `_` and the escape are escaped. */
export function likePattern(text: string, where: 'contains' | 'starts_with'): string {
  const escaped = text.replace(/[!%_]/g, (char) => `${LIKE_ESCAPE}${char}`);
  return where === 'contains' ? `%${escaped}%` : `${escaped}%`;
}

/** The `escape` clause that goes with {@link likePattern}. */
export const LIKE_ESCAPE_SQL = `escape '${LIKE_ESCAPE}'`;

/** SQL of the month and day (`MM-DD`) of the date column bound to `??`; null for null. */
export function monthDaySql(dialect: Dialect): string {
  return dialect === 'sqlite' ? `strftime('%m-%d', ??)` : `date_format(??, '%m-%d')`;
}

/**
 * Birth dates in the window (see `birthdays.ts`), as clauses an index on the date serves.
 * MySQL gets the list of dates, 121 per day of the window: the index reads one point per
 * date, and a row is tested by a binary search of the sorted list instead of a walk through
 * about 120 ranges, which cost more than the index read itself. SQLite takes at most 32,766
 * bound values per statement and one `within 90 days` is 11,011 dates, so it keeps one range
 * per birth year behind a month-day test, which rejects most rows of a scan cheaply.
 */
export function whereBirthday(
  where: Knex.QueryBuilder,
  dialect: Dialect,
  column: string,
  window: BirthdayWindow,
  today: string,
): void {
  where.whereNotNull(column);
  if (dialect === 'mysql') {
    where.whereIn(column, birthdayDates(window, today));
    return;
  }
  const monthDays = birthdayMonthDays(window, today);
  const marks = monthDays.map(() => '?').join(', ');
  where.whereRaw(`${monthDaySql(dialect)} in (${marks})`, [column, ...monthDays]);
  const ranges = birthdayRanges(window, today);
  const days = ranges.filter(([from, to]) => from === to).map(([day]) => day);
  where.where((any) => {
    if (days.length > 0) any.orWhereIn(column, days);
    for (const [from, to] of ranges) if (from !== to) any.orWhereBetween(column, [from, to]);
  });
}

/** Month and day of a date column as `MM-DD`, for a select list. */
export function monthDay(db: Knex, dialect: Dialect, column: string): Knex.Raw {
  return db.raw(monthDaySql(dialect), [column]);
}

/** Whole days from the date a subquery returns to a bound date; null when it returns none. */
export function daysSince(
  db: Knex,
  dialect: Dialect,
  expression: Knex.QueryBuilder,
  to: string,
): Knex.Raw {
  if (dialect === 'sqlite') {
    return db.raw('cast(julianday(?) - julianday(?) as integer)', [to, expression]);
  }
  return db.raw('datediff(?, ?)', [to, expression]);
}
