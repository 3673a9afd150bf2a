import type { Knex } from 'knex';

/**
 * Cobrança rules: what to send (a template per channel), to whom (the kind, its step in
 * days, an optional filter) and when (the local hour, for the kinds the evaluation runs).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_billing_rules', (table) => {
    table.increments('id');
    table.string('kind', 24).notNullable();
    // Days before or after the due date; null for the kinds that have no step.
    table.smallint('days').nullable();
    table.string('name', 120).notNullable();
    // `email`, `sms` or `email,sms`.
    table.string('channels', 16).notNullable();
    table.integer('email_template_id').nullable();
    table.integer('sms_template_id').nullable();
    table.tinyint('send_hour').notNullable().defaultTo(9);
    // The filter tree as JSON; null sends to everyone the kind selects.
    table.text('filter').nullable();
    table.boolean('enabled').notNullable().defaultTo(true);
    table.integer('position').notNullable().defaultTo(0);
    // Which default a rule came from; unique, so that installing the defaults twice at once
    // (two panels starting together) still creates each default once.
    table.string('preset', 32).nullable();
    table.dateTime('created_at').notNullable();
    table.dateTime('updated_at').notNullable();
    table.unique(['preset'], { indexName: 'recado_billing_rules_preset_uq' });
    table.index(['position', 'id'], 'recado_billing_rules_position_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_billing_rules');
}
