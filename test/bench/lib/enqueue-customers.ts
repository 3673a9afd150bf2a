import type { Knex } from 'knex';
import { enqueueAudience } from '../../../src/queue/enqueue-audience.js';
import { BENCH_NOW } from './bench-database.js';

/** Enqueues one SMS delivery for each of the first `limit` customers, set-based. */
export function enqueueCustomers(db: Knex, limit: number, prefix: string): Promise<number> {
  return enqueueAudience(db, {
    dedupePrefix: prefix,
    channel: 'sms',
    accountId: 1,
    source: 'campaign',
    sourceId: '1',
    campaignId: 1,
    kind: 'marketing',
    templateId: 1,
    runAt: BENCH_NOW,
    idRange: { min: 1, max: limit },
    select: ({ from, to }) =>
      db('customers')
        .select({ customer_id: 'id', recipient: 'mobile' })
        .whereBetween('id', [from, to]),
  });
}
