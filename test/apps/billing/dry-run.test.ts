import { expect } from 'chai';
import { isRecadoError } from '../../../src/core/errors.js';
import { describeEachDatabase } from '../../support/databases.js';
import { Clock, engineFor, invoice, migrateAll, saoPaulo, seedCustomers } from './fixtures.js';

describeEachDatabase('billing dryRun', (database) => {
  let clock: Clock;
  const setup = () => engineFor(database().db, clock);

  before(async () => migrateAll(database().db));
  beforeEach(async () => {
    clock = new Clock();
    const { db } = database();
    await seedCustomers(db);
    // Tomorrow (the 4th): invoice 20 is due in 3 days, 21 was due 3 days before.
    await db('invoices').insert([invoice(20, 2, '2026-12-07'), invoice(21, 5, '2026-12-01')]);
    await setup().engine.installDefaults();
  });

  describe('dryRun', () => {
    it('lists tomorrow by default: per rule the count, the first customers, the invoice and the step', async () => {
      const plan = await setup().engine.dryRun();

      expect(plan.day).to.equal('2026-12-04');
      const before = plan.rules.find((rule) => rule.kind === 'before_due');
      expect(before).to.include({ days: 3, dueDate: '2026-12-07' });
      expect(before?.firesAt.toISOString()).to.equal('2026-12-04T12:00:00.000Z');
      const emails = before?.channels.find((channel) => channel.channel === 'email');
      expect(emails?.count).to.equal(1);
      expect(emails?.first).to.deep.equal([
        {
          customerId: 2,
          customerName: 'Bruno',
          recipient: 'bruno@example.com',
          invoiceId: 20,
          reference: '2026-12/000020',
          amount: 99.9,
          dueDate: '2026-12-07',
        },
      ]);
      expect(before?.channels.find((channel) => channel.channel === 'sms')?.count).to.equal(0);
      const after = plan.rules.find((rule) => rule.kind === 'after_due' && rule.days === 3);
      expect(after?.channels.map((channel) => channel.count)).to.deep.equal([1, 1]);
      expect(plan.rules.some((rule) => rule.kind === 'payment_confirmed')).to.equal(false);
    });

    it('counts exactly what the evaluation of that day then enqueues', async () => {
      const { engine } = setup();
      const plan = await engine.dryRun({ date: '2026-12-04' });

      const result = await engine.evaluate(saoPaulo('2026-12-04 22:00'));

      const planned = plan.rules.flatMap((rule) =>
        rule.channels.map((channel) => `${rule.ruleId}:${channel.channel}:${channel.count}`),
      );
      const enqueued = result.rules.map(
        (outcome) => `${outcome.ruleId}:${outcome.channel}:${outcome.added}`,
      );
      expect(enqueued).to.have.members(planned);
      const listed = plan.rules.flatMap((rule) =>
        rule.channels.flatMap((channel) =>
          channel.first.map(
            (row) => `${rule.ruleId}:${row.invoiceId ?? row.customerId}:${channel.channel}`,
          ),
        ),
      );
      const rows = (await database()
        .db('recado_deliveries')
        .select('source_id', 'invoice_id', 'customer_id', 'channel')) as {
        source_id: string;
        invoice_id: number | null;
        customer_id: number;
        channel: string;
      }[];
      expect(
        rows.map((row) => `${row.source_id}:${row.invoice_id ?? row.customer_id}:${row.channel}`),
      ).to.have.members(listed);
    });

    it('lists birthdays without an invoice', async () => {
      const plan = await setup().engine.dryRun({ date: '2026-12-03', sample: 5 });

      const greetings = plan.rules.find((rule) => rule.kind === 'birthday');
      expect(greetings?.dueDate).to.equal(null);
      expect(
        greetings?.channels[0]?.first.map((row) => [row.customerId, row.invoiceId]),
      ).to.deep.equal([
        [1, null],
        [7, null],
      ]);
    });

    it('refuses a date that is not a calendar day', async () => {
      const failure = await setup()
        .engine.dryRun({ date: '2026-02-30' })
        .catch((error: unknown) => error);

      expect(isRecadoError(failure) && failure.code).to.equal('RECADO_INPUT_INVALID');
    });
  });
});
