import type { Knex } from 'knex';
import { compileContext } from '../../core/filters/compile.js';
import {
  compileFilter,
  CUSTOMER_ALIAS,
  fieldById,
  type FilterHints,
} from '../../core/filters/index.js';
import { columnOf, statusOf, type HostMapping } from '../../core/mapping.js';
import type { ChannelName } from '../../queue/types.js';
import type { BillingRule } from './rules.js';

/** Alias of the invoice a rule is about, apart from the filter's own `recado_i`. */
export const RULE_INVOICE_ALIAS = 'recado_bi';

/**
 * What a rule selects on one run:
 * - `due`: open invoices due on a day (reminders before, on and after the due date);
 * - `birthday`: customers whose birthday is the filter clock's day, active or blocked;
 * - `paid`: invoices paid in `(after, upTo]`, UTC `YYYY-MM-DD HH:MM:SS.mmm` (the poll);
 * - `invoice`: one invoice, in the status the hook expects (`open` created, `paid` paid);
 * - `customer`: one customer, in the status the hook expects (`blocked`, `active`).
 */
export type RuleTarget =
  | { readonly kind: 'due'; readonly dueDate: string }
  | { readonly kind: 'birthday' }
  | { readonly kind: 'paid'; readonly after: string; readonly upTo: string }
  | { readonly kind: 'invoice'; readonly invoiceId: number; readonly status: 'open' | 'paid' }
  | {
      readonly kind: 'customer';
      readonly customerId: number;
      readonly status: 'blocked' | 'active';
    };

/** What the rule queries are compiled with. */
export interface RuleQueryContext {
  readonly db: Knex;
  readonly mapping: HostMapping;
  readonly timeZone: string;
  /** The instant the rule's filter reads "today" from (the evaluated day). */
  readonly now: Date;
  /** From `FilterEngine.prepare()`: lets text conditions use the host's indexes. */
  readonly hints: FilterHints;
}

/** Whether rows of a target are about an invoice (else about a customer). */
export function targetsInvoice(target: RuleTarget): boolean {
  return target.kind !== 'birthday' && target.kind !== 'customer';
}

/**
 * The one query behind the evaluation, the dry run, the poll and the hooks: the customers
 * the rule's filter matches, joined to the invoice the target names, who have an address for
 * the channel, within an optional customer-id range. Nothing is selected yet: the evaluation
 * selects the queue's columns into an `INSERT … SELECT`, the dry run counts and samples.
 *
 * On MariaDB the `due` target is served by the host index invoices (status, due_date,
 * customer_id): the range is repeated on the invoice's customer id so that it bounds that
 * index, and each customer is then read by its primary key.
 */
export function ruleQuery(
  context: RuleQueryContext,
  rule: BillingRule,
  channel: ChannelName,
  target: RuleTarget,
  range?: { readonly from: number; readonly to: number },
): Knex.QueryBuilder {
  const { db, mapping } = context;
  const filter = rule.filter ?? { all: [] };
  const options = { now: context.now, timeZone: context.timeZone, hints: context.hints };
  const query = compileFilter(db, mapping, filter, options);
  const customer = (logical: string) => `${CUSTOMER_ALIAS}.${columnOf(mapping.customers, logical)}`;
  const invoice = (logical: string) =>
    `${RULE_INVOICE_ALIAS}.${columnOf(mapping.invoices, logical)}`;

  const address = customer(channel === 'email' ? 'email' : 'mobile');
  query.whereNotNull(address).where(address, '<>', '');
  if (range) query.whereBetween(customer('id'), [range.from, range.to]);

  if (!targetsInvoice(target)) {
    applyCustomerTarget(query, context, target, customer);
    return query;
  }
  query.join(
    { [RULE_INVOICE_ALIAS]: mapping.invoices.table },
    invoice('customerId'),
    customer('id'),
  );
  if (range) query.whereBetween(invoice('customerId'), [range.from, range.to]);
  const status = (value: string) => statusOf(mapping.invoices, value);
  if (target.kind === 'due') {
    query.where(invoice('status'), status('open')).where(invoice('dueDate'), target.dueDate);
  } else if (target.kind === 'paid') {
    query.where(invoice('status'), status('paid'));
    query.where(invoice('paidAt'), '>', target.after).where(invoice('paidAt'), '<=', target.upTo);
  } else if (target.kind === 'invoice') {
    query.where(invoice('id'), target.invoiceId).where(invoice('status'), status(target.status));
  }
  return query;
}

function applyCustomerTarget(
  query: Knex.QueryBuilder,
  context: RuleQueryContext,
  target: RuleTarget,
  customer: (logical: string) => string,
): void {
  const status = (value: string) => statusOf(context.mapping.customers, value);
  if (target.kind === 'customer') {
    query.where(customer('id'), target.customerId).where(customer('status'), status(target.status));
    return;
  }
  // Birthdays greet current customers: blocked ones still are, cancelled ones are not.
  query.whereIn(customer('status'), [status('active'), status('blocked')]);
  // The filter engine's own birthday condition (29 February, index-friendly ranges), added
  // beside the rule's tree rather than wrapped around it, which could pass the depth limit.
  const compile = compileContext(context.db, context.mapping, {
    now: context.now,
    timeZone: context.timeZone,
    hints: context.hints,
  });
  query.where((where) => fieldById('birthday').compile(where, BIRTHDAY_TODAY, compile));
}

const BIRTHDAY_TODAY = { field: 'birthday', op: 'today' } as const;

/** The queue's columns of a rule query: customer, invoice (or null) and recipient. */
export function queueColumns(
  context: RuleQueryContext,
  channel: ChannelName,
  target: RuleTarget,
): Record<string, string | Knex.Raw> {
  const { mapping, db } = context;
  const customer = (logical: string) => `${CUSTOMER_ALIAS}.${columnOf(mapping.customers, logical)}`;
  return {
    customer_id: customer('id'),
    invoice_id: targetsInvoice(target)
      ? `${RULE_INVOICE_ALIAS}.${columnOf(mapping.invoices, 'id')}`
      : db.raw('null'),
    recipient: customer(channel === 'email' ? 'email' : 'mobile'),
  };
}
