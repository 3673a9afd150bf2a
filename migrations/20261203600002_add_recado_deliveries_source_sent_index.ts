import type { Knex } from 'knex';

/**
 * The Cobrança dashboard reads the notices sent in a window (`source = 'rule'`, `sent_at`
 * in the last 30 days): without this index it would walk every sent delivery ever made.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('recado_deliveries', (table) => {
    table.index(['source', 'sent_at'], 'recado_deliveries_source_sent_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('recado_deliveries', (table) => {
    table.dropIndex([], 'recado_deliveries_source_sent_idx');
  });
}
