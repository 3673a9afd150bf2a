import type { Knex } from 'knex';

/**
 * Daily quota taken by running worker processes and not yet recorded as sent, one row per
 * account, day and process. Every process reads the others' holds before it takes more, so
 * several workers draining one account stay within its quota together; the hold of a
 * process that died lapses at `expires_at`.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_quota_holds', (table) => {
    table.string('channel', 8).notNullable();
    table.integer('account_id').notNullable();
    // The provider's calendar day, YYYY-MM-DD, as in recado_account_usage.
    table.date('day').notNullable();
    table.string('holder', 128).notNullable();
    table.integer('units').notNullable();
    table.dateTime('expires_at', { precision: 3 }).notNullable();
    table.primary(['channel', 'account_id', 'day', 'holder']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_quota_holds');
}
