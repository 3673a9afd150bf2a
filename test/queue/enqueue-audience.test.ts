import { expect } from 'chai';
import type { Knex } from 'knex';
import { migrateLatest } from '../../src/lib/migrations.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';
import { enqueueAudience, type AudienceEnqueue } from '../../src/queue/enqueue-audience.js';
import { describeEachDatabase } from '../support/databases.js';
import { migratePlugin } from './helpers.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');

async function insertCustomers(db: Knex, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, index) => ({
    name: `Cliente ${index + 1}`,
    email: index % 4 === 0 ? null : `cliente${index + 1}@example.com`,
    mobile: `55119${String(index).padStart(8, '0')}`,
    status: 'active',
    plan: '300 Mega',
    city: index % 2 === 0 ? 'Campinas' : 'Sorocaba',
    state: 'SP',
    neighbourhood: 'Centro',
    due_day: 10,
    created_at: '2025-01-01 00:00:00',
  }));
  for (let start = 0; start < rows.length; start += 200) {
    await db('customers').insert(rows.slice(start, start + 200));
  }
}

function campaignAudience(db: Knex, city: string): AudienceEnqueue {
  return {
    dedupePrefix: 'campaign:7:',
    channel: 'email',
    accountId: 1,
    source: 'campaign',
    sourceId: '7',
    campaignId: 7,
    kind: 'marketing',
    templateId: 3,
    runAt: NOW,
    idRange: { min: 1, max: 1000 },
    chunkSize: 97,
    select: ({ from, to }) =>
      db('customers')
        .select({ customer_id: 'id', recipient: 'email' })
        .where('city', city)
        .whereNotNull('email')
        .whereBetween('id', [from, to]),
  };
}

describeEachDatabase('enqueueAudience', (database) => {
  before(async () => {
    const { db } = database();
    await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
    await migratePlugin(db);
    await insertCustomers(db, 1000);
  });

  it('enqueues one delivery per matching customer, chunk by chunk, and nothing on a rerun', async () => {
    const { db } = database();
    const chunks: number[] = [];

    const first = await enqueueAudience(db, campaignAudience(db, 'Campinas'), (added) =>
      chunks.push(added),
    );
    const second = await enqueueAudience(db, campaignAudience(db, 'Campinas'));

    expect(first).to.equal(250);
    expect(second).to.equal(0);
    expect(chunks).to.have.length(11);
    const rows = await db('recado_deliveries').where('campaign_id', 7).orderBy('customer_id');
    expect(rows).to.have.length(250);
    expect(rows[0]).to.include({
      dedupe_key: 'campaign:7:3',
      channel: 'email',
      kind: 'marketing',
      priority: 10,
      recipient: 'cliente3@example.com',
      status: 'queued',
      template_id: 3,
    });
  });
});
