import type { Knex } from 'knex';

/**
 * The lease index cost two index writes per message for a query that does not need it: the
 * reclaim reads `status = 'sending'` through the claim index, and only rows in flight have
 * that status.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('recado_deliveries', (table) => {
    table.dropIndex(['status', 'locked_until'], 'recado_deliveries_lease_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('recado_deliveries', (table) => {
    table.index(['status', 'locked_until'], 'recado_deliveries_lease_idx');
  });
}
