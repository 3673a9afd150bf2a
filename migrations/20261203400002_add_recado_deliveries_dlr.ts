import type { Knex } from 'knex';

/**
 * Delivery reports on the queue row: whether the handset got the message (`delivered`,
 * `not_delivered`, or null while no report came), when, and the gateway's words. Reports
 * find their row by the gateway's id, hence the index on (channel, provider_id).
 * `dlr_checked_at` is when a polled gateway (playSMS) was last asked, so that polling takes
 * the longest-unasked rows first instead of the same ones every run.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('recado_deliveries', (table) => {
    table.string('dlr_status', 16).nullable();
    table.dateTime('dlr_at', { precision: 3 }).nullable();
    table.string('dlr_detail', 255).nullable();
    table.dateTime('dlr_checked_at', { precision: 3 }).nullable();
    table.index(['channel', 'provider_id'], 'recado_deliveries_provider_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('recado_deliveries', (table) => {
    table.dropIndex(['channel', 'provider_id'], 'recado_deliveries_provider_idx');
    table.dropColumn('dlr_checked_at');
    table.dropColumn('dlr_detail');
    table.dropColumn('dlr_at');
    table.dropColumn('dlr_status');
  });
}
