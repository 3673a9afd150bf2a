import type { Knex } from 'knex';

/** Monthly invoices (boletos with PIX) of the customers. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('invoices', (table) => {
    table.increments('id');
    table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers');
    table.string('reference', 32).notNullable();
    table.decimal('amount', 10, 2).notNullable();
    table.date('due_date').notNullable();
    table.dateTime('paid_at').nullable();
    table.decimal('paid_amount', 10, 2).nullable();
    table.string('status', 16).notNullable().defaultTo('open');
    table.string('digitable_line', 60).nullable();
    table.string('pix_code', 255).nullable();
    table.string('payment_link', 255).nullable();
    table.dateTime('created_at').notNullable();
    table.index(['customer_id', 'status', 'due_date'], 'invoices_customer_status_due_idx');
    table.index(['status', 'due_date'], 'invoices_status_due_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('invoices');
}
