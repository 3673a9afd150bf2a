import type { Knex } from 'knex';
import { dialectOf, type Dialect } from '../../lib/database.js';
import type { CustomerRow } from './customers.js';
import type { Dataset } from './dataset.js';
import type { InvoiceRow } from './invoices.js';
import {
  CUSTOMER_COLUMNS,
  INVOICE_COLUMNS,
  InsertBatch,
  rowsPerStatement,
  StatementQueue,
} from './writer.js';

/** How a data set is written. */
export interface LoadOptions {
  /** Customers committed per transaction (with their invoices). Default 25,000. */
  readonly customersPerTransaction?: number;
  /** Called after each transaction with the number of customers written so far. */
  readonly onProgress?: (customers: number) => void;
}

/** What a load wrote. */
export interface LoadResult {
  /** Customers written. */
  readonly customers: number;
  /** Invoices written. */
  readonly invoices: number;
}

/** Customers generated between two turns of the event loop, so that statements keep flowing. */
const CUSTOMERS_PER_TURN = 64;

/**
 * Writes the next `count` customers of a data set and their invoices. Rows are generated as
 * they are written, so memory holds a couple of statements whatever the count; each
 * transaction commits its customers together with their invoices.
 */
export async function loadDataset(
  db: Knex,
  dataset: Dataset,
  count: number,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const perTransaction = options.customersPerTransaction ?? 25_000;
  const result = { customers: 0, invoices: 0 };
  while (result.customers < count) {
    const size = Math.min(perTransaction, count - result.customers);
    const invoices = await db.transaction((trx) =>
      withBulkSession(trx, () => write(trx, dataset, size)),
    );
    result.customers += size;
    result.invoices += invoices;
    options.onProgress?.(result.customers);
  }
  return result;
}

/**
 * On MariaDB, turns off the foreign key and unique checks for the transaction's connection:
 * the ids are fresh and every invoice's customer is written before it, so the checks would
 * only slow the load. They are turned back on before the connection returns to the pool.
 */
async function withBulkSession<T>(trx: Knex.Transaction, body: () => Promise<T>): Promise<T> {
  if (dialectOf(trx) !== 'mysql') return body();
  await trx.raw('set foreign_key_checks = 0, unique_checks = 0');
  try {
    return await body();
  } finally {
    await trx.raw('set foreign_key_checks = 1, unique_checks = 1');
  }
}

/** Writes `count` customers in blocks: one INSERT of customers, then one of their invoices. */
async function write(trx: Knex.Transaction, dataset: Dataset, count: number): Promise<number> {
  const dialect: Dialect = dialectOf(trx);
  // A block's invoices fill one INSERT; its customers, fewer rows, fit in another.
  const invoiceRows = rowsPerStatement(dialect, INVOICE_COLUMNS.length);
  const perBlock = Math.max(1, Math.floor(invoiceRows / Math.max(1, dataset.invoicesPerCustomer)));
  const customers = new InsertBatch<CustomerRow>(dialect, 'customers', CUSTOMER_COLUMNS);
  const invoices = new InsertBatch<InvoiceRow>(dialect, 'invoices', INVOICE_COLUMNS);
  const queue = new StatementQueue(trx);
  let written = 0;

  for (let i = 1; i <= count; i += 1) {
    const entry = dataset.next();
    customers.add(entry.customer);
    for (const invoice of entry.invoices) invoices.add(invoice);
    written += entry.invoices.length;
    if (i % perBlock === 0 || i === count) {
      await queue.push(customers.take());
      if (invoices.size > 0) await queue.push(invoices.take());
    }
    if (i % CUSTOMERS_PER_TURN === 0) await nextTurn();
  }
  await queue.drain();
  return written;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
