import { expect } from 'chai';
import fc from 'fast-check';
import type { Knex } from 'knex';
import sinon from 'sinon';
import { RecadoError } from '../../src/core/errors.js';
import { compileFilter, FilterEngine } from '../../src/core/filters/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { hostileText, invalidInput, tree } from './arbitraries.js';
import { ALL_IDS, customerRow, insertFixtures, MAPPING, migrate, NOW } from './fixtures.js';

async function idsOf(db: Knex, filter: unknown): Promise<number[]> {
  const rows = (await compileFilter(db, MAPPING, filter, { now: NOW })
    .select('recado_c.id as id')
    .orderBy('recado_c.id')) as { id: number }[];
  return rows.map((row) => Number(row.id));
}

describeEachDatabase('FilterEngine properties', (database) => {
  let engine: FilterEngine;

  before(async () => {
    await migrate(database().db);
    await insertFixtures(database().db);
    engine = new FilterEngine({ db: database().db, mapping: MAPPING, now: () => NOW });
  });

  describe('count', () => {
    it('equals the length of an unpaged fetch for random valid trees', async () => {
      await fc.assert(
        fc.asyncProperty(tree, async (filter) => {
          expect(await engine.count(filter)).to.equal((await idsOf(database().db, filter)).length);
        }),
        { numRuns: 120 },
      );
    });

    it('splits the customers between a tree and its negation', async () => {
      await fc.assert(
        fc.asyncProperty(tree, async (filter) => {
          const matched = await idsOf(database().db, filter);
          const rest = await idsOf(database().db, { not: filter });

          expect([...matched, ...rest].sort((a, b) => a - b)).to.deep.equal([...ALL_IDS]);
        }),
        { numRuns: 120 },
      );
    });
  });

  describe('validate', () => {
    it('refuses invalid input with the path of the offending node, before any SQL', async () => {
      const { db } = database();
      const spy = sinon.spy();
      db.on('query', spy);
      try {
        await fc.assert(
          fc.asyncProperty(invalidInput, async ({ input, path }) => {
            const failure = await engine.count(input).then(
              () => undefined,
              (error: unknown) => error,
            );

            expect(failure).to.be.instanceOf(RecadoError);
            expect((failure as RecadoError).code).to.equal('RECADO_FILTER_INVALID');
            expect((failure as RecadoError).details.path).to.equal(path);
            await engine.page(input).then(
              () => expect.fail('page accepted an invalid filter'),
              () => undefined,
            );
          }),
          { numRuns: 200 },
        );
      } finally {
        db.removeListener('query', spy);
      }

      expect(spy.called).to.equal(false);
    });
  });
});

describeEachDatabase('FilterEngine literal values', (database) => {
  let engine: FilterEngine;

  before(async () => {
    await migrate(database().db);
    engine = new FilterEngine({ db: database().db, mapping: MAPPING, now: () => NOW });
  });

  describe('page', () => {
    it('matches quotes, backslashes, %, _, Unicode and SQL fragments as values', async () => {
      const { db } = database();
      await fc.assert(
        fc.asyncProperty(hostileText, async (text) => {
          await db('customers').delete();
          // A decoy the value would match if % or _ acted as wildcards.
          const decoy = text.replace(/[%_]/g, 'Z');
          const rows = [customerRow({ id: 1, city: text, neighbourhood: text })];
          if (decoy !== text) rows.push(customerRow({ id: 2, city: decoy, neighbourhood: decoy }));
          await db('customers').insert(rows);

          for (const op of ['eq', 'contains', 'starts_with']) {
            const found = await engine.page({ field: 'city', op, value: text });
            expect(
              found.matches.map((match) => match.id),
              `${op} ${JSON.stringify(text)}`,
            ).to.deep.equal([1]);
          }
          const listed = await engine.page({
            field: 'neighbourhood',
            op: 'in',
            value: [text, 'x'],
          });
          expect(listed.matches.map((match) => match.id)).to.deep.equal([1]);
          expect(listed.matches[0]?.city).to.equal(text);
        }),
        { numRuns: 150 },
      );
    });

    it('leaves the table intact after a value that looks like SQL', async () => {
      const { db } = database();
      await db('customers').delete();
      await db('customers').insert(customerRow({ id: 7, city: 'Campinas' }));

      await engine.count({ field: 'city', op: 'eq', value: "'; delete from customers; --" });

      expect(await engine.count({ field: 'city', op: 'eq', value: 'campinas' })).to.equal(1);
    });
  });
});
