import type { Knex } from 'knex';
import { dialectOf } from '../../lib/database.js';
import { DEFAULT_TIME_ZONE, localDate } from '../../lib/time.js';
import type { HostMapping } from '../mapping.js';
import { branchesAsIdSets } from './id-sets.js';
import { fieldById } from './registry.js';
import { constantClause, CUSTOMER_ALIAS, customerColumn } from './sql.js';
import { NO_HINTS } from './host-columns.js';
import type { CompileContext, CompileOptions, FilterNode, FilterTree } from './types.js';
import { validateFilter } from './validate.js';

/** Adds the clauses of one node to `where`; each child is its own parenthesised group. */
function applyNode(where: Knex.QueryBuilder, node: FilterNode, context: CompileContext): void {
  if ('all' in node) {
    if (node.all.length === 0) constantClause(where, true);
    for (const child of node.all) where.where((inner) => applyNode(inner, child, context));
  } else if ('any' in node) {
    applyAny(where, node.any, context);
  } else if ('not' in node) {
    where.whereNot((inner) => applyNode(inner, node.not, context));
  } else {
    fieldById(node.field).compile(where, node, context);
  }
}

/** The branches `or`-ed together; some may be sets of ids (see `branchesAsIdSets`). */
function applyAny(
  where: Knex.QueryBuilder,
  branches: readonly FilterNode[],
  context: CompileContext,
): void {
  if (branches.length === 0) return constantClause(where, false);
  const asIdSets = branchesAsIdSets(branches, context);
  const id = customerColumn(context, 'id');
  where.where((group) => {
    for (const child of branches) {
      if (asIdSets.has(child)) group.orWhereIn(id, idSet(child, context));
      else group.orWhere((inner) => applyNode(inner, child, context));
    }
  });
}

/** `select id` from the customers a node matches, in a query of its own. */
function idSet(node: FilterNode, context: CompileContext): Knex.QueryBuilder {
  return compileTree(node, context).select(customerColumn(context, 'id'));
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
