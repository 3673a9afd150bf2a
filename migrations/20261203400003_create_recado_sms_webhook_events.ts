import type { Knex } from 'knex';

/**
 * Webhook events already applied, by the gateway's event id: Zenvia retries an event it
 * thinks failed (up to 30 times), and a retry must not apply the report twice.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_sms_webhook_events', (table) => {
    table.integer('gateway_id').notNullable();
    table.string('event_id', 128).notNullable();
    table.dateTime('received_at', { precision: 3 }).notNullable();
    table.primary(['gateway_id', 'event_id']);
    // Old events can be pruned by date.
    table.index(['received_at'], 'recado_sms_webhook_events_received_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_sms_webhook_events');
}
