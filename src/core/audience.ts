import type { Knex } from 'knex';
import { columnOf, statusOf, type HostMapping } from './mapping.js';

/** How many active customers a channel can reach and how many it cannot. */
export interface Reach {
  /** Active customers. */
  readonly active: number;
  /** Active customers with a non-empty address for the channel. */
  readonly reachable: number;
}

/** Counts active customers with and without an e-mail address or a mobile number. */
export async function countReach(
  db: Knex,
  mapping: HostMapping,
  channel: 'email' | 'mobile',
): Promise<Reach> {
  const { table } = mapping.customers;
  const address = columnOf(mapping.customers, channel);
  const row = (await db(table)
    .where(columnOf(mapping.customers, 'status'), statusOf(mapping.customers, 'active'))
    .select(
      db.raw('count(*) as active'),
      db.raw(`sum(case when ?? is not null and ?? <> '' then 1 else 0 end) as reachable`, [
        address,
        address,
      ]),
    )
    .first()) as { active: number | string; reachable: number | string | null };
  return { active: Number(row.active), reachable: Number(row.reachable ?? 0) };
}

/** Open invoices past their due date: how many customers owe, how many invoices, how much. */
export interface OverdueSummary {
  readonly customers: number;
  readonly invoices: number;
  /** Sum of the overdue invoices' amounts, in reais. */
  readonly amount: number;
}

/** Sums the open invoices whose due date is before `today` (`YYYY-MM-DD`). */
export async function overdueSummary(
  db: Knex,
  mapping: HostMapping,
  today: string,
): Promise<OverdueSummary> {
  const { table } = mapping.invoices;
  const row = (await db(table)
    .where(columnOf(mapping.invoices, 'status'), statusOf(mapping.invoices, 'open'))
    .where(columnOf(mapping.invoices, 'dueDate'), '<', today)
    .select(
      db.raw('count(distinct ??) as customers', [columnOf(mapping.invoices, 'customerId')]),
      db.raw('count(*) as invoices'),
      db.raw('coalesce(sum(??), 0) as amount', [columnOf(mapping.invoices, 'amount')]),
    )
    .first()) as { customers: number | string; invoices: number | string; amount: number | string };
  return {
    customers: Number(row.customers),
    invoices: Number(row.invoices),
    amount: Number(row.amount),
  };
}
