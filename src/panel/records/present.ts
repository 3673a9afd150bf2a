import type { MessageParams } from '../../lib/i18n.js';
import type { CustomerRow } from './customers.js';
import { daysBetween, formatMobile, type Formats } from './format.js';
import type { InvoiceRow } from './invoices.js';

type Translate = (key: string, params?: MessageParams) => string;

/** How an invoice stands today, as its badge shows it. */
export type InvoiceState = 'open' | 'overdue' | 'due_today' | 'paid' | 'cancelled';

/** A customer as the list and the customer page show it. */
export interface CustomerView {
  readonly id: number;
  readonly name: string;
  /** `City · Neighbourhood`. */
  readonly place: string;
  readonly city: string;
  readonly state: string;
  readonly neighbourhood: string;
  readonly plan: string;
  readonly status: CustomerRow['status'];
  /** Translated status. */
  readonly statusLabel: string;
  /** '' when the customer has none. */
  readonly email: string;
  /** As people write it, `(11) 98765-4321`; '' when none. */
  readonly mobile: string;
  readonly dueDay: number;
  /** In the locale's format; '' when unknown. */
  readonly birthDate: string;
  /** The provider's date the customer was created, in the locale's format. */
  readonly since: string;
}

/** An invoice as the lists show it. */
export interface InvoiceView {
  readonly id: number;
  readonly customerId: number;
  readonly reference: string;
  /** In reais, in the locale's format. */
  readonly amount: string;
  /** In the locale's format. */
  readonly dueDate: string;
  readonly state: InvoiceState;
  /** Translated, with the days overdue or the payment date. */
  readonly stateLabel: string;
  /** Whether "mark paid" applies: the invoice is open. */
  readonly payable: boolean;
  readonly digitableLine: string;
  readonly pixCode: string;
  readonly paymentLink: string;
}

/** A customer row made readable in the operator's language. */
export function presentCustomer(row: CustomerRow, formats: Formats, t: Translate): CustomerView {
  return {
    id: row.id,
    name: row.name,
    place: [row.city, row.neighbourhood].filter(Boolean).join(' · '),
    city: row.city,
    state: row.state,
    neighbourhood: row.neighbourhood,
    plan: row.plan,
    status: row.status,
    statusLabel: t(`panel.customers.status.${row.status}`),
    email: row.email ?? '',
    mobile: formatMobile(row.mobile),
    dueDay: Number(row.due_day),
    birthDate: row.birth_date ? formats.date(row.birth_date) : '',
    since: formats.dateOf(row.created_at),
  };
}

/** An invoice row made readable, with its state on the provider's `today`. */
export function presentInvoice(
  row: InvoiceRow,
  today: string,
  formats: Formats,
  t: Translate,
): InvoiceView {
  const state = invoiceState(row, today);
  return {
    id: row.id,
    customerId: row.customer_id,
    reference: row.reference,
    amount: formats.money(row.amount),
    dueDate: formats.date(row.due_date),
    state,
    stateLabel: stateLabel(row, state, today, formats, t),
    payable: row.status === 'open',
    digitableLine: row.digitable_line ?? '',
    pixCode: row.pix_code ?? '',
    paymentLink: row.payment_link ?? '',
  };
}

/** An open invoice due before `today` is overdue; due on it, due today. */
export function invoiceState(
  row: Pick<InvoiceRow, 'status' | 'due_date'>,
  today: string,
): InvoiceState {
  if (row.status !== 'open') return row.status;
  const dueDate = row.due_date.slice(0, 10);
  if (dueDate < today) return 'overdue';
  return dueDate === today ? 'due_today' : 'open';
}

function stateLabel(
  row: InvoiceRow,
  state: InvoiceState,
  today: string,
  formats: Formats,
  t: Translate,
): string {
  if (state === 'overdue') {
    const days = daysBetween(row.due_date.slice(0, 10), today);
    return t('panel.invoices.state.overdue', { days });
  }
  if (state === 'paid' && row.paid_at) {
    return t('panel.invoices.state.paid_on', { date: formats.dateOf(row.paid_at) });
  }
  return t(`panel.invoices.state.${state}`);
}
