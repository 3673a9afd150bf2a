import { expect } from 'chai';
import { FilterEngine, PRESETS } from '../../src/core/filters/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { CASES } from './cases.js';
import { ALL_IDS, insertFixtures, MAPPING, migrate, NOW } from './fixtures.js';

describeEachDatabase('FilterEngine', (database) => {
  let engine: FilterEngine;
  const engineAt = (now: Date, timeZone?: string) =>
    new FilterEngine({ db: database().db, mapping: MAPPING, now: () => now, timeZone });
  const ids = async (filter: unknown, at = engine) =>
    (await at.page(filter, { limit: 500 })).matches.map((match) => match.id);

  before(async () => {
    await migrate(database().db);
    await insertFixtures(database().db);
    engine = engineAt(NOW);
  });

  describe('page', () => {
    for (const { title, filter, ids: expected } of CASES) {
      it(`selects the customers of: ${title}`, async () => {
        expect(await ids(filter)).to.deep.equal(expected);
      });
    }

    it('explains each match with days overdue, amount owed, open invoices and birthday', async () => {
      const { matches } = await engine.page(PRESETS.overdue.tree);
      const byId = new Map(matches.map((match) => [match.id, match]));

      expect(byId.get(3)?.why).to.deep.equal({
        daysOverdue: 74,
        amountOwed: 299.7,
        openInvoices: 3,
        birthday: { day: 2, month: 1 },
      });
      expect(byId.get(11)?.why).to.include({
        daysOverdue: 131,
        amountOwed: 399.5,
        openInvoices: 5,
      });
      expect(byId.get(20)?.why).to.include({ daysOverdue: 79, birthday: null });
      expect(byId.get(3)).to.include({ name: 'Carla Dias', status: 'blocked', city: 'Sorocaba' });
    });

    it('explains a customer who owes nothing with nulls and zeros', async () => {
      const { matches } = await engine.page({ field: 'birthday', op: 'today' });

      expect(matches[0]?.why).to.deep.equal({
        daysOverdue: null,
        amountOwed: 0,
        openInvoices: 1,
        birthday: { day: 3, month: 12 },
      });
    });

    it('pages by id after the last id of the previous page', async () => {
      const first = await engine.page({ all: [] }, { limit: 8 });
      const second = await engine.page({ all: [] }, { limit: 8, afterId: first.nextAfterId ?? 0 });
      const last = await engine.page({ all: [] }, { limit: 8, afterId: second.nextAfterId ?? 0 });

      expect(first.matches.map((m) => m.id)).to.deep.equal(ALL_IDS.slice(0, 8));
      expect(second.matches.map((m) => m.id)).to.deep.equal(ALL_IDS.slice(8, 16));
      expect(last.matches.map((m) => m.id)).to.deep.equal(ALL_IDS.slice(16));
      expect(last.nextAfterId).to.equal(null);
    });

    it('pages by offset', async () => {
      const page = await engine.page(PRESETS.overdue.tree, { limit: 3, offset: 3 });

      expect(page.matches.map((m) => m.id)).to.deep.equal([7, 10, 11]);
      expect(page.nextAfterId).to.equal(11);
    });
  });

  describe('count', () => {
    it('counts what the page lists for every shared case', async () => {
      for (const { title, filter, ids: expected } of CASES) {
        expect(await engine.count(filter), title).to.equal(expected.length);
      }
    });
  });

  describe('time zone', () => {
    it('reads 01:30 UTC as the previous day in São Paulo', async () => {
      const lateEvening = engineAt(new Date('2026-12-04T01:30:00Z'));

      expect(await ids({ field: 'birthday', op: 'today' }, lateEvening)).to.deep.equal([1, 18]);
      expect(await ids({ field: 'days_overdue', op: 'eq', value: 28 }, lateEvening)).to.deep.equal([
        2, 17,
      ]);
    });

    it('reads the same instant as the next day in UTC', async () => {
      const utc = engineAt(new Date('2026-12-04T01:30:00Z'), 'UTC');

      expect(await ids({ field: 'birthday', op: 'today' }, utc)).to.deep.equal([]);
      expect(await ids({ field: 'days_overdue', op: 'eq', value: 29 }, utc)).to.deep.equal([2, 17]);
    });

    it('counts a payment by the day it was made in the provider zone', async () => {
      const utc = engineAt(NOW, 'UTC');

      expect(await ids({ field: 'paid_this_month', op: 'is', value: true }, utc)).to.deep.equal([
        5, 6, 20,
      ]);
    });
  });

  describe('birthday', () => {
    const today = { field: 'birthday', op: 'today' };

    it('celebrates 29 February on 28 February in a common year', async () => {
      expect(await ids(today, engineAt(new Date('2027-02-28T15:00:00Z')))).to.deep.equal([5, 10]);
      expect(await ids(today, engineAt(new Date('2027-03-01T15:00:00Z')))).to.deep.equal([14]);
    });

    it('celebrates 29 February on its own day in a leap year', async () => {
      expect(await ids(today, engineAt(new Date('2028-02-28T15:00:00Z')))).to.deep.equal([10]);
      expect(await ids(today, engineAt(new Date('2028-02-29T15:00:00Z')))).to.deep.equal([5]);
    });

    it('crosses the new year within N days', async () => {
      const newYearsEve = engineAt(new Date('2026-12-30T15:00:00Z'));
      const within = { field: 'birthday', op: 'within_days', value: 6 };

      expect(await ids(within, newYearsEve)).to.deep.equal([2, 3, 7, 12]);
    });
  });
});
