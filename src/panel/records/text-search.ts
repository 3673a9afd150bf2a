import type { Knex } from 'knex';

/**
 * Letters folded to their base for search, upper and lower case. SQLite's `lower()` only
 * knows ASCII and MariaDB's collations fold accents while SQLite does not, so both sides
 * are folded with the same table: `joao`, `JOÃO` and `João` find each other on both.
 */
const FOLDS: Readonly<Record<string, string>> = {
  a: 'áàâãäåÁÀÂÃÄÅ',
  e: 'éèêëÉÈÊË',
  i: 'íìîïÍÌÎÏ',
  o: 'óòôõöÓÒÔÕÖ',
  u: 'úùûüÚÙÛÜ',
  c: 'çÇ',
  n: 'ñÑ',
};

const FOLD_PAIRS: ReadonlyArray<readonly [string, string]> = Object.entries(FOLDS).flatMap(
  ([base, letters]) => [...letters].map((letter) => [letter, base] as const),
);

const COLUMN = /^[a-z_]+(\.[a-z_]+)?$/;

/** The term as the folded column expression sees it. */
export function foldText(text: string): string {
  let folded = text.toLowerCase();
  for (const [letter, base] of FOLD_PAIRS) folded = folded.replaceAll(letter, base);
  return folded;
}

/** SQL of a column lower-cased and folded; only for column names written in our code. */
export function foldedColumn(column: string): string {
  if (!COLUMN.test(column)) throw new Error(`not a column name: ${column}`);
  return FOLD_PAIRS.reduce(
    (sql, [letter, base]) => `replace(${sql}, '${letter}', '${base}')`,
    `lower(${column})`,
  );
}

/** A `like` pattern that finds the text anywhere, with `%`, `_` and `!` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/**
 * A `where` callback: `(col1 like … or col2 like …)` over folded columns, and over the
 * mobile digits when the term looks like a phone number.
 */
export function matching(term: string, columns: { text: readonly string[]; digits?: string }) {
  const pattern = containsPattern(foldText(term));
  const digits = /^[\d\s()+.-]+$/.test(term) ? term.replace(/\D/g, '') : '';
  return (inner: Knex.QueryBuilder): void => {
    for (const column of columns.text) {
      inner.orWhereRaw(`${foldedColumn(column)} like ? escape '!'`, [pattern]);
    }
    if (columns.digits && digits.length >= 2) {
      inner.orWhereRaw(`${columns.digits} like ? escape '!'`, [containsPattern(digits)]);
    }
  };
}
