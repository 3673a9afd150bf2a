import { dateText, dateTimeAt, dayOfMonth, partsOf, type SeedClock } from './calendar.js';
import type { SeedCustomer } from './customers.js';
import { digitableLine, invoiceReference, paymentLink, pixCode } from './payment.js';
import type { Random } from './random.js';

export type InvoiceStatus = 'open' | 'paid' | 'cancelled';

/** A row of the host's `invoices` table. */
export interface InvoiceRow {
  readonly id: number;
  readonly customer_id: number;
  /** Month of the invoice and its number: `2026-11/000123`. */
  readonly reference: string;
  /** In reais, the plan's monthly price. */
  readonly amount: number;
  readonly due_date: string;
  /** UTC, `YYYY-MM-DD HH:MM:SS`; set when paid. */
  readonly paid_at: string | null;
  /** In reais, with the late fee and interest of a late payment; set when paid. */
  readonly paid_amount: number | null;
  readonly status: InvoiceStatus;
  readonly digitable_line: string;
  readonly pix_code: string;
  readonly payment_link: string;
  /** UTC, `YYYY-MM-DD HH:MM:SS`. */
  readonly created_at: string;
}

/** One month of a customer's invoices, before any showcase move of its due date. */
export interface InvoiceSlot {
  /** `YYYY-MM`. */
  readonly month: string;
  /** Day number of the due date that the customer's due day gives. */
  readonly due: number;
}

/** Invoices are issued this many days before they fall due, in the night's billing run. */
export const ISSUE_LEAD_DAYS = 20;
/** Blocking follows this many days of an unpaid invoice. */
const BLOCK_AFTER_DAYS = 15;

type Settlement = { status: 'open' | 'cancelled' } | { status: 'paid'; day: number };

/** The `count` latest monthly invoices of a due day that were issued by yesterday, oldest first. */
export function invoiceSlots(dueDay: number, today: number, count: number): InvoiceSlot[] {
  const { year, month: thisMonth } = partsOf(today);
  // Month numbers past 11 or below 0 roll into the next or previous year in Date.UTC.
  let month = thisMonth + 1;
  while (dayOfMonth(year, month, dueDay) - ISSUE_LEAD_DAYS >= today) month -= 1;
  const slots: InvoiceSlot[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const due = dayOfMonth(year, month - back, dueDay);
    slots.push({ month: dateText(due).slice(0, 7), due });
  }
  return slots;
}

/** The invoices of one customer, numbered from `firstId`. */
export function buildInvoices(
  customer: SeedCustomer,
  slots: readonly InvoiceSlot[],
  firstId: number,
  clock: SeedClock,
  random: Random,
): InvoiceRow[] {
  const dues = slots.map((slot) => slot.due);
  const targeted =
    customer.target === undefined ? -1 : nearest(dues, clock.today + customer.target);
  if (targeted >= 0) dues[targeted] = clock.today + (customer.target as number);
  const issues = slots.map((slot, i) => Math.min(slot.due, dues[i] as number) - ISSUE_LEAD_DAYS);
  const settlements = settle(customer, dues, issues, targeted, clock.today, random);

  const cents = customer.plan.priceCents;
  // Times are UTC: payments from 11:00 to 23:59 (08:00 to 20:59 in São Paulo, so on the
  // local paid day), issues at 05:00 (the 02:00 billing run).
  return slots.map((slot, i) => {
    const id = firstId + i;
    const due = dues[i] as number;
    const settlement = settlements[i] as Settlement;
    const reference = invoiceReference(slot.month, id);
    const paid = settlement.status === 'paid' ? settlement.day : undefined;
    return {
      id,
      customer_id: customer.row.id,
      reference,
      amount: cents / 100,
      due_date: dateText(due),
      paid_at: paid === undefined ? null : dateTimeAt(paid, random.int(11 * 3600, 86_399)),
      paid_amount: paid === undefined ? null : paidCents(cents, paid - due) / 100,
      status: settlement.status,
      digitable_line: digitableLine(id, due, cents),
      pix_code: pixCode(reference, cents),
      payment_link: paymentLink(reference),
      created_at: dateTimeAt(issues[i] as number, 5 * 3600 + (id % 3600)),
    };
  });
}

/**
 * Decides each invoice's fate. A customer who stopped paying leaves every invoice open from
 * the first unpaid one on; a cancelled customer's invoices after the cancellation are
 * cancelled; the rest are paid around their due date, late payers after it.
 */
function settle(
  customer: SeedCustomer,
  dues: readonly number[],
  issues: readonly number[],
  targeted: number,
  today: number,
  random: Random,
): Settlement[] {
  const { status } = customer.row;
  const firstUnpaid = firstUnpaidOf(customer, dues, targeted, today, random);
  const cancelFrom =
    status === 'cancelled' ? random.int(1, Math.max(1, dues.length - 1)) : Infinity;
  const leftDebt = status === 'cancelled' && random.chance(0.3);

  return dues.map((due, i): Settlement => {
    if (i >= cancelFrom) return { status: 'cancelled' };
    if (i >= firstUnpaid || i === targeted || (leftDebt && i === cancelFrom - 1))
      return { status: 'open' };
    const issued = issues[i] as number;
    if (due >= today) {
      const early = customer.payer === 'punctual' && issued < today - 1 && random.chance(0.12);
      return early
        ? { status: 'paid', day: random.int(issued + 1, today - 1) }
        : { status: 'open' };
    }
    const day = due + (customer.payer === 'punctual' ? random.int(-4, 0) : random.int(1, 12));
    return day < today ? { status: 'paid', day: Math.max(day, issued + 1) } : { status: 'open' };
  });
}

function firstUnpaidOf(
  customer: SeedCustomer,
  dues: readonly number[],
  targeted: number,
  today: number,
  random: Random,
): number {
  if (targeted >= 0 && (customer.target as number) < 0) return targeted;
  const overdue = dues.filter((due) => due < today).length;
  if (customer.row.status === 'blocked') {
    const blocking = dues.filter((due) => due < today - BLOCK_AFTER_DAYS).length;
    if (blocking === 0) return overdue > 0 ? 0 : Infinity;
    return Math.max(0, blocking - random.int(1, 2));
  }
  if (customer.row.status === 'active' && customer.payer === 'debtor' && overdue > 0)
    return overdue - 1;
  return Infinity;
}

/** A late payment carries a 2 % fine and 1 % a month of interest, pro rata by day. */
function paidCents(cents: number, daysLate: number): number {
  if (daysLate <= 0) return cents;
  return cents + Math.round(cents * 0.02) + Math.round((cents * 0.01 * daysLate) / 30);
}

function nearest(days: readonly number[], day: number): number {
  let best = 0;
  for (let i = 1; i < days.length; i += 1) {
    if (Math.abs((days[i] as number) - day) < Math.abs((days[best] as number) - day)) best = i;
  }
  return best;
}
