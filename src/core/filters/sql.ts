import type { Knex } from 'knex';
import { columnOf, statusOf } from '../mapping.js';
import { foldedColumn, foldedValue, LIKE_ESCAPE_SQL, likePattern } from './dialect.js';
import type { CompileContext, ConditionValue, OperatorId } from './types.js';

/**
 * Building blocks the fields compile to. Identifiers come from the mapping only; values
 * are always bindings. Every clause is false, never null, for a customer without a value,
 * so that `not` of a condition matches exactly the customers the condition does not.
 */

/** Alias of the host's customers table in every filter query. */
export const CUSTOMER_ALIAS = 'recado_c';

/** Alias of the host's invoices table inside the filter's subqueries. */
export const INVOICE_ALIAS = 'recado_i';

/** A customers column qualified with the alias, e.g. `recado_c.city`. */
export function customerColumn(context: CompileContext, logical: string): string {
  return `${CUSTOMER_ALIAS}.${columnOf(context.mapping.customers, logical)}`;
}

/** An invoices column qualified with the subquery alias. */
export function invoiceColumn(context: CompileContext, logical: string): string {
  return `${INVOICE_ALIAS}.${columnOf(context.mapping.invoices, logical)}`;
}

/** `select 1 from invoices where customer = the outer customer [and status = …]`. */
export function invoicesOf(context: CompileContext, status?: string): Knex.QueryBuilder {
  const query = context
    .db({ [INVOICE_ALIAS]: context.mapping.invoices.table })
    .select(context.db.raw('1'))
    .whereRaw('?? = ??', [invoiceColumn(context, 'customerId'), customerColumn(context, 'id')]);
  if (status !== undefined) {
    query.where(invoiceColumn(context, 'status'), statusOf(context.mapping.invoices, status));
  }
  return query;
}

/** The customer's open invoices with `from` ≤ due date ≤ `to` and due date < `before`, each optional. */
export function openInvoicesDue(
  context: CompileContext,
  range: { from?: string; to?: string; before?: string },
): Knex.QueryBuilder {
  const query = invoicesOf(context, 'open');
  const due = invoiceColumn(context, 'dueDate');
  if (range.from !== undefined) query.where(due, '>=', range.from);
  if (range.to !== undefined) query.where(due, '<=', range.to);
  if (range.before !== undefined) query.where(due, '<', range.before);
  return query;
}

/** A clause that is always true or always false, for empty groups and trivial bounds. */
export function constantClause(where: Knex.QueryBuilder, value: boolean): void {
  where.whereRaw(value ? '1 = 1' : '1 = 0');
}

/**
 * The same condition against the bare column, in its case-insensitive collation: a superset
 * of the exact matches that the column's index can answer. Only for hinted columns.
 */
function narrowByIndex(
  where: Knex.QueryBuilder,
  column: string,
  op: OperatorId,
  value: ConditionValue | undefined,
): void {
  if (op === 'eq') where.where(column, String(value));
  else if (op === 'in') where.whereIn(column, value as readonly string[]);
  else if (op === 'starts_with') {
    where.whereRaw(`?? like ? ${LIKE_ESCAPE_SQL}`, [column, likePattern(String(value), op)]);
  }
}

/** Text comparison that ignores case and takes `%`, `_`, quotes and backslashes literally. */
export function compareText(
  where: Knex.QueryBuilder,
  context: CompileContext,
  logical: string,
  op: OperatorId,
  value: ConditionValue | undefined,
): void {
  const column = customerColumn(context, logical);
  if (context.hints.caseInsensitive.has(logical)) narrowByIndex(where, column, op, value);
  const folded = foldedColumn(context.dialect, column);
  const fold = (text: string) => foldedValue(context.dialect, text);
  where.whereNotNull(column);
  if (op === 'eq' || op === 'neq') {
    const bound = fold(String(value));
    const symbol = op === 'eq' ? '=' : '<>';
    where.whereRaw(`${folded.sql} ${symbol} ${bound.sql}`, [folded.binding, bound.binding]);
  } else if (op === 'in' || op === 'not_in') {
    const list = (value as readonly string[]).map(fold);
    const sql = `${folded.sql} ${op === 'in' ? 'in' : 'not in'} (${list.map((f) => f.sql).join(', ')})`;
    where.whereRaw(sql, [folded.binding, ...list.map((f) => f.binding)]);
  } else if (op === 'contains' || op === 'starts_with') {
    const pattern = fold(likePattern(String(value), op));
    const sql = `${folded.sql} like ${pattern.sql} ${LIKE_ESCAPE_SQL}`;
    where.whereRaw(sql, [folded.binding, pattern.binding]);
  } else {
    throw new Error(`text operator ${op} is not compiled`);
  }
}

/** What a comparison tests: a column (quoted as an identifier) or a scalar subquery. */
export type Subject = { readonly column: string } | { readonly query: Knex.QueryBuilder };

const SYMBOLS: Partial<Record<OperatorId, string>> = { eq: '=', neq: '<>', gte: '>=', lte: '<=' };

/** Exact comparison of a column or scalar subquery with numbers or host codes. */
export function compareValue(
  where: Knex.QueryBuilder,
  subject: Subject,
  op: OperatorId,
  value: ConditionValue | undefined,
): void {
  const sql = 'column' in subject ? '??' : '?';
  const binding: Knex.Value | Knex.QueryBuilder =
    'column' in subject ? subject.column : subject.query;
  if ('column' in subject) where.whereNotNull(subject.column);
  const symbol = SYMBOLS[op];
  if (symbol) where.whereRaw(`${sql} ${symbol} ?`, [binding, value as string | number]);
  else if (op === 'between') {
    const [low, high] = value as readonly [number, number];
    where.whereRaw(`${sql} between ? and ?`, [binding, low, high]);
  } else if (op === 'in' || op === 'not_in') {
    const list = value as readonly (string | number)[];
    const keyword = op === 'in' ? 'in' : 'not in';
    const marks = list.map(() => '?').join(', ');
    where.whereRaw(`${sql} ${keyword} (${marks})`, [binding, ...list] as Knex.RawBinding[]);
  } else throw new Error(`comparison ${op} is not compiled`);
}
