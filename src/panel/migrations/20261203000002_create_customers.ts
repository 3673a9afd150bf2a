import type { Knex } from 'knex';

/** The provider's customers, as a Controllr-style panel keeps them. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('customers', (table) => {
    table.increments('id');
    table.string('name', 120).notNullable();
    table.string('email', 160).nullable();
    // Digits only, with country code: 55 + DDD + number.
    table.string('mobile', 20).nullable();
    table.string('status', 16).notNullable().defaultTo('active');
    table.string('plan', 60).notNullable();
    table.string('city', 80).notNullable();
    table.string('state', 2).notNullable();
    table.string('neighbourhood', 80).notNullable();
    table.tinyint('due_day').notNullable();
    table.date('birth_date').nullable();
    table.dateTime('created_at').notNullable();
    table.index(['status'], 'customers_status_idx');
    table.index(['name'], 'customers_name_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('customers');
}
