import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import pino from 'pino';
import { migrateLatest } from '../../src/lib/migrations.js';
import { Dataset, type DatasetEntry } from '../../src/panel/seed/dataset.js';
import { seedDemo } from '../../src/panel/seed/demo.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';
import { describeEachDatabase } from '../support/databases.js';

/** 12:00 in São Paulo; a data set for it is the same on every engine and every run. */
const NOW = new Date('2026-12-10T15:00:00Z');
const TODAY = '2026-12-10';
const logger = pino({ level: 'silent' });

describeEachDatabase('Demo seed', (database) => {
  let db: Knex;

  before(async () => {
    db = database().db;
    await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
    await seedDemo(db, { now: NOW, logger });
  });

  describe('seedDemo', () => {
    it('seeds the operators and 240 customers of every status', async () => {
      expect(await countBy(db, 'panel_operators', 'is_admin')).to.have.keys('0', '1');
      expect(await countBy(db, 'customers', 'status')).to.deep.equal({
        active: 201,
        blocked: 23,
        cancelled: 16,
      });
    });

    it('gives each customer six invoices, counted by status the same on every engine', async () => {
      expect(await countBy(db, 'invoices', 'status')).to.deep.equal({
        cancelled: 50,
        open: 247,
        paid: 1143,
      });
    });

    it('writes the same rows on every engine for the same now', async () => {
      expect(await digest(db)).to.equal(
        '974b1be6be41cee057a237a559485e56f8ca0397b58dd71e05ca002fb422268a',
      );
    });

    it('leaves some customers without e-mail and some without mobile', async () => {
      const withoutEmail = await db('customers').whereNull('email').count({ count: '*' }).first();
      const withoutMobile = await db('customers').whereNull('mobile').count({ count: '*' }).first();
      expect(Number(withoutEmail?.count)).to.be.within(5, 60);
      expect(Number(withoutMobile?.count)).to.be.within(5, 60);
    });

    it('writes every mobile as 55, a DDD and nine digits starting with 9', async () => {
      const mobiles = await db('customers').whereNotNull('mobile').pluck('mobile');
      expect(mobiles).to.have.length.above(150);
      for (const mobile of mobiles) expect(mobile).to.match(/^55\d{2}9\d{8}$/);
    });

    it('writes e-mails only at example domains', async () => {
      const emails = await db('customers').whereNotNull('email').pluck('email');
      expect(emails).to.have.length.above(150);
      for (const email of emails) expect(email).to.match(/^[a-z0-9.]+@example\.(com|net|org)$/);
    });

    it('leaves invoices open that are overdue by 1 to 90 days, including each edge', async () => {
      for (const days of [1, 2, 3, 10, 15, 16, 30, 31, 45, 60, 61, 90]) {
        expect(await openDueOn(db, addDays(TODAY, -days)), `overdue ${days} days`).to.be.above(0);
      }
    });

    it('leaves invoices open that fall due today and in each of the next five days', async () => {
      for (const days of [0, 1, 2, 3, 4, 5]) {
        expect(await openDueOn(db, addDays(TODAY, days)), `due in ${days} days`).to.be.above(0);
      }
    });

    it('gives some customers their birthday today and others later this month', async () => {
      const births = await db('customers').whereNotNull('birth_date').pluck('birth_date');
      const days = births.map((birth: string) => birth.slice(5));
      expect(days.filter((day: string) => day === TODAY.slice(5))).to.have.length.of.at.least(3);
      expect(days.filter((day: string) => day.startsWith('12-'))).to.have.length.of.at.least(10);
    });

    it('records paid_at and paid_amount on paid invoices only, never after now', async () => {
      const invoices = await db('invoices').select('status', 'paid_at', 'paid_amount', 'amount');
      for (const invoice of invoices) {
        const paid = invoice.status === 'paid';
        expect(invoice.paid_at === null, invoice.status).to.equal(!paid);
        expect(invoice.paid_amount === null, invoice.status).to.equal(!paid);
        if (paid) expect(invoice.paid_at < '2026-12-10 15:00:00').to.equal(true);
        if (paid) expect(Number(invoice.paid_amount)).to.be.at.least(Number(invoice.amount));
      }
    });

    it('gives each invoice a reference, a slip line, a PIX code and a link of the expected shape', async () => {
      const invoices = await db('invoices').select(
        'reference',
        'digitable_line',
        'pix_code',
        'payment_link',
      );
      for (const invoice of invoices) {
        expect(invoice.reference).to.match(/^\d{4}-\d{2}\/\d{6}$/);
        expect(invoice.digitable_line).to.match(
          /^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/,
        );
        expect(invoice.pix_code).to.match(/^000201.*@pagar\.example\.com.*6304[0-9A-F]{4}$/);
        expect(invoice.payment_link).to.equal(`https://pagar.example.com/f/${invoice.reference}`);
      }
    });

    it('adds nothing when run again', async () => {
      await seedDemo(db, { now: new Date('2027-03-01T12:00:00Z'), logger });
      expect(await countBy(db, 'customers', 'status')).to.deep.equal({
        active: 201,
        blocked: 23,
        cancelled: 16,
      });
      expect(await db('invoices').count({ count: '*' }).first()).to.deep.equal({ count: 1440 });
    });
  });
});

