import type { Knex } from 'knex';

/** Plugin settings by area (provider details, quiet hours …), each a JSON document. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_settings', (table) => {
    table.string('area', 32).primary();
    table.text('value').notNullable();
    table.string('updated_by', 64).nullable();
    table.dateTime('updated_at').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_settings');
}
