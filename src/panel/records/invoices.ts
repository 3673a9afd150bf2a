import type { Knex } from 'knex';
import { paging, type Paging } from './paging.js';
import { matching } from './text-search.js';

/** What the table stores; overdue and due today are worked out from the due date. */
export type InvoiceStatus = 'open' | 'paid' | 'cancelled';

/**
 * Filters of the invoice list. `open` is every unpaid invoice, overdue and due today
 * included; `overdue` and `due_today` narrow it by the provider's date.
 */
export const INVOICE_FILTERS = ['open', 'overdue', 'due_today', 'paid', 'cancelled'] as const;
export type InvoiceFilter = (typeof INVOICE_FILTERS)[number];

/** A row of `invoices`. */
export interface InvoiceRow {
  readonly id: number;
  readonly customer_id: number;
  readonly reference: string;
  /** Reais; a decimal string or a number depending on the driver. */
  readonly amount: number | string;
  /** `YYYY-MM-DD`. */
  readonly due_date: string;
  /** UTC `YYYY-MM-DD HH:MM:SS`, set when paid. */
  readonly paid_at: string | null;
  readonly paid_amount: number | string | null;
  readonly status: InvoiceStatus;
  readonly digitable_line: string | null;
  readonly pix_code: string | null;
  readonly payment_link: string | null;
  readonly created_at: string;
}

/** An invoice row with its customer's name, as the list shows it. */
export interface ListedInvoiceRow extends InvoiceRow {
  readonly customer_name: string;
}

/** What the invoice list asks for. */
export interface InvoiceQuery {
  /** Matched against the customer's name and the reference; '' for all. */
  readonly search: string;
  readonly filter?: InvoiceFilter;
  /** Only this customer's invoices. */
  readonly customerId?: number;
  /** The provider's date, `YYYY-MM-DD`, that decides overdue and due today. */
  readonly today: string;
  readonly page: number;
}

/** One page of the invoice list, latest due date first. */
export async function listInvoices(
  db: Knex,
  query: InvoiceQuery,
): Promise<{ rows: ListedInvoiceRow[]; paging: Paging }> {
  const filtered = (): Knex.QueryBuilder => {
    const builder = db('invoices').join('customers', 'customers.id', 'invoices.customer_id');
    if (query.filter) applyFilter(builder, query.filter, query.today);
    if (query.customerId) builder.where('invoices.customer_id', query.customerId);
    if (query.search) {
      builder.where(matching(query.search, { text: ['customers.name', 'invoices.reference'] }));
    }
    return builder;
  };

  const counted = (await filtered().count({ count: '*' }).first()) as { count: number | string };
  const at = paging(Number(counted.count), query.page);
  const rows = (await filtered()
    .select('invoices.*', 'customers.name as customer_name')
    .orderBy([
      { column: 'invoices.due_date', order: 'desc' },
      { column: 'invoices.id', order: 'desc' },
    ])
    .limit(at.size)
    .offset(at.offset)) as ListedInvoiceRow[];
  return { rows, paging: at };
}

function applyFilter(builder: Knex.QueryBuilder, filter: InvoiceFilter, today: string): void {
  if (filter === 'paid' || filter === 'cancelled') {
    builder.where('invoices.status', filter);
    return;
  }
  builder.where('invoices.status', 'open');
  if (filter === 'overdue') builder.where('invoices.due_date', '<', today);
  if (filter === 'due_today') builder.where('invoices.due_date', today);
}

/** A customer's latest invoices, latest due date first. */
export async function invoicesOf(
  db: Knex,
  customerId: number,
  limit: number,
): Promise<InvoiceRow[]> {
  return (await db('invoices')
    .where({ customer_id: customerId })
    .orderBy([
      { column: 'due_date', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit)) as InvoiceRow[];
}

/** The invoice of an id, or undefined. */
export async function findInvoice(db: Knex, id: number): Promise<InvoiceRow | undefined> {
  return (await db('invoices').where({ id }).first()) as InvoiceRow | undefined;
}

/**
 * Marks an open invoice paid in full, in one update that matches only an open invoice, so
 * a double click or two operators pay it once. Returns whether this call paid it.
 */
export async function payInvoice(db: Knex, id: number, paidAt: string): Promise<boolean> {
  const updated = await db('invoices')
    .where({ id, status: 'open' })
    .update({ status: 'paid', paid_at: paidAt, paid_amount: db.ref('amount') });
  return updated === 1;
}
