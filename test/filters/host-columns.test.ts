import { expect } from 'chai';
import { FilterEngine, inspectHostColumns } from '../../src/core/filters/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { customerRow, MAPPING, migrate, NOW } from './fixtures.js';

describeEachDatabase('inspectHostColumns', (database) => {
  before(async () => {
    await migrate(database().db);
  });

  it('hints the text columns whose collation ignores case, on MySQL only', async () => {
    const { db, dialect } = database();
    const hints = await inspectHostColumns(db, MAPPING);

    const expected = dialect === 'mysql' ? ['plan', 'city', 'neighbourhood'] : [];
    expect([...hints.caseInsensitive]).to.have.members(expected);
  });

  it('lists the customers indexes by logical column, on MySQL only', async () => {
    const { db, dialect } = database();
    const hints = await inspectHostColumns(db, MAPPING);

    if (dialect === 'sqlite') expect(hints.customerIndexes).to.deep.equal([]);
    else {
      expect(hints.customerIndexes).to.deep.include(['birthDate', 'mobile', 'email']);
      expect(hints.customerIndexes).to.deep.include(['city', 'status']);
    }
  });

  it('leaves out a column held as a prefix, and an index led by one', async function () {
    const { db, dialect } = database();
    if (dialect === 'sqlite') this.skip();
    await db.raw('create index customers_email_prefix_idx on customers (email(8), birth_date)');
    await db.raw('create index customers_birth_email_idx on customers (birth_date, email(8))');
    try {
      const { customerIndexes } = await inspectHostColumns(db, MAPPING);

      const birthDateOnly = customerIndexes.filter((index) => index.join() === 'birthDate');
      expect(birthDateOnly).to.have.length(2);
      expect(customerIndexes.some((index) => index[0] === 'email')).to.equal(false);
    } finally {
      await db.raw('drop index customers_email_prefix_idx on customers');
      await db.raw('drop index customers_birth_email_idx on customers');
    }
  });

  it('leaves out a column in a binary collation, whose matches stay case-insensitive', async () => {
    const { db, dialect } = database();
    if (dialect === 'mysql') {
      await db.raw('alter table customers modify city varchar(80) collate utf8mb4_bin not null');
    }
    await db('customers').insert([
      customerRow({ id: 1, city: 'CAMPINAS' }),
      customerRow({ id: 2, city: 'Campinas' }),
    ]);
    const engine = new FilterEngine({ db, mapping: MAPPING, now: () => NOW });

    expect((await engine.prepare()).caseInsensitive.has('city')).to.equal(false);
    expect(await engine.count({ field: 'city', op: 'in', value: ['campinas'] })).to.equal(2);
    expect(await engine.count({ field: 'city', op: 'starts_with', value: 'campi' })).to.equal(2);
  });
});
