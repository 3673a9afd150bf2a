import { expect } from 'chai';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { compileFilter, FIELDS, type FilterHints } from '../../src/core/filters/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { condition, conditionOver } from './arbitraries.js';
import { CASES } from './cases.js';
import { ALL_IDS, insertFixtures, MAPPING, migrate, NOW } from './fixtures.js';

/** The reference panel's birthday indexes, as `inspectHostColumns` reads them on MySQL. */
const HINTS: FilterHints = {
  caseInsensitive: new Set(),
  customerIndexes: [['birthDate'], ['birthDate', 'mobile', 'email'], ['city', 'status']],
};

const cond = (field: string, op: string, value?: unknown) =>
  value === undefined ? { field, op } : { field, op, value };

const RECENTLY_OVERDUE = cond('days_overdue', 'between', [1, 30]);
const BIRTHDAY_WITH_MOBILE = {
  all: [cond('birthday', 'this_month'), cond('has_mobile', 'is', true)],
};

/** A condition on one of the fields named. */
const conditionOn = (...ids: string[]) =>
  conditionOver(FIELDS.filter((field) => ids.includes(field.id)));

const birthdayBranch = fc.oneof(
  conditionOn('birthday'),
  fc
    .tuple(
      conditionOn('birthday'),
      fc.array(conditionOn('has_mobile', 'has_email'), { maxLength: 2 }),
    )
    .map(([birthday, contacts]) => ({ all: [birthday, ...contacts] })),
);

const otherTablesBranch = fc.oneof(
  conditionOn('days_overdue', 'open_invoices', 'amount_owed', 'paid_this_month', 'opted_out'),
  conditionOn('days_overdue', 'opted_out').map((inner) => ({ not: inner })),
);

/** An `any` whose birthday branches the hints turn into sets, in a random setting. */
const anyWithIdSets: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.array(birthdayBranch, { minLength: 1, maxLength: 2 }),
    fc.array(otherTablesBranch, { minLength: 1, maxLength: 2 }),
    condition,
  )
  .chain(([birthdays, others, sibling]) =>
    fc
      .shuffledSubarray([...birthdays, ...others], { minLength: birthdays.length + others.length })
      .chain((branches) =>
        fc.constantFrom<unknown>(
          { any: branches },
          { all: [sibling, { any: branches }] },
          { not: { all: [sibling, { any: branches }] } },
        ),
      ),
  );

function sqlOf(db: Knex, filter: unknown, hints?: FilterHints): string {
  return compileFilter(db, MAPPING, filter, { now: NOW, hints }).toQuery();
}

async function idsOf(db: Knex, filter: unknown, hints?: FilterHints): Promise<number[]> {
  const rows = (await compileFilter(db, MAPPING, filter, { now: NOW, hints })
    .select('recado_c.id as id')
    .orderBy('recado_c.id')) as { id: number }[];
  return rows.map((row) => Number(row.id));
}

describeEachDatabase('compileFilter with the customers indexes hinted', (database) => {
  before(async () => {
    await migrate(database().db);
    await insertFixtures(database().db);
  });

  describe('any', () => {
    it('reads a birthday branch beside an invoice branch from the index, as ids', () => {
      const sql = sqlOf(database().db, { any: [RECENTLY_OVERDUE, BIRTHDAY_WITH_MOBILE] }, HINTS);

      expect(sql).to.match(/`?recado_c`?\.`?id`? in \(select `?recado_c`?\.`?id`? from/);
    });

    it('keeps a branch row by row when no index holds all it reads', () => {
      const branch = { all: [cond('birthday', 'this_month'), cond('city', 'eq', 'Campinas')] };
      const sql = sqlOf(database().db, { any: [RECENTLY_OVERDUE, branch] }, HINTS);

      expect(sql).not.to.match(/from `?customers`? as `?recado_c`?.* from `?customers`?/);
    });

    it('keeps an any of customer columns alone row by row', () => {
      const filter = { any: [cond('birthday', 'today'), BIRTHDAY_WITH_MOBILE] };
      const sql = sqlOf(database().db, filter, HINTS);

      expect(sql).not.to.match(/from `?customers`? as `?recado_c`?.* from `?customers`?/);
    });

    it('keeps the any row by row when another branch reads the row anyway', () => {
      const filter = { any: [RECENTLY_OVERDUE, BIRTHDAY_WITH_MOBILE, cond('city', 'eq', 'x')] };
      const sql = sqlOf(database().db, filter, HINTS);

      expect(sql).not.to.match(/from `?customers`? as `?recado_c`?.* from `?customers`?/);
    });
  });

  describe('matches', () => {
    for (const { title, filter, ids } of CASES) {
      it(`selects the customers of: ${title}`, async () => {
        expect(await idsOf(database().db, filter, HINTS)).to.deep.equal(ids);
      });
    }

    it('selects what it selects without hints, and its negation the rest', async () => {
      const { db } = database();
      await fc.assert(
        fc.asyncProperty(anyWithIdSets, async (filter) => {
          const matched = await idsOf(db, filter, HINTS);
          const rest = await idsOf(db, { not: filter }, HINTS);

          expect(matched).to.deep.equal(await idsOf(db, filter));
          expect([...matched, ...rest].sort((a, b) => a - b)).to.deep.equal([...ALL_IDS]);
        }),
        { numRuns: 100 },
      );
    });
  });
});
