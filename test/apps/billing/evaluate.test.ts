import { expect } from 'chai';
import { openDatabase, parseDatabaseUrl } from '../../../src/lib/database.js';
import { describeEachDatabase } from '../../support/databases.js';
import {
  Clock,
  engineFor,
  invoice,
  migrateAll,
  NOW,
  presetKeys,
  queued,
  saoPaulo,
  seedCustomers,
} from './fixtures.js';

/** Every notice the defaults owe on the 3rd at 10:00, as `<preset>:<what>:<id>:<day>:<channel>`. */
const ALL_ON_THE_3RD = [
  'after_due_10:invoice:13:2026-12-03:email',
  'after_due_10:invoice:13:2026-12-03:sms',
  'after_due_3:invoice:12:2026-12-03:email',
  'after_due_3:invoice:12:2026-12-03:sms',
  'before_due_3:invoice:10:2026-12-03:email',
  'before_due_3:invoice:10:2026-12-03:sms',
  'before_due_3:invoice:17:2026-12-03:email',
  'before_due_3:invoice:17:2026-12-03:sms',
  'birthday:customer:1:2026-12-03:email',
  'birthday:customer:1:2026-12-03:sms',
  'birthday:customer:7:2026-12-03:email',
  'birthday:customer:7:2026-12-03:sms',
  'on_due:invoice:11:2026-12-03:email',
];

