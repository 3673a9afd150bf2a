import type { Knex } from 'knex';
import { dialectOf } from '../../lib/database.js';
import { DEFAULT_TIME_ZONE, localDate } from '../../lib/time.js';
import type { HostMapping } from '../mapping.js';
import { fieldById } from './registry.js';
import { constantClause, CUSTOMER_ALIAS } from './sql.js';
import { NO_HINTS } from './host-columns.js';
import type { CompileContext, CompileOptions, FilterNode, FilterTree } from './types.js';
import { validateFilter } from './validate.js';

/** Adds the clauses of one node to `where`; each child is its own parenthesised group. */
function applyNode(where: Knex.QueryBuilder, node: FilterNode, context: CompileContext): void {
  if ('all' in node) {
    if (node.all.length === 0) constantClause(where, true);
    for (const child of node.all) where.where((inner) => applyNode(inner, child, context));
  } else if ('any' in node) {
    if (node.any.length === 0) constantClause(where, false);
    else {
      where.where((group) => {
        for (const child of node.any) group.orWhere((inner) => applyNode(inner, child, context));
      });
    }
  } else if ('not' in node) {
    where.whereNot((inner) => applyNode(inner, node.not, context));
  } else {
    fieldById(node.field).compile(where, node, context);
  }
}

/** The context a tree compiles in: today and the month are read in the provider's zone. */
export function compileContext(
  db: Knex,
  mapping: HostMapping,
  options: CompileOptions,
): CompileContext {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  return {
    db,
    dialect: dialectOf(db),
    mapping,
    timeZone,
    now: options.now,
    today: localDate(options.now, timeZone),
    hints: options.hints ?? NO_HINTS,
  };
}

/**
 * Validates `input` and compiles it to one query over the host's customers table, aliased
 * {@link CUSTOMER_ALIAS}, with no columns selected yet: count it, page it, or select the ids
 * into an `INSERT … SELECT`. Invalid input throws `RECADO_FILTER_INVALID` before any SQL is
 * built. Every value is bound; identifiers come from the mapping.
 */
export function compileFilter(
  db: Knex,
  mapping: HostMapping,
  input: unknown,
  options: CompileOptions,
): Knex.QueryBuilder {
  const tree = validateFilter(input);
  return compileTree(tree, compileContext(db, mapping, options));
}

/** Compiles a tree that was already validated (see {@link compileFilter}). */
export function compileTree(tree: FilterTree, context: CompileContext): Knex.QueryBuilder {
  const table = context.mapping.customers.table;
  return context.db({ [CUSTOMER_ALIAS]: table }).where((where) => applyNode(where, tree, context));
}
