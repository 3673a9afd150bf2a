import type { Knex } from 'knex';
import { toSqlTime } from '../lib/time.js';
import { PRIORITY, type NewDelivery } from './types.js';

/** Rows a single insert statement carries; well under both engines' placeholder limits. */
const BATCH = 500;

/**
 * Enqueues messages one by one or a few at a time (hooks, rules, tests). A dedupe key that
 * is already in the table is ignored, so a hook delivered twice enqueues once. Returns how
 * many rows were added.
 */
export async function enqueueDeliveries(
  db: Knex,
  deliveries: readonly NewDelivery[],
  now: Date,
): Promise<number> {
  let added = 0;
  for (let start = 0; start < deliveries.length; start += BATCH) {
    const rows = deliveries.slice(start, start + BATCH).map((delivery) => toRow(delivery, now));
    const before = await countKeys(
      db,
      rows.map((row) => row.dedupe_key),
    );
    await db('recado_deliveries').insert(rows).onConflict('dedupe_key').ignore();
    added +=
      (await countKeys(
        db,
        rows.map((row) => row.dedupe_key),
      )) - before;
  }
  return added;
}

async function countKeys(db: Knex, keys: string[]): Promise<number> {
  const row = await db('recado_deliveries').whereIn('dedupe_key', keys).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

function toRow(delivery: NewDelivery, now: Date) {
  const stamp = toSqlTime(now);
  return {
    dedupe_key: delivery.dedupeKey,
    channel: delivery.channel,
    account_id: delivery.accountId ?? null,
    source: delivery.source,
    source_id: delivery.sourceId ?? null,
    campaign_id: delivery.campaignId ?? null,
    kind: delivery.kind,
    priority: PRIORITY[delivery.kind],
    customer_id: delivery.customerId ?? null,
    invoice_id: delivery.invoiceId ?? null,
    template_id: delivery.templateId ?? null,
    recipient: delivery.recipient ?? null,
    status: 'queued',
    attempts: 0,
    max_attempts: delivery.maxAttempts ?? 5,
    run_at: toSqlTime(delivery.runAt ?? now),
    payload: delivery.payload ? JSON.stringify(delivery.payload) : null,
    created_at: stamp,
    updated_at: stamp,
  };
}
