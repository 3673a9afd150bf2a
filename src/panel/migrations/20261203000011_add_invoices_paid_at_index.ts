import type { Knex } from 'knex';

/** Cobrança's polling fallback reads invoices paid since a watermark. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('invoices', (table) => {
    table.index(['paid_at'], 'invoices_paid_at_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('invoices', (table) => {
    table.dropIndex(['paid_at'], 'invoices_paid_at_idx');
  });
}
