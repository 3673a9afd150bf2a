import type { Knex } from 'knex';

/**
 * The default SMTP account: it sends the e-mail that name no account, Cobrança's notices
 * among them. Until now that was the enabled account with the lowest id, so that account
 * (or, with none enabled, the lowest id) becomes the default. `is_default` is true or null,
 * never false, so that the unique index allows one default.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('recado_email_accounts', (table) => {
    table.boolean('is_default').nullable();
    table.unique(['is_default'], { indexName: 'recado_email_accounts_default_uq' });
  });
  const first =
    (await db('recado_email_accounts').where({ enabled: true }).orderBy('id').first('id')) ??
    (await db('recado_email_accounts').orderBy('id').first('id'));
  if (first) await db('recado_email_accounts').where({ id: first.id }).update({ is_default: true });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('recado_email_accounts', (table) => {
    table.dropUnique(['is_default'], 'recado_email_accounts_default_uq');
    table.dropColumn('is_default');
  });
}
