import { expect } from 'chai';
import { dueQueued } from '../../src/queue/claim-deliveries.js';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { mysqlUnavailable, skipOrFail } from '../support/services.js';
import { migratePlugin, newDeliveries } from './helpers.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');

describe('claim query plan [mysql]', () => {
  let database: TestDatabase | undefined;

  before(async function () {
    const reason = await mysqlUnavailable();
    if (reason) skipOrFail(this, 'claim query plan [mysql]', reason);
    database = await createTestDatabase('mysql');
    await migratePlugin(database.db);
    const { db } = database;
    await enqueueDeliveries(db, newDeliveries(3000), NOW);
    await enqueueDeliveries(db, newDeliveries(500, { kind: 'transactional' }), NOW);
    const sent = await db('recado_deliveries').orderBy('id').limit(2000).pluck('id');
    await db('recado_deliveries').whereIn('id', sent).update({ status: 'sent' });
    await db.raw('analyze table recado_deliveries');
  });
  after(async () => {
    await database?.drop();
  });

  it('reads the claim index in order, without a filesort', async () => {
    const { db } = database as TestDatabase;
    const query = dueQueued(db, { workerId: 'w', limit: 200, leaseMs: 1000, now: NOW })
      .select('*')
      .forUpdate()
      .skipLocked();
    const { sql, bindings } = query.toSQL().toNative();

    const [plan] = (await db.raw(`explain ${sql}`, bindings)) as [Record<string, unknown>[]];

    expect(plan).to.have.length(1);
    expect(plan[0]?.key).to.equal('recado_deliveries_claim_idx');
    expect(String(plan[0]?.Extra ?? '')).not.to.contain('filesort');
  });
});
