import type { Knex } from 'knex';

/** The delivery queue: one row per message, from enqueue to its outcome. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_deliveries', (table) => {
    table.bigIncrements('id');
    // What makes a message unique (rule + invoice + day + channel, campaign + customer …);
    // a second enqueue of the same key is ignored. 191 characters fit a utf8mb4 index.
    table.string('dedupe_key', 191).notNullable();
    table.string('channel', 8).notNullable();
    table.integer('account_id').nullable();
    table.string('source', 12).notNullable();
    table.string('source_id', 64).nullable();
    table.integer('campaign_id').nullable();
    table.string('kind', 16).notNullable();
    // Lower is sooner: transactional notices before marketing.
    table.smallint('priority').notNullable();
    table.integer('customer_id').nullable();
    table.integer('invoice_id').nullable();
    table.integer('template_id').nullable();
    table.string('recipient', 255).nullable();
    table.string('status', 10).notNullable().defaultTo('queued');
    table.smallint('attempts').notNullable().defaultTo(0);
    table.smallint('max_attempts').notNullable().defaultTo(5);
    table.dateTime('run_at', { precision: 3 }).notNullable();
    table.string('locked_by', 64).nullable();
    table.dateTime('locked_until', { precision: 3 }).nullable();
    table.string('provider_id', 128).nullable();
    table.string('error_code', 64).nullable();
    table.string('error_reason', 500).nullable();
    table.string('sent_subject', 255).nullable();
    table.text('sent_body').nullable();
    // Values the template needs besides the customer and invoice (a hook's payment date …).
    table.text('payload').nullable();
    table.dateTime('created_at', { precision: 3 }).notNullable();
    table.dateTime('updated_at', { precision: 3 }).notNullable();
    table.dateTime('sent_at', { precision: 3 }).nullable();
    table.unique(['dedupe_key'], { indexName: 'recado_deliveries_dedupe_uq' });
    // Serves the claim exactly: equality on status, then the ORDER BY, range on run_at.
    table.index(['status', 'priority', 'run_at', 'id'], 'recado_deliveries_claim_idx');
    table.index(['status', 'locked_until'], 'recado_deliveries_lease_idx');
    table.index(['campaign_id', 'status'], 'recado_deliveries_campaign_idx');
    table.index(['customer_id', 'created_at'], 'recado_deliveries_customer_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_deliveries');
}
