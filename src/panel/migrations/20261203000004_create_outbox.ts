import type { Knex } from 'knex';

/** What reached the panel's local SMTP and SMS sinks, for the test outbox page. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('panel_outbox', (table) => {
    table.increments('id');
    table.string('channel', 8).notNullable();
    table.string('sender', 255).nullable();
    table.string('recipient', 255).notNullable();
    table.string('subject', 255).nullable();
    table.text('body').notNullable();
    table.text('headers').nullable();
    table.dateTime('received_at').notNullable();
    table.index(['received_at'], 'panel_outbox_received_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('panel_outbox');
}
