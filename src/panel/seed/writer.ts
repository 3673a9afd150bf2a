import type { Knex } from 'knex';
import type { Dialect } from '../../lib/database.js';
import type { CustomerRow } from './customers.js';
import type { InvoiceRow } from './invoices.js';

/** Columns of the host tables, in the order the generated rows are written. */
export const CUSTOMER_COLUMNS = [
  'id',
  'name',
  'email',
  'mobile',
  'status',
  'plan',
  'city',
  'state',
  'neighbourhood',
  'due_day',
  'birth_date',
  'created_at',
] as const satisfies readonly (keyof CustomerRow)[];

export const INVOICE_COLUMNS = [
  'id',
  'customer_id',
  'reference',
  'amount',
  'due_date',
  'paid_at',
  'paid_amount',
  'status',
  'digitable_line',
  'pix_code',
  'payment_link',
  'created_at',
] as const satisfies readonly (keyof InvoiceRow)[];

/** SQLite refuses a statement with more bound variables than this. */
const SQLITE_MAX_VARIABLES = 32_766;
/** Rows per INSERT on MariaDB: about 1.5 MB of SQL, far under a 16 MB max_allowed_packet. */
const MYSQL_ROWS_PER_STATEMENT = 4_000;

type Value = string | number | null;

/** One multi-row INSERT, ready to run. */
export interface Statement {
  readonly sql: string;
  /** One nested array of rows on MariaDB; every value, in order, on SQLite. */
  readonly bindings: readonly unknown[];
}

/** How many rows of `columnCount` columns one INSERT may carry on an engine. */
export function rowsPerStatement(dialect: Dialect, columnCount: number): number {
  if (dialect === 'mysql') return MYSQL_ROWS_PER_STATEMENT;
  return Math.floor(SQLITE_MAX_VARIABLES / columnCount);
}

/**
 * Collects rows of one table into a multi-row INSERT. On MariaDB the rows go to the driver
 * as one nested-array value behind a single `?`, which mysql2 expands into escaped tuples:
 * tens of thousands of placeholders would make knex and mysql2 rescan the whole statement.
 * SQLite binds each value, within its limit of bound variables.
 */
export class InsertBatch<Row extends object> {
  readonly #head: string;
  readonly #columns: readonly (keyof Row & string)[];
  readonly #dialect: Dialect;
  #rows: Value[][] = [];

  constructor(dialect: Dialect, table: string, columns: readonly (keyof Row & string)[]) {
    this.#head = `insert into ${table} (${columns.join(', ')}) values `;
    this.#columns = columns;
    this.#dialect = dialect;
  }

  get size(): number {
    return this.#rows.length;
  }

  add(row: Row): void {
    this.#rows.push(this.#columns.map((column) => row[column] as Value));
  }

  /** The INSERT of the rows added so far; the batch starts empty again. */
  take(): Statement {
    const rows = this.#rows;
    this.#rows = [];
    if (this.#dialect === 'mysql') return { sql: `${this.#head}?`, bindings: [rows] };
    const tuple = `(${this.#columns.map(() => '?').join(',')})`;
    return { sql: this.#head + Array(rows.length).fill(tuple).join(','), bindings: rows.flat() };
  }
}

/**
 * Runs statements one after another on a transaction's connection while the caller builds
 * the next ones, keeping at most `depth` queued. The first failure is kept and rethrown by
 * the next `push` or by `drain`; statements queued after it do not run.
 */
export class StatementQueue {
  readonly #trx: Knex.Transaction;
  readonly #depth: number;
  readonly #inFlight: Promise<void>[] = [];
  #tail: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | undefined;

  constructor(trx: Knex.Transaction, depth = 2) {
    this.#trx = trx;
    this.#depth = depth;
  }

  async push(statement: Statement): Promise<void> {
    this.#throwIfFailed();
    const run = async (): Promise<void> => {
      if (this.#failure) return;
      await this.#trx.raw(statement.sql, statement.bindings as Knex.RawBinding[]);
    };
    this.#tail = this.#tail.then(run).catch((error: unknown) => {
      this.#failure ??= { error };
    });
    this.#inFlight.push(this.#tail);
    while (this.#inFlight.length > this.#depth) await this.#inFlight.shift();
    this.#throwIfFailed();
  }

  async drain(): Promise<void> {
    await this.#tail;
    this.#inFlight.length = 0;
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
