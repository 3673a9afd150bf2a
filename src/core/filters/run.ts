import type { Knex } from 'knex';
import type { HostMapping } from '../mapping.js';
import { compileContext, compileFilter, compileTree } from './compile.js';
import { pageColumns, toMatch, type FilterMatch } from './explain.js';
import { customerColumn } from './sql.js';
import type { CompileOptions } from './types.js';
import { validateFilter } from './validate.js';

/** Which slice of the matches a page holds. */
export interface PageOptions {
  /** Matches per page, 1–500. Default 50. */
  readonly limit?: number;
  /** Keyset paging: only customers whose id is greater (the previous page's `nextAfterId`). */
  readonly afterId?: number;
  /** Offset paging, for jumping to a page number; slower than `afterId` on large results. */
  readonly offset?: number;
}

/** A page of matches, in customer id order. */
export interface FilterPage {
  readonly matches: readonly FilterMatch[];
  /** Pass as `afterId` for the next page; null when this page is the last. */
  readonly nextAfterId: number | null;
}

/** Default and largest page size. */
export const PAGE_LIMITS = { default: 50, max: 500 } as const;

/** The count query: `select count(*) as n` over the compiled filter. */
export function countQuery(
  db: Knex,
  mapping: HostMapping,
  input: unknown,
  options: CompileOptions,
): Knex.QueryBuilder {
  return compileFilter(db, mapping, input, options).count({ n: '*' });
}

/** Counts the customers a filter matches, in one query. */
export async function countMatches(
  db: Knex,
  mapping: HostMapping,
  input: unknown,
  options: CompileOptions,
): Promise<number> {
  const rows = (await countQuery(db, mapping, input, options)) as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}

function pageLimit(options: PageOptions): number {
  const limit = Math.trunc(options.limit ?? PAGE_LIMITS.default);
  return Math.min(Math.max(limit, 1), PAGE_LIMITS.max);
}

/** The page query: customer columns and the reasons, in id order, one page long. */
export function pageQuery(
  db: Knex,
  mapping: HostMapping,
  input: unknown,
  options: CompileOptions & PageOptions,
): Knex.QueryBuilder {
  const tree = validateFilter(input);
  const context = compileContext(db, mapping, options);
  const id = customerColumn(context, 'id');

  const query = compileTree(tree, context).select(pageColumns(context)).orderBy(id);
  query.limit(pageLimit(options));
  if (options.afterId !== undefined) query.where(id, '>', options.afterId);
  if (options.offset !== undefined) query.offset(Math.max(0, Math.trunc(options.offset)));
  return query;
}

/** One page of the customers a filter matches, each with why it matched. */
export async function pageMatches(
  db: Knex,
  mapping: HostMapping,
  input: unknown,
  options: CompileOptions & PageOptions,
): Promise<FilterPage> {
  const rows = (await pageQuery(db, mapping, input, options)) as Record<string, unknown>[];

  const context = compileContext(db, mapping, options);
  const matches = rows.map((row) => toMatch(row, context));
  const last = matches[matches.length - 1];
  const full = matches.length === pageLimit(options);
  return { matches, nextAfterId: full && last ? last.id : null };
}
