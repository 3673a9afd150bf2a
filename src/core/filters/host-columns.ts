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
}

/** No hints: every condition is still exact, only slower on a large MySQL table. */
export const NO_HINTS: FilterHints = { caseInsensitive: new Set() };

/** Text columns a filter compares and an index may serve. */
const TEXT_COLUMNS = ['plan', 'city', 'neighbourhood'] as const;

/**
 * Reads the collation of the customers' text columns from `information_schema` (MySQL only;
 * SQLite needs no hint). A column in a case-sensitive or binary collation gets no hint, since
 * the bare comparison would then miss a value written in another case.
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
  return { caseInsensitive: new Set(caseInsensitive) };
}