describe('Demo data set', () => {
  describe('next', () => {
    // Month and year ends, a leap day, and a late evening in São Paulo that is already
    // the next day in UTC.
    const instants = [
      '2026-12-10T15:00:00Z',
      '2027-01-01T02:30:00Z',
      '2028-02-29T12:00:00Z',
      '2027-03-31T22:00:00Z',
    ];

    for (const instant of instants) {
      it(`keeps every date consistent with now at ${instant}`, () => {
        const now = new Date(instant);
        const nowText = instant.slice(0, 19).replace('T', ' ');
        const today = localToday(now);
        for (const { customer, invoices } of draw(now, 240)) {
          expect(
            customer.created_at <= (invoices[0]?.created_at ?? ''),
            `customer ${customer.id}`,
          ).to.equal(true);
          if (customer.birth_date)
            expect(isDate(customer.birth_date), customer.birth_date).to.equal(true);
          for (const [i, invoice] of invoices.entries()) {
            expect(invoice.created_at < nowText, `invoice ${invoice.id} created`).to.equal(true);
            expect(
              invoice.created_at.slice(0, 10) < invoice.due_date,
              `invoice ${invoice.id} issued`,
            ).to.equal(true);
            if (invoice.paid_at)
              expect(invoice.paid_at < nowText, `invoice ${invoice.id} paid`).to.equal(true);
            if (i > 0)
              expect(
                invoice.due_date > (invoices[i - 1]?.due_date ?? ''),
                `invoice ${invoice.id}`,
              ).to.equal(true);
          }
        }
        const open = draw(now, 240).flatMap((entry) =>
          entry.invoices.filter((invoice) => invoice.status === 'open'),
        );
        for (const days of [
          -90, -61, -60, -45, -31, -30, -16, -15, -10, -3, -2, -1, 0, 1, 2, 3, 4, 5,
        ]) {
          const due = addDays(today, days);
          expect(
            open.some((invoice) => invoice.due_date === due),
            `open and due ${due}`,
          ).to.equal(true);
        }
      });
    }

    it('draws the same customers for the same now, whatever the size of the data set', () => {
      expect(draw(NOW, 240)).to.deep.equal(draw(NOW, 1000).slice(0, 240));
    });
  });
});

function draw(now: Date, customers: number): DatasetEntry[] {
  const dataset = new Dataset({ now });
  return Array.from({ length: customers }, () => dataset.next());
}

function localToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(now);
}

function isDate(text: string): boolean {
  return new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

async function countBy(db: Knex, table: string, column: string): Promise<Record<string, number>> {
  const rows: Record<string, unknown>[] = await db(table)
    .select({ key: column })
    .count({ count: '*' })
    .groupBy(column)
    .orderBy(column);
  return Object.fromEntries(rows.map((row) => [String(row.key), Number(row.count)]));
}

async function openDueOn(db: Knex, date: string): Promise<number> {
  const row = await db('invoices')
    .where({ status: 'open', due_date: date })
    .count({ count: '*' })
    .first();
  return Number(row?.count ?? 0);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A hash of every customer and invoice, with values written the same whatever the engine. */
async function digest(db: Knex): Promise<string> {
  const hash = createHash('sha256');
  for (const row of await db('customers').orderBy('id'))
    hash.update(JSON.stringify(Object.values(row)));
  for (const row of await db('invoices').orderBy('id')) {
    const amounts = {
      amount: money(row.amount),
      paid_amount: row.paid_amount === null ? null : money(row.paid_amount),
    };
    hash.update(JSON.stringify(Object.values({ ...row, ...amounts })));
  }
  return hash.digest('hex');
}

function money(value: unknown): string {
  return Number(value).toFixed(2);
}
