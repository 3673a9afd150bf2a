import type { Knex } from 'knex';
import { daysSince, monthDay } from './dialect.js';
import { amountOwed } from './fields/invoices.js';
import { customerColumn, invoiceColumn, invoicesOf, openInvoicesDue } from './sql.js';
import type { CompileContext } from './types.js';

/** Why a customer is in a filter's result, computed in the same query as the page. */
export interface MatchReasons {
  /** Days since the due date of the oldest open invoice due before today; null if none. */
  readonly daysOverdue: number | null;
  /** Sum of the open invoices due before today, in reais (see the `amount_owed` field). */
  readonly amountOwed: number;
  /** Open invoices, whatever their due date. */
  readonly openInvoices: number;
  /** Day and month of birth; null when the customer has no birth date. */
  readonly birthday: { readonly day: number; readonly month: number } | null;
}

/** One customer of a page of matches. */
export interface FilterMatch {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly mobile: string | null;
  /** The plugin's status word (`active`…), or the host's code when it maps to none. */
  readonly status: string;
  readonly plan: string | null;
  readonly city: string | null;
  readonly neighbourhood: string | null;
  readonly why: MatchReasons;
}

/** Customer columns a page shows, selected under their logical names. */
const SHOWN = ['id', 'name', 'email', 'mobile', 'status', 'plan', 'city', 'neighbourhood'];

/** The select list of a page: customer columns, then one scalar subquery per reason. */
export function pageColumns(context: CompileContext): (string | Knex.Raw)[] {
  const { db, dialect, today } = context;
  const oldestDue = openInvoicesDue(context, { before: today })
    .clearSelect()
    .min(invoiceColumn(context, 'dueDate'));
  const openCount = invoicesOf(context, 'open').clearSelect().count('*');
  return [
    ...SHOWN.map((logical) => `${customerColumn(context, logical)} as ${logical}`),
    db.raw('? as why_open_invoices', [openCount]),
    db.raw('? as why_days_overdue', [daysSince(db, dialect, oldestDue, today)]),
    db.raw('? as why_amount_owed', [amountOwed(context)]),
    db.raw('? as why_birthday', [monthDay(db, dialect, customerColumn(context, 'birthDate'))]),
  ];
}

/** A raw page row as both drivers return it. */
type PageRow = Record<string, unknown>;

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function birthdayOf(value: unknown): MatchReasons['birthday'] {
  const monthDayText = text(value);
  if (!monthDayText) return null;
  const [month, day] = monthDayText.split('-').map(Number) as [number, number];
  return { day, month };
}

/** Maps a raw row to a match, turning the host's status code back into the plugin's word. */
export function toMatch(row: PageRow, context: CompileContext): FilterMatch {
  const statuses = context.mapping.customers.statusValues;
  const hostStatus = String(row.status);
  const status = Object.keys(statuses).find((key) => statuses[key] === hostStatus) ?? hostStatus;
  return {
    id: Number(row.id),
    name: String(row.name),
    email: text(row.email),
    mobile: text(row.mobile),
    status,
    plan: text(row.plan),
    city: text(row.city),
    neighbourhood: text(row.neighbourhood),
    why: {
      daysOverdue: row.why_days_overdue === null ? null : Number(row.why_days_overdue),
      amountOwed: Number(row.why_amount_owed ?? 0),
      openInvoices: Number(row.why_open_invoices ?? 0),
      birthday: birthdayOf(row.why_birthday),
    },
  };
}
