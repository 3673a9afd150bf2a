import { join } from 'node:path';
import { expect } from 'chai';
import { migrateLatest } from '../../src/lib/migrations.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { describeEachDatabase } from '../support/databases.js';

const FAILING = join(PLUGIN_ROOT, 'test', 'fixtures', 'migrations-failing');

describeEachDatabase('migrateLatest', (database) => {
  it('rolls back the whole batch when one migration fails', async () => {
    const { db } = database();
    let failure: unknown;
    try {
      await migrateLatest(db, { directory: FAILING, tableName: 'fixture_migrations' });
    } catch (error) {
      failure = error;
    }

    expect(failure).to.be.instanceOf(Error);
    expect(await db.schema.hasTable('fixture_first')).to.equal(false);
    expect(await db.schema.hasTable('fixture_second')).to.equal(false);
    const recorded = await db('fixture_migrations').count({ n: '*' }).first();
    expect(Number(recorded?.n)).to.equal(0);
  });

  it('applies the plugin migrations once and reports nothing pending afterwards', async () => {
    const { db } = database();
    const set = { directory: join(PLUGIN_ROOT, 'migrations'), tableName: 'recado_migrations' };

    const first = await migrateLatest(db, set);
    const second = await migrateLatest(db, set);

    expect(first.length).to.be.greaterThan(0);
    expect(second).to.deep.equal([]);
    expect(await db.schema.hasTable('recado_apps')).to.equal(true);
  });
});
