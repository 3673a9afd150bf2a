import type { Knex } from 'knex';

/**
 * SMTP accounts of the E-mail app. The password and the DKIM private key are stored sealed
 * by the credential vault (`v1:<key id>:…`), never in the clear.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_email_accounts', (table) => {
    table.increments('id');
    table.string('name', 120).notNullable();
    table.string('preset', 16).notNullable().defaultTo('custom');
    table.string('host', 255).notNullable();
    table.integer('port').notNullable();
    // tls (implicit, 465), starttls (required, 587) or none (local relay only).
    table.string('security', 8).notNullable();
    table.string('username', 255).nullable();
    table.text('password_sealed').nullable();
    table.string('from_name', 120).notNullable().defaultTo('');
    table.string('from_address', 254).notNullable();
    table.string('reply_to', 254).nullable();
    // Null is no limit; the send gate reads both.
    table.decimal('per_second', 8, 3).nullable();
    table.integer('daily_quota').nullable();
    table.string('dkim_domain', 253).nullable();
    table.string('dkim_selector', 63).nullable();
    table.text('dkim_key_sealed').nullable();
    // Extra CA certificates (PEM) for a server with a private CA; public, so not sealed.
    table.text('tls_ca').nullable();
    // Set when the server refused the credentials; the channel stops using the account.
    table.boolean('attention').notNullable().defaultTo(false);
    table.string('attention_reason', 500).nullable();
    table.dateTime('attention_at', { precision: 3 }).nullable();
    table.boolean('enabled').notNullable().defaultTo(true);
    table.dateTime('created_at', { precision: 3 }).notNullable();
    table.dateTime('updated_at', { precision: 3 }).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_email_accounts');
}
