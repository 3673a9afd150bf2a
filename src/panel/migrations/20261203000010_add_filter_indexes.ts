import type { Knex } from 'knex';

/**
 * Indexes the filter engine relies on, beyond the invoices (customer, status, due date) index
 * the panel already has:
 * - customers city, plan, neighbourhood: equality and prefix conditions on them read a range
 *   of the index instead of the whole table;
 * - customers birth date: a birthday condition is about 120 short date ranges, one per year;
 * - invoices (status, due date, customer): "overdue between N and M days" can start from
 *   the invoices due in that window and read the customer from the index alone.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('customers', (table) => {
    table.index(['city'], 'customers_city_idx');
    table.index(['plan'], 'customers_plan_idx');
    table.index(['neighbourhood'], 'customers_neighbourhood_idx');
    table.index(['birth_date'], 'customers_birth_date_idx');
  });
  await db.schema.alterTable('invoices', (table) => {
    table.index(['status', 'due_date', 'customer_id'], 'invoices_status_due_customer_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('invoices', (table) => {
    table.dropIndex(['status', 'due_date', 'customer_id'], 'invoices_status_due_customer_idx');
  });
  await db.schema.alterTable('customers', (table) => {
    table.dropIndex(['birth_date'], 'customers_birth_date_idx');
    table.dropIndex(['neighbourhood'], 'customers_neighbourhood_idx');
    table.dropIndex(['plan'], 'customers_plan_idx');
    table.dropIndex(['city'], 'customers_city_idx');
  });
}
