import type { Knex } from 'knex';

/**
 * SMS gateways: one row per configured gateway (Zenvia, playSMS, Khal, SmsGateway.me,
 * Torpedus, Voipr, generic). `config` is the type's settings as JSON, checked by the type's
 * JSON Schema; `secrets` is one vault ciphertext of the tokens and passwords, never sent
 * back to a screen.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_sms_gateways', (table) => {
    table.increments('id');
    table.string('type', 24).notNullable();
    table.string('name', 120).notNullable();
    table.text('config').notNullable();
    table.text('secrets').notNullable();
    // Messages per second this process may send; null is no limit.
    table.double('rate_per_second').nullable();
    // Messages per provider day; null is no limit.
    table.integer('daily_quota').nullable();
    table.boolean('fold_accents').notNullable().defaultTo(true);
    table.boolean('enabled').notNullable().defaultTo(true);
    // True on the default gateway and null on every other: a unique index then allows one
    // default at most, on SQLite and MySQL alike (both let NULLs repeat in a unique index).
    table.boolean('is_default').nullable();
    table.dateTime('created_at', { precision: 3 }).notNullable();
    // Millisecond precision: the SMS channel rebuilds a gateway's adapter when it changes.
    table.dateTime('updated_at', { precision: 3 }).notNullable();
    table.unique(['is_default'], { indexName: 'recado_sms_gateways_default_uq' });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_sms_gateways');
}
