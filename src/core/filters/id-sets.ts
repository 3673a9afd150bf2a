import { fieldById } from './registry.js';
import type { CompileContext, FilterCondition, FilterNode } from './types.js';

/**
 * Which branches of an `any` are compiled as `id in (select id from customers where …)`.
 *
 * The database tests an `any` row by row. Its branches over invoices and opt-outs are sets
 * of customer ids it collects once, but a branch over customer columns reads the customer
 * row: one random read of the table per candidate when the rest of the filter is served by
 * an index, or else a scan of the whole table. When one index holds every column such a
 * branch reads, and leads with a column that narrows its matches to a few (a birthday
 * window), the branch becomes a small set of ids read from that index alone.
 *
 * Only when every branch can then be tested without the row and one of them reads other
 * tables: an `any` of customer columns alone is better left to the database, which can read
 * it as ranges of its indexes. A set matches exactly the customers its branch does.
 */
export function branchesAsIdSets(
  branches: readonly FilterNode[],
  context: CompileContext,
): ReadonlySet<FilterNode> {
  const indexed = branches.filter((branch) => answeredByIndex(branch, context));
  const byId = branches.filter(readsOtherTablesOnly);
  const everyBranchWithoutRow = indexed.length + byId.length === branches.length;
  if (!everyBranchWithoutRow || indexed.length === 0 || byId.length === 0) return new Set();
  return new Set(indexed);
}

/** True when every condition under the node reads other tables only, by customer id. */
function readsOtherTablesOnly(node: FilterNode): boolean {
  if ('all' in node) return node.all.every(readsOtherTablesOnly);
  if ('any' in node) return node.any.every(readsOtherTablesOnly);
  if ('not' in node) return readsOtherTablesOnly(node.not);
  return fieldById(node.field).columns === undefined;
}

/** The conditions of a condition or an `all` of conditions; undefined for other shapes. */
function conditionsOf(node: FilterNode): readonly FilterCondition[] | undefined {
  if ('field' in node) return [node];
  if (!('all' in node) || node.all.length === 0) return undefined;
  return node.all.every((child) => 'field' in child) ? (node.all as FilterCondition[]) : undefined;
}

/**
 * True when an index of the customers holds every column the node reads and leads with a
 * column that narrows the matches to a few (see `ColumnUse.narrows`).
 */
function answeredByIndex(node: FilterNode, context: CompileContext): boolean {
  const conditions = conditionsOf(node);
  if (!conditions) return false;
  const uses = conditions.map((condition) => fieldById(condition.field).columns);
  if (uses.some((use) => use === undefined)) return false;

  const reads = uses.flatMap((use) => use?.reads ?? []);
  const narrows = uses.map((use) => use?.narrows).filter((column) => column !== undefined);
  return context.hints.customerIndexes.some(
    (index) => narrows.includes(index[0] ?? '') && reads.every((column) => index.includes(column)),
  );
}
