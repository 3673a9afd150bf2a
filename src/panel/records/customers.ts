import type { Knex } from 'knex';
import { paging, type Paging } from './paging.js';
import { matching } from './text-search.js';

/** Where a customer stands: `blocked` customers lose service, `cancelled` ones left. */
export const CUSTOMER_STATUSES = ['active', 'blocked', 'cancelled'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** A row of `customers`. */
export interface CustomerRow {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  /** Digits with country code, `5511987654321`. */
  readonly mobile: string | null;
  readonly status: CustomerStatus;
  readonly plan: string;
  readonly city: string;
  readonly state: string;
  readonly neighbourhood: string;
  /** Day of the month (1–31) invoices fall due. */
  readonly due_day: number;
  /** `YYYY-MM-DD`. */
  readonly birth_date: string | null;
  /** UTC `YYYY-MM-DD HH:MM:SS`. */
  readonly created_at: string;
}

/** What the customer list asks for. */
export interface CustomerQuery {
  /** Matched against name, e-mail, city and neighbourhood, and mobile digits; '' for all. */
  readonly search: string;
  readonly status?: CustomerStatus;
  /** 1-based; clamped to the last page. */
  readonly page: number;
}

/** One page of the customer list, sorted by name. */
export async function listCustomers(
  db: Knex,
  query: CustomerQuery,
): Promise<{ rows: CustomerRow[]; paging: Paging }> {
  const filtered = (): Knex.QueryBuilder => {
    const builder = db('customers');
    if (query.status) builder.where('status', query.status);
    if (query.search) {
      builder.where(
        matching(query.search, {
          text: ['name', 'email', 'city', 'neighbourhood'],
          digits: 'mobile',
        }),
      );
    }
    return builder;
  };

  const counted = (await filtered().count({ count: '*' }).first()) as { count: number | string };
  const at = paging(Number(counted.count), query.page);
  const rows = (await filtered()
    .select('*')
    .orderBy([{ column: 'name' }, { column: 'id' }])
    .limit(at.size)
    .offset(at.offset)) as CustomerRow[];
  return { rows, paging: at };
}

/** The customer of an id, or undefined. */
export async function findCustomer(db: Knex, id: number): Promise<CustomerRow | undefined> {
  return (await db('customers').where({ id }).first()) as CustomerRow | undefined;
}

/**
 * Moves a customer from one status to another in one update that matches only the `from`
 * status, so two clicks or two operators change it once. Returns whether it changed.
 */
export async function moveCustomer(
  db: Knex,
  id: number,
  change: { from: CustomerStatus; to: CustomerStatus },
): Promise<boolean> {
  const updated = await db('customers')
    .where({ id, status: change.from })
    .update({ status: change.to });
  return updated === 1;
}
