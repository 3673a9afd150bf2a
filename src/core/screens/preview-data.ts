import type { Knex } from 'knex';
import type { CustomerInput, InvoiceInput } from '../../templates/index.js';
import { RecadoError } from '../errors.js';
import { LIKE_ESCAPE_SQL, likePattern } from '../filters/dialect.js';
import { columnOf, statusOf, type HostMapping, type TableMapping } from '../mapping.js';

const CUSTOMER_FIELDS = [
  'id',
  'name',
  'email',
  'mobile',
  'plan',
  'city',
  'neighbourhood',
  'dueDay',
  'birthDate',
] as const;
const INVOICE_FIELDS = [
  'id',
  'reference',
  'amount',
  'dueDate',
  'paidAt',
  'paidAmount',
  'digitableLine',
  'pixCode',
  'paymentLink',
] as const;

/** A customer an operator can pick for a preview. */
export interface CustomerChoice {
  readonly id: number;
  readonly name: string;
  readonly city: string | null;
}

/** Most customers a search answers with. */
export const CUSTOMER_SEARCH_LIMIT = 10;

function columns(table: TableMapping, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, columnOf(table, field)]));
}

/** Host dates come back as text or as Date objects, by driver; templates want `YYYY-MM-DD`. */
function dateText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/**
 * Reads the customers and invoices a preview renders with, fresh from the host tables
 * through the mapping: the same data the composer gives a message when it is sent.
 */
export class PreviewData {
  readonly #db: Knex;
  readonly #mapping: HostMapping;

  constructor(deps: { db: Knex; mapping: HostMapping }) {
    this.#db = deps.db;
    this.#mapping = deps.mapping;
  }

  /** The customer, or `RECADO_CUSTOMER_NOT_FOUND`. */
  async customer(id: number): Promise<CustomerInput> {
    const table = this.#mapping.customers;
    const row = (await this.#db(table.table)
      .select(columns(table, CUSTOMER_FIELDS))
      .where(columnOf(table, 'id'), id)
      .first()) as (CustomerInput & Record<string, unknown>) | undefined;
    if (!row) throw new RecadoError('RECADO_CUSTOMER_NOT_FOUND', { id });
    return {
      ...row,
      id: Number(row.id),
      dueDay: row.dueDay === null ? null : Number(row.dueDay),
      birthDate: dateText(row.birthDate),
    };
  }

  /** The customer's open invoice due first, or null when they owe nothing. */
  async openInvoice(customerId: number): Promise<InvoiceInput | null> {
    const table = this.#mapping.invoices;
    const row = (await this.#db(table.table)
      .select(columns(table, INVOICE_FIELDS))
      .where(columnOf(table, 'customerId'), customerId)
      .where(columnOf(table, 'status'), statusOf(table, 'open'))
      .orderBy(columnOf(table, 'dueDate'))
      .orderBy(columnOf(table, 'id'))
      .first()) as (InvoiceInput & Record<string, unknown>) | undefined;
    if (!row) return null;
    return {
      ...row,
      id: Number(row.id),
      amount: Number(row.amount),
      paidAmount: row.paidAmount === null ? null : Number(row.paidAmount),
      dueDate: dateText(row.dueDate) ?? '',
    };
  }

  /** Customers whose name contains `query`, or whose id it is; by name. */
  async search(query: string): Promise<CustomerChoice[]> {
    const table = this.#mapping.customers;
    const text = query.trim().slice(0, 80);
    if (text === '') return [];
    const id = columnOf(table, 'id');
    const name = columnOf(table, 'name');
    const like = likePattern(text, 'contains');
    const rows = (await this.#db(table.table)
      .select({ id, name, city: columnOf(table, 'city') })
      .where((where) => {
        where.whereRaw(`?? like ? ${LIKE_ESCAPE_SQL}`, [name, like]);
        if (/^\d{1,9}$/.test(text)) where.orWhere(id, Number(text));
      })
      .orderBy(name)
      .limit(CUSTOMER_SEARCH_LIMIT)) as CustomerChoice[];
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }
}
