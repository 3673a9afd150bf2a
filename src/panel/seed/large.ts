import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { dialectOf } from '../../lib/database.js';
import { Dataset } from './dataset.js';
import { loadDataset } from './load.js';

/** Largest data set: invoice ids must stay within an unsigned 32-bit column. */
export const MAX_CUSTOMERS = 50_000_000;
export const MAX_INVOICES_PER_CUSTOMER = 60;

/** Thrown for counts out of range, or for tables that hold other data than asked for. */
export class SeedError extends Error {}

/** What a large data set is made of. */
export interface SeedLargeOptions {
  /** Customers the data set holds, 1 to {@link MAX_CUSTOMERS}. */
  readonly customers: number;
  /** Monthly invoices of each customer, 1 to {@link MAX_INVOICES_PER_CUSTOMER}. Default 6. */
  readonly invoicesPerCustomer?: number;
  /** The instant the data is relative to. */
  readonly now: Date;
  /** Receives one info line when done. Default none. */
  readonly logger?: Logger;
  /**
   * Keeps tables that already hold exactly the requested customers and invoices, whatever
   * `now` they were written for. Default true.
   */
  readonly reuse?: boolean;
  /** Deletes every customer and invoice first. Default false. */
  readonly reset?: boolean;
  /** The provider's time zone, which decides what "today" is. Default America/Sao_Paulo. */
  readonly timeZone?: string;
  /** Called after each committed transaction with the customers written so far. */
  readonly onProgress?: (customers: number) => void;
}

/** What {@link seedLarge} found or wrote. */
export interface SeedLargeResult {
  /** Customers the tables hold. */
  readonly customers: number;
  /** Invoices the tables hold. */
  readonly invoices: number;
  /** True when the tables already held the data set and nothing was written. */
  readonly reused: boolean;
  /** Time taken, in milliseconds. */
  readonly durationMs: number;
}

/**
 * Fills the customers and invoices tables with a data set for benchmarks: the demo's
 * generators, streamed in large multi-row INSERTs. Tables holding other rows are refused
 * unless `reset` empties them first, since fresh ids are written explicitly.
 */
export async function seedLarge(db: Knex, options: SeedLargeOptions): Promise<SeedLargeResult> {
  const invoicesPerCustomer = options.invoicesPerCustomer ?? 6;
  checkCounts(options.customers, invoicesPerCustomer);
  const started = performance.now();
  const wanted = {
    customers: options.customers,
    invoices: options.customers * invoicesPerCustomer,
  };

  if (await keepsTables(db, options, wanted)) {
    options.logger?.info(
      { event: 'panel.seed.large.reused', ...wanted },
      'data set already present',
    );
    return { ...wanted, reused: true, durationMs: Math.round(performance.now() - started) };
  }

  const dataset = new Dataset({
    now: options.now,
    invoicesPerCustomer,
    timeZone: options.timeZone,
  });
  const written = await loadDataset(db, dataset, options.customers, {
    onProgress: options.onProgress,
  });
  const durationMs = Math.round(performance.now() - started);
  options.logger?.info({ event: 'panel.seed.large', ...written, durationMs }, 'data set seeded');
  return { ...written, reused: false, durationMs };
}

/**
 * Empties the tables on reset. Otherwise, true when they already hold the wanted data set
 * and reuse is allowed; empty tables are written to; anything else is refused.
 */
async function keepsTables(
  db: Knex,
  options: SeedLargeOptions,
  wanted: { customers: number; invoices: number },
): Promise<boolean> {
  if (options.reset) {
    await clearTables(db);
    return false;
  }
  const held = await countRows(db);
  const same = held.customers === wanted.customers && held.invoices === wanted.invoices;
  if (same && (options.reuse ?? true)) return true;
  if (held.customers === 0 && held.invoices === 0) return false;
  throw new SeedError(
    `the tables already hold ${held.customers} customers and invoices up to id ${held.invoices}; reset to replace them`,
  );
}

/** Throws a {@link SeedError} unless both counts are whole numbers within their range. */
export function checkCounts(customers: number, invoicesPerCustomer: number): void {
  if (!Number.isInteger(customers) || customers < 1 || customers > MAX_CUSTOMERS) {
    throw new SeedError(
      `customers must be a whole number from 1 to ${MAX_CUSTOMERS}, not ${customers}`,
    );
  }
  if (
    !Number.isInteger(invoicesPerCustomer) ||
    invoicesPerCustomer < 1 ||
    invoicesPerCustomer > MAX_INVOICES_PER_CUSTOMER
  ) {
    throw new SeedError(
      `invoices per customer must be a whole number from 1 to ${MAX_INVOICES_PER_CUSTOMER}, not ${invoicesPerCustomer}`,
    );
  }
}

/**
 * What the tables hold: the customers counted exactly, the invoices by their highest id.
 * Counting six million invoices takes a minute on a cold InnoDB buffer pool; a data set
 * written by this seeder numbers its invoices from 1 without gaps, so the highest id is
 * their count, read at once from the primary key.
 */
async function countRows(db: Knex): Promise<{ customers: number; invoices: number }> {
  const customers = await db('customers').count({ count: '*' }).first();
  const invoices = await db('invoices').max({ id: 'id' }).first();
  return { customers: Number(customers?.count ?? 0), invoices: Number(invoices?.id ?? 0) };
}

/**
 * Empties both tables. MariaDB truncates, which takes seconds where deleting millions of rows
 * takes minutes; the invoices' foreign key must be off for it, on the same connection.
 */
async function clearTables(db: Knex): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await db.transaction(async (trx) => {
      await trx('invoices').delete();
      await trx('customers').delete();
    });
    return;
  }
  await db.transaction(async (trx) => {
    await trx.raw('set foreign_key_checks = 0');
    try {
      await trx.raw('truncate table invoices');
      await trx.raw('truncate table customers');
    } finally {
      await trx.raw('set foreign_key_checks = 1');
    }
  });
}