describeEachDatabase('billing evaluate', (database) => {
  let clock: Clock;
  const setup = () => engineFor(database().db, clock);

  before(async () => migrateAll(database().db));
  beforeEach(async () => {
    clock = new Clock();
    await seedCustomers(database().db);
    await setup().engine.installDefaults();
  });

  describe('evaluate', () => {
    it('enqueues nothing before the first rule hour', async () => {
      const result = await setup().engine.evaluate(saoPaulo('2026-12-03 08:59'));

      expect(result).to.include({ day: '2026-12-03', hour: 8, enqueued: 0 });
      expect(await queued(database().db)).to.have.lengthOf(0);
    });

    it('enqueues the rules whose hour has come, and the rest once their hour comes', async () => {
      const { engine } = setup();

      const atNine = await engine.evaluate(saoPaulo('2026-12-03 09:00'));
      const nineKeys = await presetKeys(database().db);
      const atTen = await engine.evaluate(saoPaulo('2026-12-03 10:00'));

      expect(atNine.enqueued).to.equal(5);
      expect(nineKeys.every((key) => /^(before_due_3|on_due):/.test(key))).to.equal(true);
      expect(atTen.enqueued).to.equal(8);
      expect(await presetKeys(database().db)).to.deep.equal(ALL_ON_THE_3RD);
    });

    it('fires each kind on its day: N days before, on the day, each step after, birthdays', async () => {
      await setup().engine.evaluate(NOW);

      expect(await presetKeys(database().db)).to.deep.equal(ALL_ON_THE_3RD);
    });

    it('adds nothing when run again the same day', async () => {
      const { engine } = setup();
      await engine.evaluate(NOW);

      const again = await engine.evaluate(saoPaulo('2026-12-03 18:40'));

      expect(again.enqueued).to.equal(0);
      expect(again.rules.every((outcome) => outcome.added === 0)).to.equal(true);
      expect(await queued(database().db)).to.have.lengthOf(ALL_ON_THE_3RD.length);
    });

    it('reads the day in the provider zone: 23:30 in São Paulo on the 2nd is the 2nd', async () => {
      const { db } = database();
      await db('invoices').where({ id: 11 }).update({ due_date: '2026-12-05' });

      const result = await setup().engine.evaluate(new Date('2026-12-03T02:30:00Z'));

      expect(result).to.include({ day: '2026-12-02', hour: 23 });
      const keys = await presetKeys(db);
      expect(keys).to.include('before_due_3:invoice:11:2026-12-02:email');
      expect(keys.some((key) => key.includes('2026-12-03'))).to.equal(false);
      expect(keys.some((key) => key.includes(':invoice:10:'))).to.equal(false);
    });

    it('reminds blocked and cancelled customers of open invoices; greets only active and blocked', async () => {
      await setup().engine.evaluate(NOW);

      const rows = await queued(database().db);
      const customers = (about: RegExp) =>
        [
          ...new Set(
            rows.filter((row) => about.test(String(row.dedupe_key))).map((row) => row.customer_id),
          ),
        ].sort();
      expect(customers(/:invoice:(12|13):/)).to.deep.equal([3, 4]);
      expect(customers(/:customer:/)).to.deep.equal([1, 7]);
    });

    it('writes rows the composer reads: kind, payload, invoice, template and recipient', async () => {
      await setup().engine.evaluate(NOW);

      const rows = await queued(database().db);
      const reminder = rows.find((row) =>
        String(row.dedupe_key).endsWith(':invoice:10:2026-12-03:sms'),
      );
      const greeting = rows.find((row) =>
        String(row.dedupe_key).endsWith(':customer:1:2026-12-03:email'),
      );
      expect(reminder).to.include({
        source: 'rule',
        kind: 'transactional',
        priority: 0,
        customer_id: 1,
        invoice_id: 10,
        recipient: '5511999990001',
        status: 'queued',
      });
      expect(JSON.parse(String(reminder?.payload))).to.deep.equal({
        requireOpenInvoice: true,
        collection: true,
      });
      expect(reminder?.template_id).to.be.a('number');
      expect(greeting).to.include({
        kind: 'marketing',
        invoice_id: null,
        recipient: 'ana@example.com',
      });
      expect(JSON.parse(String(greeting?.payload))).to.deep.equal({});
    });

    it('narrows a rule by its filter', async () => {
      const { engine } = setup();
      const rule = (await engine.rules.list()).find((each) => each.preset === 'before_due_3');
      await engine.rules.update(rule?.id as number, {
        kind: 'before_due',
        days: 3,
        name: 'Só Sorocaba',
        channels: ['sms'],
        templates: rule?.templates,
        filter: { all: [{ field: 'city', op: 'eq', value: 'Sorocaba' }] },
      });

      await engine.evaluate(NOW);

      const keys = (await presetKeys(database().db)).filter((key) =>
        key.startsWith('before_due_3'),
      );
      expect(keys).to.deep.equal(['before_due_3:invoice:17:2026-12-03:sms']);
    });

    it('walks customer ids in chunks to the same result', async () => {
      await engineFor(database().db, clock, { chunkSize: 2 }).engine.evaluate(NOW);

      expect(await presetKeys(database().db)).to.deep.equal(ALL_ON_THE_3RD);
    });

    it('leaves out a rule read in the last hour, and reads it again an hour later or once edited', async () => {
      const { db } = database();
      const { engine } = setup();
      await engine.evaluate(saoPaulo('2026-12-03 10:00'));
      await db('invoices').insert(invoice(40, 2, '2026-12-06'));

      const soon = await engine.evaluate(saoPaulo('2026-12-03 10:10'));
      clock.now = saoPaulo('2026-12-03 10:15');
      const rule = (await engine.rules.list()).find((each) => each.preset === 'on_due');
      await engine.rules.setEnabled(rule?.id as number, true);
      const edited = await engine.evaluate(saoPaulo('2026-12-03 10:20'));
      const later = await engine.evaluate(saoPaulo('2026-12-03 11:00'));

      expect(soon).to.include({ enqueued: 0, skipped: 5 });
      expect(edited).to.include({ enqueued: 0, skipped: 4 });
      expect(later.enqueued).to.equal(1);
      expect(await presetKeys(db)).to.include('before_due_3:invoice:40:2026-12-03:email');
    });

    it('skips disabled rules', async () => {
      const { engine } = setup();
      for (const rule of await engine.rules.list()) await engine.rules.setEnabled(rule.id, false);

      const result = await engine.evaluate(NOW);

      expect(result.enqueued).to.equal(0);
    });

    it('enqueues once when two evaluations run at once', async () => {
      const { engine } = setup();

      const results = await Promise.all([engine.evaluate(NOW), engine.evaluate(NOW)]);

      expect(results[0].enqueued + results[1].enqueued).to.equal(ALL_ON_THE_3RD.length);
      expect(await presetKeys(database().db)).to.deep.equal(ALL_ON_THE_3RD);
    });

    it('enqueues once when two evaluators on two connection pools run at once', async function () {
      if (database().dialect !== 'mysql') this.skip();
      const other = openDatabase(parseDatabaseUrl(database().url));
      try {
        const results = await Promise.all([
          setup().engine.evaluate(NOW),
          engineFor(other, clock).engine.evaluate(NOW),
        ]);

        expect(results[0].enqueued + results[1].enqueued).to.equal(ALL_ON_THE_3RD.length);
        expect(await presetKeys(database().db)).to.deep.equal(ALL_ON_THE_3RD);
      } finally {
        await other.destroy();
      }
    });
  });
});
