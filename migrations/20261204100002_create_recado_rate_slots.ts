import type { Knex } from 'knex';

/**
 * The per-second rate of each account, shared by every worker process: `next_at` is the
 * instant from which the account's send schedule is free. A process books a few send
 * instants at a time by moving it forward under the row's lock.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_rate_slots', (table) => {
    table.string('channel', 8).notNullable();
    table.integer('account_id').notNullable();
    table.dateTime('next_at', { precision: 3 }).notNullable();
    table.primary(['channel', 'account_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_rate_slots');
}
