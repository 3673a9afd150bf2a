import { expect } from 'chai';
import sinon from 'sinon';
import { POLL_AREA, type PollState } from '../../../src/apps/billing/poll.js';
import { describeEachDatabase } from '../../support/databases.js';
import {
  Clock,
  engineFor,
  migrateAll,
  NOW,
  payInvoice,
  presetKeys,
  queued,
  saoPaulo,
  seedCustomers,
} from './fixtures.js';

describeEachDatabase('billing hooks and payment poll', (database) => {
  let clock: Clock;
  const setup = () => engineFor(database().db, clock);

  before(async () => migrateAll(database().db));
  beforeEach(async () => {
    clock = new Clock();
    await seedCustomers(database().db);
    await setup().engine.installDefaults();
  });
  afterEach(() => sinon.restore());

  describe('handle', () => {
    it('enqueues one receipt per channel and nothing more when the hook comes twice', async () => {
      const { engine } = setup();
      await payInvoice(database().db, 10, '2026-12-03 12:40:00');

      const first = await engine.handle('invoice.paid', { invoiceId: 10, customerId: 1 });
      const second = await engine.handle('invoice.paid', { invoiceId: '10' });

      expect([first, second]).to.deep.equal([2, 0]);
      expect(await presetKeys(database().db)).to.deep.equal([
        'receipt:invoice:10:paid:email',
        'receipt:invoice:10:paid:sms',
      ]);
      const [row] = await queued(database().db);
      expect(row).to.include({ kind: 'transactional', invoice_id: 10, customer_id: 1 });
      expect(JSON.parse(String(row?.payload))).to.deep.equal({});
    });

    it('sends no receipt for an invoice that is not paid', async () => {
      expect(await setup().engine.handle('invoice.paid', { invoiceId: 10 })).to.equal(0);
    });

    it('tells a customer blocked again on another day, once a day', async () => {
      const { engine } = setup();
      const blocked = { customerId: 3, occurredAt: saoPaulo('2026-12-03 23:50') };

      await engine.handle('customer.blocked', blocked);
      await engine.handle('customer.blocked', blocked);
      await engine.handle('customer.blocked', {
        ...blocked,
        occurredAt: saoPaulo('2027-01-04 09:00'),
      });

      expect(await presetKeys(database().db)).to.deep.equal([
        'blocked:customer:3:blocked:2026-12-03:email',
        'blocked:customer:3:blocked:2026-12-03:sms',
        'blocked:customer:3:blocked:2027-01-04:email',
        'blocked:customer:3:blocked:2027-01-04:sms',
      ]);
      const [row] = await queued(database().db);
      expect(JSON.parse(String(row?.payload))).to.deep.equal({ collection: true });
    });

    it('answers unblock and invoice-created hooks with the rules of their kind', async () => {
      const { engine } = setup();
      const [email] = (await database()
        .db('recado_templates')
        .where({ channel: 'email' })
        .pluck('id')) as number[];
      const base = { channels: ['email'], templates: { email } };
      await engine.rules.create({ ...base, kind: 'customer_unblocked', name: 'Desbloqueio' });
      await engine.rules.create({ ...base, kind: 'invoice_created', name: 'Fatura emitida' });

      expect(await engine.handle('customer.unblocked', { customerId: 3 })).to.equal(0);
      expect(
        await engine.handle('customer.unblocked', { customerId: 1, occurredAt: NOW }),
      ).to.equal(1);
      expect(await engine.handle('invoice.created', { invoiceId: 17 })).to.equal(1);

      const keys = (await queued(database().db)).map((row) => String(row.dedupe_key));
      expect(
        keys.some((key) => /^rule:\d+:customer:1:unblocked:2026-12-03:email$/.test(key)),
      ).to.equal(true);
      const created = (await queued(database().db)).find((row) =>
        String(row.dedupe_key).includes(':created:'),
      );
      expect(created).to.include({ invoice_id: 17, recipient: 'eva@example.com' });
      expect(JSON.parse(String(created?.payload))).to.deep.equal({
        requireOpenInvoice: true,
        collection: true,
      });
    });

    it('drops a hook without the id it needs', async () => {
      expect(await setup().engine.handle('invoice.paid', { customerId: 1 })).to.equal(0);
      expect(await setup().engine.handle('customer.blocked', { invoiceId: 10 })).to.equal(0);
    });
  });

  describe('pollPayments', () => {
    it('starts at now on the first call, so that earlier payments get no receipt', async () => {
      const { engine } = setup();

      const first = await engine.pollPayments(NOW);
      const second = await engine.pollPayments(new Date(NOW.getTime() + 60_000));

      expect(first).to.deep.equal({ initialised: true, enqueued: 0 });
      expect(second.enqueued).to.equal(0);
      expect(await queued(database().db)).to.have.lengthOf(0);
    });

    it('receipts invoices paid since the watermark once, and moves the watermark', async () => {
      const { engine, deps } = setup();
      await engine.setUp();
      await payInvoice(database().db, 10, '2026-12-03 13:30:00');

      const found = await engine.pollPayments(new Date('2026-12-03T13:35:00Z'));
      const again = await engine.pollPayments(new Date('2026-12-03T13:37:00Z'));

      expect([found.enqueued, again.enqueued]).to.deep.equal([2, 0]);
      const state = await deps.settings.read<PollState | null>(POLL_AREA, null);
      expect(state?.since).to.equal('2026-12-03 13:37:00.000');
      expect(await presetKeys(database().db)).to.deep.equal([
        'receipt:invoice:10:paid:email',
        'receipt:invoice:10:paid:sms',
      ]);
    });

    it('sends one receipt when the hook and the poll both see a payment', async () => {
      const { engine } = setup();
      await engine.setUp();
      await payInvoice(database().db, 10, '2026-12-03 13:30:00');

      await engine.handle('invoice.paid', { invoiceId: 10 });
      const polled = await engine.pollPayments(new Date('2026-12-03T13:35:00Z'));
      await engine.handle('invoice.paid', { invoiceId: 10 });

      expect(polled.enqueued).to.equal(0);
      expect(await queued(database().db)).to.have.lengthOf(2);
    });

    it('looks back for payments written with an earlier date, but not before polling began', async () => {
      const { engine } = setup();
      await engine.setUp();
      await engine.pollPayments(new Date('2026-12-04T13:00:00Z'));
      await payInvoice(database().db, 10, '2026-12-03 20:00:00');
      await payInvoice(database().db, 12, '2026-12-02 20:00:00');

      const result = await engine.pollPayments(new Date('2026-12-04T14:00:00Z'));

      expect(result.window?.after).to.equal('2026-12-03 13:00:00.000');
      expect(await presetKeys(database().db)).to.deep.equal([
        'receipt:invoice:10:paid:email',
        'receipt:invoice:10:paid:sms',
      ]);
    });

    it('keeps the watermark when the enqueue fails', async () => {
      const { engine, deps } = setup();
      await engine.setUp();
      sinon.stub(engine.rules, 'list').rejects(new Error('database went away'));

      const failure = await engine
        .pollPayments(new Date('2026-12-03T14:00:00Z'))
        .catch((e: Error) => e);

      expect(failure).to.be.instanceOf(Error);
      const state = await deps.settings.read<PollState | null>(POLL_AREA, null);
      expect(state?.since).to.equal('2026-12-03 13:00:00.000');
    });
  });

  describe('jobs', () => {
    it('polls only when the host raises no hooks, unless the settings say always', async () => {
      const { engine } = setup();
      await engine.setUp();
      await payInvoice(database().db, 10, '2026-12-03 13:30:00');
      clock.now = new Date('2026-12-03T13:40:00Z');
      const pollOf = (hooks: boolean) =>
        engine.jobs({ hostRaisesHooks: hooks }).find((job) => job.name === 'billing.poll-payments');

      expect(await pollOf(true)?.run()).to.equal(undefined);
      await engine.saveSettings({ pollPayments: 'always' });
      expect(await pollOf(true)?.run()).to.include({ enqueued: 2 });
    });
  });
});
