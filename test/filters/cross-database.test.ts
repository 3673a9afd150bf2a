import { expect } from 'chai';
import fc from 'fast-check';
import { compileFilter } from '../../src/core/filters/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { mysqlUnavailable, skipOrFail } from '../support/services.js';
import { tree } from './arbitraries.js';
import { insertFixtures, MAPPING, migrate, NOW } from './fixtures.js';

async function idsOf(database: TestDatabase, filter: unknown): Promise<number[]> {
  const rows = (await compileFilter(database.db, MAPPING, filter, { now: NOW })
    .select('recado_c.id as id')
    .orderBy('recado_c.id')) as { id: number }[];
  return rows.map((row) => Number(row.id));
}

describe('compileFilter on SQLite and MariaDB', () => {
  let sqlite: TestDatabase | undefined;
  let mysql: TestDatabase | undefined;

  before(async function () {
    const reason = await mysqlUnavailable();
    if (reason) skipOrFail(this, 'compileFilter on SQLite and MariaDB', reason);
    sqlite = await createTestDatabase('sqlite');
    mysql = await createTestDatabase('mysql');
    for (const database of [sqlite, mysql]) {
      await migrate(database.db);
      await insertFixtures(database.db);
    }
  });

  after(async () => {
    await sqlite?.drop();
    await mysql?.drop();
  });

  it('selects the same customers on both for random valid trees', async () => {
    await fc.assert(
      fc.asyncProperty(tree, async (filter) => {
        if (!sqlite || !mysql) throw new Error('the databases are not ready');

        expect(await idsOf(mysql, filter)).to.deep.equal(await idsOf(sqlite, filter));
      }),
      { numRuns: 200 },
    );
  });
});
