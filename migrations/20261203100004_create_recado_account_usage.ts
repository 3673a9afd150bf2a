import type { Knex } from 'knex';

/** Messages sent per account and day, for daily quotas that carry over to the next day. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_account_usage', (table) => {
    table.string('channel', 8).notNullable();
    table.integer('account_id').notNullable();
    // The provider's calendar day, YYYY-MM-DD.
    table.date('day').notNullable();
    table.integer('sent').notNullable().defaultTo(0);
    table.primary(['channel', 'account_id', 'day']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_account_usage');
}
