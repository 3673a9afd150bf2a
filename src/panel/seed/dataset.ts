import { DEFAULT_TIME_ZONE } from '../../lib/time.js';
import { clockAt, type SeedClock } from './calendar.js';
import { drawCustomer, drawDueDay, type CustomerRow } from './customers.js';
import { buildInvoices, invoiceSlots, ISSUE_LEAD_DAYS, type InvoiceRow } from './invoices.js';
import { DEFAULT_SEED, Random } from './random.js';

/** What a data set is built from; the same options always give the same rows. */
export interface DatasetOptions {
  /** The instant the data is relative to: due dates, birthdays, overdue days. */
  readonly now: Date;
  /** Monthly invoices of each customer. Default 6. */
  readonly invoicesPerCustomer?: number;
  /** The provider's time zone, which decides what "today" is. Default America/Sao_Paulo. */
  readonly timeZone?: string;
  /** Seed of the PRNG. Default {@link DEFAULT_SEED}. */
  readonly seed?: number;
}

/** One customer and their invoices. */
export interface DatasetEntry {
  readonly customer: CustomerRow;
  /** Oldest first, with consecutive ids. */
  readonly invoices: InvoiceRow[];
}

/**
 * The demo provider's customers, drawn one at a time with consecutive ids from 1, so that a
 * data set of any size is produced in bounded memory and its first customers are the same
 * whatever its size: the demo's 240 are the first 240 of a million.
 */
export class Dataset {
  readonly #random: Random;
  readonly #clock: SeedClock;
  /** Invoices of each customer. */
  readonly invoicesPerCustomer: number;
  #nextCustomerId = 1;
  #nextInvoiceId = 1;

  constructor(options: DatasetOptions) {
    this.#random = new Random(options.seed ?? DEFAULT_SEED);
    this.#clock = clockAt(options.now, options.timeZone ?? DEFAULT_TIME_ZONE);
    this.invoicesPerCustomer = options.invoicesPerCustomer ?? 6;
  }

  next(): DatasetEntry {
    const random = this.#random;
    const dueDay = drawDueDay(random);
    const slots = invoiceSlots(dueDay, this.#clock.today, this.invoicesPerCustomer);
    const firstIssueDay = (slots[0]?.due ?? this.#clock.today) - ISSUE_LEAD_DAYS;
    const customer = drawCustomer(this.#nextCustomerId, random, this.#clock, {
      dueDay,
      firstIssueDay,
    });
    const invoices = buildInvoices(customer, slots, this.#nextInvoiceId, this.#clock, random);

    this.#nextCustomerId += 1;
    this.#nextInvoiceId += invoices.length;
    return { customer: customer.row, invoices };
  }
}
