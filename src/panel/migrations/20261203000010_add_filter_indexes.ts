import type { Knex } from 'knex';

/**
 * Indexes the filter engine relies on, beyond the invoices (customer, status, due date) index
 * the panel already has:
 * - customers (city | plan | neighbourhood, status): equality, list and prefix conditions on
 *   the text read a range of the index instead of the whole table, and the status that most
 *   filters also test is answered from the same index;
 * - customers birth date: a birthday condition is about 120 short date ranges, one per year;
 * - invoices (status, due date, customer): "overdue between N and M days" can start from
 *   the invoices due in that window and read the customer from the index alone.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('customers', (table) => {
    table.index(['city', 'status'], 'customers_city_idx');
    table.index(['plan', 'status'], 'customers_plan_idx');
    table.index(['neighbourhood', 'status'], 'customers_neighbourhood_idx');
    table.index(['birth_date'], 'customers_birth_date_idx');
  });
  await db.schema.alterTable('invoices', (table) => {
    table.index(['status', 'due_date', 'customer_id'], 'invoices_status_due_customer_idx');
  });
}

/** Drops by name, whatever columns an index was built on. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('invoices', (table) => {
    table.dropIndex([], 'invoices_status_due_customer_idx');
  });
  await db.schema.alterTable('customers', (table) => {
    table.dropIndex([], 'customers_birth_date_idx');
    table.dropIndex([], 'customers_neighbourhood_idx');
    table.dropIndex([], 'customers_plan_idx');
    table.dropIndex([], 'customers_city_idx');
  });
}
