import { RecadoError } from '../core/errors.js';
import { DEFAULT_TIME_ZONE, fromSqlTime } from '../lib/time.js';
import { firstName } from './filters.js';

/** A customer row as the queue loads it through the host mapping. */
export interface CustomerInput {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  /** Digits as stored by the host, e.g. `5511987654321`. */
  readonly mobile: string | null;
  readonly plan: string | null;
  readonly city: string | null;
  readonly neighbourhood: string | null;
  /** Day of the month invoices fall due, 1–31. */
  readonly dueDay: number | null;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string | null;
}

/** An invoice row as the queue loads it through the host mapping. */
export interface InvoiceInput {
  readonly id: number;
  readonly reference: string;
  /** In reais, e.g. `129.9`. */
  readonly amount: number;
  /** `YYYY-MM-DD`. */
  readonly dueDate: string;
  /** UTC `YYYY-MM-DD HH:MM:SS`; null while unpaid. */
  readonly paidAt: string | null;
  /** In reais; null while unpaid. */
  readonly paidAmount: number | null;
  readonly digitableLine: string | null;
  /** PIX copy-and-paste code (BR Code). */
  readonly pixCode: string | null;
  readonly paymentLink: string | null;
}

/** The provider's settings messages quote. */
export interface ProviderInput {
  readonly name: string;
  readonly phone?: string | null;
  readonly site?: string | null;
  readonly email?: string | null;
  /** IANA zone dates are shown in. Default `America/Sao_Paulo`. */
  readonly timeZone?: string;
}

/** What one message is about. */
export interface RenderInput {
  readonly customer: CustomerInput;
  /** Absent for messages not about an invoice; `invoice.*` then fails to render. */
  readonly invoice?: InvoiceInput | null;
  readonly provider: ProviderInput;
  /** Link that opts the customer out; null for transactional messages. */
  readonly unsubscribeUrl?: string | null;
  /** The clock, for `invoice.days_overdue`. */
  readonly now: Date;
}

/** Values of `customer.*`; keys are the names templates write. */
export type CustomerVariables = {
  name: string;
  first_name: string;
  email: string | null;
  mobile: string | null;
  plan: string | null;
  city: string | null;
  neighbourhood: string | null;
  due_day: number | null;
  birth_date: string | null;
};

/** Values of `invoice.*`; dates and times are local to the provider. */
export type InvoiceVariables = {
  reference: string;
  amount: number;
  due_date: string;
  days_overdue: number;
  digitable_line: string | null;
  pix_code: string | null;
  payment_link: string | null;
  /** Local `YYYY-MM-DD HH:MM`. */
  paid_at: string | null;
  paid_amount: number | null;
};

/** Values of `provider.*`; null for what the provider has not configured. */
export type ProviderVariables = {
  name: string;
  phone: string | null;
  site: string | null;
  email: string | null;
};

/** The plain data a template renders against: only strings, numbers, null and plain objects. */
export type RenderContext = {
  customer: CustomerVariables;
  invoice?: InvoiceVariables;
  provider: ProviderVariables;
  unsubscribe_url: string | null;
};

const DAY_MS = 86_400_000;

/** Builds the render context of one message from the rows it is about. */
export function buildRenderContext(input: RenderInput): RenderContext {
  const { customer, invoice, provider } = input;
  const timeZone = provider.timeZone ?? DEFAULT_TIME_ZONE;
  const context: RenderContext = {
    customer: {
      name: customer.name,
      first_name: firstName(customer.name),
      email: customer.email,
      mobile: customer.mobile,
      plan: customer.plan,
      city: customer.city,
      neighbourhood: customer.neighbourhood,
      due_day: customer.dueDay,
      birth_date: customer.birthDate,
    },
    provider: {
      name: provider.name,
      phone: provider.phone ?? null,
      site: provider.site ?? null,
      email: provider.email ?? null,
    },
    unsubscribe_url: input.unsubscribeUrl ?? null,
  };
  if (invoice) {
    context.invoice = invoiceVariables(invoice, wallClock(input.now, timeZone).date, timeZone);
  }
  return context;
}

function invoiceVariables(invoice: InvoiceInput, today: string, zone: string): InvoiceVariables {
  const overdue = Math.round((Date.parse(today) - Date.parse(invoice.dueDate)) / DAY_MS);
  return {
    reference: invoice.reference,
    amount: invoice.amount,
    due_date: invoice.dueDate,
    days_overdue: Number.isFinite(overdue) ? Math.max(0, overdue) : 0,
    digitable_line: invoice.digitableLine,
    pix_code: invoice.pixCode,
    payment_link: invoice.paymentLink,
    paid_at: invoice.paidAt === null ? null : localDateTime(invoice.paidAt, zone),
    paid_amount: invoice.paidAmount,
  };
}

// One formatter per zone: building an Intl formatter costs a hundred times more than using
// one, and a campaign renders every message in the same zone.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** The provider's wall clock at an instant: `YYYY-MM-DD` and `HH:MM`. */
function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    zoneFormats.set(timeZone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(instant)) part[type] = value;
  return { date: `${part.year}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
}

/** A stored UTC datetime as the provider's wall clock, `YYYY-MM-DD HH:MM`. */
function localDateTime(utc: string, timeZone: string): string {
  const instant = fromSqlTime(utc);
  if (Number.isNaN(instant.getTime())) throw invalid('invoice.paidAt');
  const { date, time } = wallClock(instant, timeZone);
  return `${date} ${time}`;
}

const MAX_DEPTH = 6;

/**
 * A deep copy of render data holding only strings, finite numbers, booleans, null, arrays
 * and plain objects. Anything else (functions, class instances, Dates, getters) is refused:
 * LiquidJS calls functions it finds in data and reads `toLiquid` from objects, so only
 * inert values may reach a template. Keys with an `undefined` value are left out, so a
 * template using them fails as a missing variable instead of printing nothing.
 */
export function toPlainData(value: unknown, path = 'data', depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (depth >= MAX_DEPTH) throw invalid(path);
  if (Array.isArray(value)) {
    return value.map((item, index) => toPlainData(item, `${path}[${index}]`, depth + 1));
  }
  if (typeof value !== 'object' || !isPlainObject(value)) throw invalid(path);

  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    // A getter would run our code at render time; `__proto__` would set a prototype.
    if (!descriptor || !('value' in descriptor) || key === '__proto__') {
      throw invalid(`${path}.${key}`);
    }
    if (descriptor.value === undefined) continue;
    copy[key] = toPlainData(descriptor.value, `${path}.${key}`, depth + 1);
  }
  return copy;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function invalid(path: string): RecadoError {
  return new RecadoError('RECADO_TEMPLATE_DATA_INVALID', { path });
}
