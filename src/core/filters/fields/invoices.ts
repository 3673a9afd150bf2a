import type { Knex } from 'knex';
import { addDays, nextMonthStart, monthStart, startOfDayUtc } from '../calendar.js';
import { compareValue, invoiceColumn, invoicesOf, openInvoicesDue } from '../sql.js';
import type { CompileContext, ConditionCompiler, FieldDefinition } from '../types.js';

/**
 * Days overdue of the oldest open invoice, D = today − its due date, is defined only for a
 * customer with an open invoice due before today (D ≥ 1). Each bound on D is a bound on that
 * oldest due date, so every comparison is an EXISTS / NOT EXISTS over a due-date range. The
 * index on invoices (customer, status, due date) answers one customer's probe; the one on
 * (status, due date, customer) lets the database collect a whole window's customers once.
 * Neither reads an invoice row.
 */
const compileDaysOverdue: ConditionCompiler = (where, condition, context) => {
  const ago = (days: number) => addDays(context.today, -days);
  const due = (range: Parameters<typeof openInvoicesDue>[1]) => openInvoicesDue(context, range);
  const value = condition.value;
  if (condition.op === 'gte') {
    where.whereExists(due({ to: ago(Number(value)) }));
  } else if (condition.op === 'lte') {
    where.whereExists(due({ before: context.today }));
    where.whereNotExists(due({ before: ago(Number(value)) }));
  } else if (condition.op === 'eq') {
    where.whereExists(due({ from: ago(Number(value)), to: ago(Number(value)) }));
    where.whereNotExists(due({ before: ago(Number(value)) }));
  } else if (condition.op === 'between') {
    const [least, most] = value as readonly [number, number];
    where.whereExists(due({ from: ago(most), to: ago(least) }));
    where.whereNotExists(due({ before: ago(most) }));
  } else throw new Error(`days_overdue: operator ${condition.op} is not compiled`);
};

/** The number of the customer's open invoices, whatever their due date. */
function openCount(context: CompileContext): Knex.QueryBuilder {
  return invoicesOf(context, 'open').clearSelect().count('*');
}

/** Zero and one are EXISTS tests; other counts need the aggregate. */
const compileOpenInvoices: ConditionCompiler = (where, condition, context) => {
  const { op, value } = condition;
  if ((op === 'eq' || op === 'lte') && value === 0)
    where.whereNotExists(invoicesOf(context, 'open'));
  else if (op === 'gte' && value === 1) where.whereExists(invoicesOf(context, 'open'));
  else if (op === 'gte' && value === 0) where.whereRaw('1 = 1');
  else compareValue(where, { query: openCount(context) }, op, value);
};

/**
 * Amount owed: the sum, in reais, of the customer's open invoices whose due date is before
 * today — what is overdue, not what falls due later. Zero for a customer who owes nothing.
 */
export function amountOwed(context: CompileContext): Knex.QueryBuilder {
  const amount = invoiceColumn(context, 'amount');
  return openInvoicesDue(context, { before: context.today })
    .clearSelect()
    .select(context.db.raw('round(coalesce(sum(??), 0), 2)', [amount]));
}

const compileAmountOwed: ConditionCompiler = (where, condition, context) =>
  compareValue(where, { query: amountOwed(context) }, condition.op, condition.value);

/** An open invoice due from today to `value` days from now, both ends included. */
const compileDueSoon: ConditionCompiler = (where, condition, context) => {
  const to = addDays(context.today, Number(condition.value));
  where.whereExists(openInvoicesDue(context, { from: context.today, to }));
};

/** A paid invoice whose payment instant falls in the provider's current month. */
const compilePaidThisMonth: ConditionCompiler = (where, condition, context) => {
  const paidAt = invoiceColumn(context, 'paidAt');
  const paid = invoicesOf(context, 'paid')
    .where(paidAt, '>=', startOfDayUtc(monthStart(context.today), context.timeZone))
    .where(paidAt, '<', startOfDayUtc(nextMonthStart(context.today), context.timeZone));
  if (condition.value === true) where.whereExists(paid);
  else where.whereNotExists(paid);
};

/** Fields computed from the customer's invoices, each as a subquery correlated by customer. */
export const INVOICE_FIELDS: readonly FieldDefinition[] = [
  {
    id: 'open_invoices',
    group: 'invoices',
    type: 'integer',
    operators: ['eq', 'gte', 'lte', 'between'],
    label: 'filters.field.open_invoices',
    minimum: 0,
    maximum: 120,
    compile: compileOpenInvoices,
  },
  {
    id: 'days_overdue',
    group: 'invoices',
    type: 'integer',
    operators: ['gte', 'lte', 'between', 'eq'],
    label: 'filters.field.days_overdue',
    minimum: 1,
    maximum: 3650,
    unit: 'filters.unit.days',
    compile: compileDaysOverdue,
  },
  {
    id: 'amount_owed',
    group: 'invoices',
    type: 'number',
    operators: ['gte', 'lte', 'between'],
    label: 'filters.field.amount_owed',
    minimum: 0,
    maximum: 10_000_000,
    unit: 'filters.unit.reais',
    compile: compileAmountOwed,
  },
  {
    id: 'invoice_due_within',
    group: 'invoices',
    type: 'integer',
    operators: ['within_days'],
    label: 'filters.field.invoice_due_within',
    minimum: 0,
    maximum: 90,
    unit: 'filters.unit.days',
    compile: compileDueSoon,
  },
  {
    id: 'paid_this_month',
    group: 'invoices',
    type: 'boolean',
    operators: ['is'],
    label: 'filters.field.paid_this_month',
    compile: compilePaidThisMonth,
  },
];
