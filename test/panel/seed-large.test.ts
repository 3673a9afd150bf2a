import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import pino from 'pino';
import { migrateLatest } from '../../src/lib/migrations.js';
import { parseSeedArgs } from '../../src/panel/seed/args.js';
import { seedDemo } from '../../src/panel/seed/demo.js';
import { SeedError, seedLarge } from '../../src/panel/seed/large.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';
import { describeEachDatabase } from '../support/databases.js';

const NOW = new Date('2026-12-10T15:00:00Z');

describeEachDatabase('Large seed', (database) => {
  let db: Knex;

  before(async () => {
    db = database().db;
    await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
  });

  describe('seedLarge', () => {
    it('writes the customers asked for, six invoices each, with ids from 1', async () => {
      const result = await seedLarge(db, { customers: 3000, now: NOW });

      expect(result).to.include({ customers: 3000, invoices: 18_000, reused: false });
      expect(await stats(db, 'customers')).to.deep.equal({ rows: 3000, maxId: 3000 });
      expect(await stats(db, 'invoices')).to.deep.equal({ rows: 18_000, maxId: 18_000 });
    });

    it('writes nothing when the tables already hold the data set', async () => {
      const result = await seedLarge(db, { customers: 3000, now: NOW });

      expect(result).to.include({ customers: 3000, invoices: 18_000, reused: true });
      expect(await stats(db, 'invoices')).to.deep.equal({ rows: 18_000, maxId: 18_000 });
    });

    it('refuses tables that hold another data set, and replaces them on reset', async () => {
      const refused = await failureOf(seedLarge(db, { customers: 1000, now: NOW }));
      expect(refused).to.be.instanceOf(SeedError);
      expect((refused as Error).message).to.contain('3000 customers and invoices up to id 18000');

      const result = await seedLarge(db, {
        customers: 1000,
        invoicesPerCustomer: 3,
        now: NOW,
        reset: true,
      });
      expect(result).to.include({ customers: 1000, invoices: 3000, reused: false });
      expect(await stats(db, 'customers')).to.deep.equal({ rows: 1000, maxId: 1000 });
      expect(await stats(db, 'invoices')).to.deep.equal({ rows: 3000, maxId: 3000 });
    });

    it('rejects a count out of range before it reads the tables', async () => {
      expect(await failureOf(seedLarge(db, { customers: -1, now: NOW }))).to.be.instanceOf(
        SeedError,
      );
      expect(
        await failureOf(seedLarge(db, { customers: 10, invoicesPerCustomer: 0, now: NOW })),
      ).to.be.instanceOf(SeedError);
      expect(await stats(db, 'customers')).to.deep.equal({ rows: 1000, maxId: 1000 });
    });
  });

  describe('seedDemo', () => {
    it('adds the operators but keeps customers already loaded', async () => {
      await seedDemo(db, { now: NOW, logger: pino({ level: 'silent' }) });

      expect(await stats(db, 'panel_operators')).to.deep.equal({ rows: 2, maxId: 2 });
      expect(await stats(db, 'customers')).to.deep.equal({ rows: 1000, maxId: 1000 });
    });
  });
});

describe('Seed arguments', () => {
  describe('parseSeedArgs', () => {
    it('reads the counts and --reset, in either flag form', () => {
      expect(
        parseSeedArgs(['--customers', '1000000', '--invoices-per-customer=4', '--reset']),
      ).to.deep.equal({
        customers: 1_000_000,
        invoicesPerCustomer: 4,
        reset: true,
        help: false,
      });
    });

    it('gives each customer six invoices unless told otherwise', () => {
      expect(parseSeedArgs(['--customers=250'])).to.include({
        customers: 250,
        invoicesPerCustomer: 6,
        reset: false,
      });
    });

    it('rejects negative, non-numeric, missing and out-of-range counts and unknown flags', () => {
      const cases: [string[], RegExp][] = [
        [['--customers', '-5'], /--customers must be a whole number, not "-5"/],
        [['--customers', 'many'], /--customers must be a whole number, not "many"/],
        [['--customers', '1.5'], /--customers must be a whole number/],
        [['--customers'], /--customers needs a count/],
        [[], /--customers is required/],
        [['--customers', '0'], /customers must be a whole number from 1/],
        [
          ['--customers', '10', '--invoices-per-customer', '-1'],
          /--invoices-per-customer must be a whole number/,
        ],
        [['--customers', '10', '--fast'], /unknown argument "--fast"/],
        [['--customers', '10', '--customers', '20'], /--customers is given twice/],
      ];
      for (const [argv, message] of cases) {
        expect(() => parseSeedArgs(argv), argv.join(' ')).to.throw(SeedError, message);
      }
    });
  });
});

describe('Seed command', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'recado-seed-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('npm run seed', () => {
    it('prints one line and exits 1 on a bad count, without creating the database', () => {
      const file = join(dir, 'refused.sqlite');
      const run = seedCommand(['--customers', '-5'], `sqlite:${file}`);

      expect(run.status).to.equal(1);
      expect(run.stderr.trim().split('\n')).to.have.length(1);
      expect(run.stderr).to.contain('--customers must be a whole number, not "-5"');
      expect(existsSync(file)).to.equal(false);
    });

    it('migrates and seeds a database, and reports progress and rows per second', () => {
      const run = seedCommand(['--customers', '300'], `sqlite:${join(dir, 'seeded.sqlite')}`);

      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(
        /wrote 300 customers and 1800 invoices \(2100 rows\) to sqlite in [\d.]+ s, \d+ rows\/s/,
      );
      expect(run.stderr).to.contain('300 of 300 customers');
    });
  });
});

function seedCommand(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/panel/seed/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

async function stats(db: Knex, table: string): Promise<{ rows: number; maxId: number }> {
  const row = await db(table).count({ rows: '*' }).max({ maxId: 'id' }).first();
  return { rows: Number(row?.rows ?? 0), maxId: Number(row?.maxId ?? 0) };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}
