import type { Knex } from 'knex';

/** Which of the plugin's apps an admin enabled, and who changed it last. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_apps', (table) => {
    table.string('app_id', 32).primary();
    table.boolean('enabled').notNullable().defaultTo(false);
    table.string('changed_by', 64).nullable();
    table.dateTime('changed_at').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_apps');
}
