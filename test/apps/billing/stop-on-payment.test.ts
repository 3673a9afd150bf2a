import { expect } from 'chai';
import pino from 'pino';
import { RecordingChannel } from '../../../src/channels/recording-channel.js';
import { RecadoServices } from '../../../src/core/services.js';
import { describeEachDatabase } from '../../support/databases.js';
import {
  Clock,
  engineFor,
  MAPPING,
  migrateAll,
  NOW,
  payInvoice,
  seedCustomers,
  TIME_ZONE,
} from './fixtures.js';

describeEachDatabase('billing stop on payment', (database) => {
  let clock: Clock;
  let email: RecordingChannel;
  let sms: RecordingChannel;

  before(async () => migrateAll(database().db));
  beforeEach(async () => {
    clock = new Clock();
    await seedCustomers(database().db);
    await engineFor(database().db, clock).engine.installDefaults();
    email = new RecordingChannel({ name: 'email' });
    sms = new RecordingChannel({ name: 'sms' });
  });

  /** The real composer and worker, with the collection hours, on a Thursday at 10:00. */
  function worker() {
    const services = new RecadoServices({
      db: database().db,
      logger: pino({ level: 'silent' }),
      mapping: MAPPING,
      secret: 'x'.repeat(40),
      timeZone: TIME_ZONE,
      publicUrl: 'https://painel.example.com/',
      now: clock.read,
      worker: { workerId: 'w1', batchSize: 50 },
    });
    services.registerChannel(email);
    services.registerChannel(sms);
    return services.createWorker();
  }

  const rowOf = (invoiceId: number, channel: string) =>
    database().db('recado_deliveries').where({ invoice_id: invoiceId, channel }).first();

  describe('evaluate, then the worker', () => {
    it('sends the reminder of an open invoice, rendered from the default template', async () => {
      await engineFor(database().db, clock).engine.evaluate(NOW);

      await worker().drain();

      const text = sms.sent.find((message) => message.to === '5511999990003');
      expect(text && 'text' in text ? text.text : '').to.match(/R\$ 99,90 venceu em 30\/11\/2026/);
      expect(await rowOf(12, 'sms')).to.include({ status: 'sent' });
    });

    it('skips a queued reminder whose invoice was paid meanwhile', async () => {
      await engineFor(database().db, clock).engine.evaluate(NOW);
      await payInvoice(database().db, 12, '2026-12-03 13:05:00');

      await worker().drain();

      expect(await rowOf(12, 'sms')).to.include({
        status: 'skipped',
        error_code: 'RECADO_SKIP_INVOICE_SETTLED',
      });
      expect(await rowOf(12, 'email')).to.include({ status: 'skipped' });
      const reached = [...email.sent, ...sms.sent].map((message) => message.to);
      expect(reached).to.not.include('5511999990003');
      expect(reached).to.not.include('carla@example.com');
    });

    it('picks no overdue step of a paid invoice on the next evaluations', async () => {
      const { db } = database();
      await db('invoices').where({ id: 12 }).update({ due_date: '2026-11-23' });
      await payInvoice(db, 13, '2026-12-02 18:00:00');
      await payInvoice(db, 12, '2026-12-02 18:00:00');

      const today = await engineFor(db, clock).engine.evaluate(NOW);

      const about = (await db('recado_deliveries').pluck('invoice_id')) as (number | null)[];
      expect(about).to.not.include(12);
      expect(about).to.not.include(13);
      expect(today.enqueued).to.equal(9);
    });
  });
});
