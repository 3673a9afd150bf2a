import type { Knex } from 'knex';
import { dialectOf } from '../../lib/database.js';
import { columnOf, type HostMapping } from '../mapping.js';

/** What the engine learned about the host's columns; it only ever makes queries faster. */
export interface FilterHints {
  /**
   * Logical text columns of the customers whose collation ignores case (`…_ci`). An
   * equality, list or prefix condition on one of them is also written against the bare
   * column, which its index can answer; the exact case-folded comparison still decides.
   */
  readonly caseInsensitive: ReadonlySet<string>;
  /**
   * The indexes on the customers, each as the logical columns it holds whole, leading
   * column first. A branch of `any` that one of them answers alone becomes a set of ids read
   * from that index (see `id-sets.ts`).
   */
  readonly customerIndexes: readonly (readonly string[])[];
}

/** No hints: every condition is still exact, only slower on a large MySQL table. */
export const NO_HINTS: FilterHints = { caseInsensitive: new Set(), customerIndexes: [] };

/** Text columns a filter compares and an index may serve. */
const TEXT_COLUMNS = ['plan', 'city', 'neighbourhood'] as const;

/**
 * Reads the collation of the customers' text columns and their indexes from
 * `information_schema` (MySQL only; SQLite needs no hint). A column in a case-sensitive or
 * binary collation gets no hint, since the bare comparison would then miss a value written
 * in another case.
 */
export async function inspectHostColumns(db: Knex, mapping: HostMapping): Promise<FilterHints> {
  if (dialectOf(db) !== 'mysql') return NO_HINTS;
  const names = TEXT_COLUMNS.map((logical) => columnOf(mapping.customers, logical));
  const rows = (await db('information_schema.columns')
    .select('column_name as name', 'collation_name as collation')
    .whereRaw('table_schema = database()')
    .where('table_name', mapping.customers.table)
    .whereIn('column_name', names)) as { name: string; collation: string | null }[];

  const collationOf = new Map(rows.map((row) => [row.name.toLowerCase(), row.collation ?? '']));
  const caseInsensitive = TEXT_COLUMNS.filter((logical) =>
    /_ci$/.test(collationOf.get(columnOf(mapping.customers, logical).toLowerCase()) ?? ''),
  );
  const customerIndexes = await inspectIndexes(db, mapping);
  return { caseInsensitive: new Set(caseInsensitive), customerIndexes };
}

interface IndexColumnRow {
  readonly index: string;
  /** Null for an expression in a functional index (MySQL 8). */
  readonly name: string | null;
  /** Characters of a prefix index; null when the index holds the whole column. */
  readonly part: number | null;
}

/**
 * The customers' indexes as logical columns. A column the mapping does not name, held only
 * as a prefix, or an expression is left out: the index cannot answer a condition on it. An
 * index whose leading column is left out is dropped, since no filter can seek it.
 */
async function inspectIndexes(db: Knex, mapping: HostMapping): Promise<string[][]> {
  const logicalOf = new Map(
    Object.keys(mapping.customers.columns).map((logical) => [
      columnOf(mapping.customers, logical).toLowerCase(),
      logical,
    ]),
  );
  const rows = (await db('information_schema.statistics')
    .select('index_name as index', 'column_name as name', 'sub_part as part')
    .whereRaw('table_schema = database()')
    .where('table_name', mapping.customers.table)
    .orderBy([{ column: 'index_name' }, { column: 'seq_in_index' }])) as IndexColumnRow[];

  const indexes = new Map<string, (string | undefined)[]>();
  for (const row of rows) {
    const partial = row.name === null || row.part !== null;
    const logical = partial ? undefined : logicalOf.get(row.name.toLowerCase());
    indexes.set(row.index, [...(indexes.get(row.index) ?? []), logical]);
  }
  return [...indexes.values()]
    .filter((columns) => columns[0] !== undefined)
    .map((columns) => columns.filter((logical): logical is string => logical !== undefined));
}
