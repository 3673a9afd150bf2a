import type { Knex } from 'knex';
import { dialectOf } from '../../lib/database.js';
import type { CustomerRow } from './customers.js';
import type { InvoiceRow } from './invoices.js';
import { dayOf } from '../seed/calendar.js';
import { PLANS } from '../seed/catalog.js';
import { digitableLine, invoiceReference, paymentLink, pixCode } from '../seed/payment.js';
import { utcDateTime } from './format.js';

/** Monthly price of a plan the demo catalog does not know, in cents. */
const DEFAULT_PRICE_CENTS = 9990;

/** What issuing the next invoice asks for. */
export interface IssueRequest {
  readonly customerId: number;
  /**
   * The highest invoice id of the customer when the page was drawn, 0 for none. A form
   * posted twice finds a newer invoice and issues nothing the second time.
   */
  readonly seenInvoiceId: number;
  /** The provider's date, `YYYY-MM-DD`. */
  readonly today: string;
  readonly now: Date;
}

/** The invoice issued, or why none was: no such customer, a cancelled one, a stale form. */
export type IssueOutcome =
  | { readonly issued: true; readonly invoiceId: number; readonly dueDate: string }
  | { readonly issued: false; readonly reason: 'missing' | 'cancelled' | 'stale' };

/** Issues the customer's next monthly invoice, on their due day, in one transaction. */
export async function issueNextInvoice(db: Knex, request: IssueRequest): Promise<IssueOutcome> {
  return db.transaction(async (trx) => {
    const lookup = trx('customers').where({ id: request.customerId });
    // Serialises two issues for one customer on MariaDB; SQLite has a single writer anyway.
    if (dialectOf(db) === 'mysql') lookup.forUpdate();
    const customer = (await lookup.first()) as CustomerRow | undefined;
    if (!customer) return { issued: false, reason: 'missing' } as const;
    if (customer.status === 'cancelled') return { issued: false, reason: 'cancelled' } as const;
    if ((await highestInvoiceId(trx, customer.id)) !== request.seenInvoiceId) {
      return { issued: false, reason: 'stale' } as const;
    }

    const latest = (await trx('invoices')
      .where({ customer_id: customer.id })
      .orderBy([
        { column: 'due_date', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first()) as InvoiceRow | undefined;
    const dueDate = nextDueDate(customer.due_day, latest?.due_date, request.today);
    const cents = latest ? Math.round(Number(latest.amount) * 100) : planPriceCents(customer.plan);

    // The reference and the codes carry the invoice id, known only once the row exists.
    const [inserted] = await trx('invoices').insert({
      customer_id: customer.id,
      reference: 'pending',
      amount: cents / 100,
      due_date: dueDate,
      status: 'open',
      created_at: utcDateTime(request.now),
    });
    const invoiceId = Number(inserted);
    const reference = invoiceReference(dueDate.slice(0, 7), invoiceId);
    await trx('invoices')
      .where({ id: invoiceId })
      .update({
        reference,
        digitable_line: digitableLine(invoiceId, dayOf(dueDate), cents),
        pix_code: pixCode(reference, cents),
        payment_link: paymentLink(reference),
      });
    return { issued: true, invoiceId, dueDate } as const;
  });
}

/** The customer's highest invoice id, 0 for none: what the issue form carries. */
export async function highestInvoiceId(db: Knex, customerId: number): Promise<number> {
  const row = (await db('invoices')
    .where({ customer_id: customerId })
    .max({ id: 'id' })
    .first()) as { id: number | null } | undefined;
  return Number(row?.id ?? 0);
}

/**
 * The month after the latest invoice, on the due day; never today or earlier, so a customer
 * whose invoices stopped months ago gets one that is not overdue at birth.
 */
export function nextDueDate(dueDay: number, latestDue: string | undefined, today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const thisMonth = dueOn(year, month, dueDay);
  const fromToday = thisMonth > today ? thisMonth : dueOn(year, month + 1, dueDay);
  if (!latestDue) return fromToday;
  const [lastYear, lastMonth] = latestDue.split('-').map(Number) as [number, number];
  const afterLatest = dueOn(lastYear, lastMonth + 1, dueDay);
  return afterLatest > fromToday ? afterLatest : fromToday;
}

/** `YYYY-MM-DD` of a due day in a month (1-based, may overflow into the next year). */
function dueOn(year: number, month: number, dueDay: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const lastDay = new Date(
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0),
  ).getUTCDate();
  first.setUTCDate(Math.min(dueDay, lastDay));
  return first.toISOString().slice(0, 10);
}

/** The demo catalog's price of a plan, for a customer without an invoice to copy. */
export function planPriceCents(plan: string): number {
  const name = plan.trim().toLowerCase();
  return (
    PLANS.find((known) => known.name.toLowerCase() === name)?.priceCents ?? DEFAULT_PRICE_CENTS
  );
}
