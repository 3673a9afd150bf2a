import type { Knex } from 'knex';

/** Operator-written message templates, for e-mail (subject and body) and SMS (body). */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_templates', (table) => {
    table.increments('id');
    table.string('channel', 8).notNullable();
    table.string('name', 120).notNullable();
    table.string('subject', 255).nullable();
    table.text('body').notNullable();
    table.dateTime('created_at').notNullable();
    table.dateTime('updated_at').notNullable();
    table.unique(['channel', 'name'], { indexName: 'recado_templates_channel_name_uq' });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_templates');
}
