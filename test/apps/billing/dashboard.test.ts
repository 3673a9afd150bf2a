import { expect } from 'chai';
import type { Knex } from 'knex';
import { offsetMinutes } from '../../../src/apps/billing/dashboard.js';
import { describeEachDatabase } from '../../support/databases.js';
import {
  Clock,
  engineFor,
  invoice,
  migrateAll,
  NOW,
  seedCustomers,
  TIME_ZONE,
} from './fixtures.js';

/** A sent (or other) notice of rule `ruleId` about an invoice, straight into the queue. */
function notice(
  id: number,
  fields: {
    rule: number;
    channel: string;
    invoice: number | null;
    customer: number;
    sentAt: string | null;
    status?: string;
  },
) {
  return {
    id,
    dedupe_key: `test:${id}`,
    channel: fields.channel,
    source: 'rule',
    source_id: String(fields.rule),
    kind: 'transactional',
    priority: 0,
    customer_id: fields.customer,
    invoice_id: fields.invoice,
    template_id: 1,
    recipient: 'x@example.com',
    status: fields.status ?? 'sent',
    attempts: 1,
    max_attempts: 5,
    run_at: fields.sentAt ?? '2026-12-01 12:00:00.000',
    error_code: fields.status === 'failed' ? 'SMTP_550' : null,
    error_reason: fields.status === 'failed' ? 'mailbox unavailable' : null,
    created_at: fields.sentAt ?? '2026-12-01 12:00:00.000',
    updated_at: fields.sentAt ?? '2026-12-01 12:00:00.000',
    sent_at: fields.status && fields.status !== 'sent' ? null : fields.sentAt,
  };
}

async function seedNotices(db: Knex): Promise<void> {
  await db('invoices').insert([
    invoice(30, 2, '2026-11-15', {
      status: 'paid',
      paid_at: '2026-11-18 15:00:00',
      amount: 120,
      paid_amount: 123.5,
    }),
    invoice(31, 3, '2026-11-15', { status: 'paid', paid_at: '2026-11-30 15:00:00' }),
    invoice(32, 5, '2026-11-20', { status: 'paid', paid_at: '2026-11-21 10:00:00', amount: 80 }),
    invoice(33, 7, '2026-08-10', { amount: 50 }),
    invoice(34, 7, '2026-11-20', { amount: 60 }),
  ]);
  await db('recado_deliveries').insert([
    // Rule 1 (3 days before) about 30 on both channels, and about 30 twice on e-mail.
    notice(1, {
      rule: 1,
      channel: 'email',
      invoice: 30,
      customer: 2,
      sentAt: '2026-11-12 12:00:00.000',
    }),
    notice(2, {
      rule: 1,
      channel: 'sms',
      invoice: 30,
      customer: 2,
      sentAt: '2026-11-12 12:00:05.000',
    }),
    notice(3, {
      rule: 2,
      channel: 'email',
      invoice: 30,
      customer: 2,
      sentAt: '2026-11-15 12:00:00.000',
    }),
    // Paid 18 days after the notice: not recovered by it.
    notice(4, {
      rule: 1,
      channel: 'email',
      invoice: 31,
      customer: 3,
      sentAt: '2026-11-12 12:00:00.000',
    }),
    notice(5, {
      rule: 1,
      channel: 'email',
      invoice: 32,
      customer: 5,
      sentAt: '2026-11-17 12:00:00.000',
    }),
    // A receipt, sent after the payment; and a failed notice.
    notice(6, {
      rule: 5,
      channel: 'email',
      invoice: 32,
      customer: 5,
      sentAt: '2026-11-21 10:05:00.000',
    }),
    notice(7, {
      rule: 1,
      channel: 'sms',
      invoice: 34,
      customer: 7,
      sentAt: null,
      status: 'failed',
    }),
    // 01:00 UTC on the 13th is still the 12th in São Paulo; 32 was paid 8 days after it.
    notice(8, {
      rule: 1,
      channel: 'sms',
      invoice: 32,
      customer: 5,
      sentAt: '2026-11-13 01:00:00.000',
    }),
  ]);
}

describeEachDatabase('BillingDashboard', (database) => {
  const dashboard = () => engineFor(database().db, new Clock()).engine.dashboard;

  before(async () => migrateAll(database().db));
  beforeEach(async () => {
    await seedCustomers(database().db);
    await seedNotices(database().db);
  });

  describe('overdueByAge', () => {
    it('ages each overdue customer by the oldest open invoice and holds all their overdue money', async () => {
      const buckets = await dashboard().overdueByAge(NOW);

      // Open before the 3rd: 12 Carla (3 days), 13 Diego (10), 16 Ana (4), 33+34 Gil (115, 13).
      expect(buckets).to.deep.equal([
        { bucket: '1-15', customers: 3, invoices: 3, amount: 299.7 },
        { bucket: '16-30', customers: 0, invoices: 0, amount: 0 },
        { bucket: '31-60', customers: 0, invoices: 0, amount: 0 },
        { bucket: '61+', customers: 1, invoices: 2, amount: 110 },
      ]);
    });
  });

  describe('sentPerDay', () => {
    it('counts sent notices per provider day, rule and channel', async () => {
      const rows = await dashboard().sentPerDay({ days: 30, now: NOW });

      expect(rows).to.deep.equal([
        { day: '2026-11-12', ruleId: 1, channel: 'email', sent: 2 },
        { day: '2026-11-12', ruleId: 1, channel: 'sms', sent: 2 },
        { day: '2026-11-15', ruleId: 2, channel: 'email', sent: 1 },
        { day: '2026-11-17', ruleId: 1, channel: 'email', sent: 1 },
        { day: '2026-11-21', ruleId: 5, channel: 'email', sent: 1 },
      ]);
    });

    it('leaves out what was sent before the window', async () => {
      const rows = await dashboard().sentPerDay({ days: 18, now: NOW });

      expect(rows.map((row) => row.day)).to.deep.equal(['2026-11-17', '2026-11-21']);
    });
  });

  describe('recovered', () => {
    it('counts invoices paid within 7 days after a notice, once per rule and channel', async () => {
      const rows = await dashboard().recovered({ days: 30, now: NOW });

      expect(rows).to.deep.equal([
        { ruleId: 1, channel: 'email', invoices: 2, amount: 203.5 },
        { ruleId: 1, channel: 'sms', invoices: 1, amount: 123.5 },
        { ruleId: 2, channel: 'email', invoices: 1, amount: 123.5 },
      ]);
    });
  });

  describe('customerHistory', () => {
    it('lists a customer notices newest first with status and error', async () => {
      const history = await dashboard().customerHistory(5);

      expect(history.map((entry) => [entry.deliveryId, entry.ruleId, entry.status])).to.deep.equal([
        [6, 5, 'sent'],
        [5, 1, 'sent'],
        [8, 1, 'sent'],
      ]);
      const [failed] = await dashboard().customerHistory(7);
      expect(failed).to.include({ status: 'failed', errorCode: 'SMTP_550', sentAt: null });
    });
  });

  describe('offsetMinutes', () => {
    it('reads São Paulo as three hours behind UTC', () => {
      expect(offsetMinutes(NOW, TIME_ZONE)).to.equal(-180);
    });
  });
});
