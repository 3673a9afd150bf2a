import type { Knex } from 'knex';

/**
 * Customers who asked not to receive marketing on a channel (`email` or `sms`). The customer
 * id is the host's; there is no foreign key, since the customers table belongs to the host
 * and its name comes from the mapping. Transactional notices ignore this table.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_opt_outs', (table) => {
    table.increments('id');
    table.integer('customer_id').unsigned().notNullable();
    table.string('channel', 8).notNullable();
    table.dateTime('created_at').notNullable();
    // Serves the filter's EXISTS (customer, channel) and keeps an opt-out from doubling.
    table.unique(['customer_id', 'channel'], { indexName: 'recado_opt_outs_customer_channel_uq' });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_opt_outs');
}
