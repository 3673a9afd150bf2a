import type { Knex } from 'knex';

/** The panel's sign-in accounts and what each may do. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('panel_operators', (table) => {
    table.increments('id');
    table.string('login', 64).notNullable().unique();
    table.string('name', 120).notNullable();
    table.string('password_hash', 200).notNullable();
    table.boolean('is_admin').notNullable().defaultTo(false);
    // JSON array of permission ids; admins hold every permission whatever it says.
    table.text('permissions').notNullable();
    table.string('locale', 8).notNullable().defaultTo('pt-BR');
    table.dateTime('created_at').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('panel_operators');
}
