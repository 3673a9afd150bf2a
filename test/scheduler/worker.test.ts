import { expect } from 'chai';
import type { Knex } from 'knex';
import pino from 'pino';
import type { SendResult } from '../../src/channels/channel.js';
import { RecordingChannel } from '../../src/channels/recording-channel.js';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import type { Composer, Composition } from '../../src/scheduler/composer.js';
import { Worker, type WorkerDeps } from '../../src/scheduler/worker.js';
import { describeEachDatabase } from '../support/databases.js';
import { migratePlugin, newDeliveries, PlainComposer } from '../queue/helpers.js';

const START = new Date('2026-12-03T15:00:00.000Z');

/** A clock tests move by hand. */
class Clock {
  now = START;
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}

const transient = (code = 'HTTP_503'): SendResult => ({
  status: 'failed',
  kind: 'transient',
  code,
  reason: 'busy',
});

describeEachDatabase('Worker', (database) => {
  let clock: Clock;

  before(async () => migratePlugin(database().db));
  beforeEach(async () => {
    clock = new Clock();
    await database().db('recado_deliveries').delete();
  });

  function workerWith(channel: RecordingChannel, extra: Partial<WorkerDeps> = {}): Worker {
    return new Worker({
      db: database().db,
      logger: pino({ level: 'silent' }),
      channels: new Map([[channel.name, channel]]),
      composer: new PlainComposer(),
      timeZone: 'America/Sao_Paulo',
      now: () => clock.now,
      random: () => 0.5,
      settings: { workerId: 'w1', batchSize: 10, retry: { baseMs: 1000, capMs: 60_000 } },
      ...extra,
    });
  }

  const rows = () => database().db('recado_deliveries').orderBy('id');

  describe('drain', () => {
    it('sends every queued delivery and records the provider id and what was sent', async () => {
      const channel = new RecordingChannel({ name: 'sms' });
      await enqueueDeliveries(database().db, newDeliveries(25), clock.now);

      const processed = await workerWith(channel).drain();

      expect(processed).to.equal(25);
      expect(channel.sent).to.have.length(25);
      const all = await rows();
      expect(all.every((row) => row.status === 'sent' && row.attempts === 1)).to.equal(true);
      expect(all[0]).to.include({
        provider_id: `rec-${all[0].id}`,
        sent_body: 'message test:marketing:0',
      });
    });

    it('retries a transient failure later with backoff, then fails with the last reason', async () => {
      const channel = new RecordingChannel({ name: 'sms', answer: () => transient() });
      await enqueueDeliveries(database().db, newDeliveries(1, { maxAttempts: 3 }), clock.now);
      const worker = workerWith(channel);

      await worker.drain();
      let [row] = await rows();
      expect(row).to.include({ status: 'queued', attempts: 1, error_code: 'HTTP_503' });
      expect(row.run_at).to.match(/^2026-12-03 15:00:00\.500/);

      expect(await worker.drain()).to.equal(0);
      clock.advance(500);
      await worker.drain();
      [row] = await rows();
      expect(row).to.include({ status: 'queued', attempts: 2 });
      expect(row.run_at).to.match(/^2026-12-03 15:00:01\.500/);

      clock.advance(1000);
      await worker.drain();
      [row] = await rows();
      expect(row).to.include({
        status: 'failed',
        attempts: 3,
        error_code: 'HTTP_503',
        error_reason: 'busy',
      });
    });

    it('waits at least as long as the provider asked with Retry-After', async () => {
      const channel = new RecordingChannel({
        name: 'sms',
        answer: () => ({
          status: 'failed',
          kind: 'transient',
          code: 'HTTP_429',
          reason: 'slow down',
          retryAfterMs: 120_000,
        }),
      });
      await enqueueDeliveries(database().db, newDeliveries(1), clock.now);

      await workerWith(channel).drain();

      expect((await rows())[0].run_at).to.match(/^2026-12-03 15:02:00/);
    });

    it('fails a permanent failure at once', async () => {
      const channel = new RecordingChannel({
        name: 'sms',
        answer: () => ({
          status: 'failed',
          kind: 'permanent',
          code: 'BAD_NUMBER',
          reason: 'invalid number',
        }),
      });
      await enqueueDeliveries(database().db, newDeliveries(1), clock.now);

      await workerWith(channel).drain();

      expect((await rows())[0]).to.include({
        status: 'failed',
        attempts: 1,
        error_code: 'BAD_NUMBER',
      });
    });

    it('marks an unknown outcome unknown, and retries it only on an idempotent channel', async () => {
      const unknown = (): SendResult => ({
        status: 'failed',
        kind: 'unknown',
        code: 'TIMEOUT',
        reason: 'no answer',
      });
      await enqueueDeliveries(database().db, newDeliveries(1), clock.now);
      await workerWith(new RecordingChannel({ name: 'sms', answer: unknown })).drain();
      expect((await rows())[0].status).to.equal('unknown');

      await database().db('recado_deliveries').delete();
      await enqueueDeliveries(database().db, newDeliveries(1), clock.now);
      await workerWith(
        new RecordingChannel({ name: 'sms', idempotent: true, answer: unknown }),
      ).drain();
      expect((await rows())[0].status).to.equal('queued');
    });

    it('records a channel that throws as an unknown outcome instead of crashing', async () => {
      const channel = new RecordingChannel({
        name: 'sms',
        answer: () => {
          throw new Error('socket hang up');
        },
      });
      await enqueueDeliveries(database().db, newDeliveries(2), clock.now);

      expect(await workerWith(channel).drain()).to.equal(2);

      expect((await rows()).map((row) => row.status)).to.deep.equal(['unknown', 'unknown']);
    });

    it('skips what the composer says to skip, with the reason, without an attempt', async () => {
      const composer: Composer = {
        async compose(deliveries) {
          return new Map<number, Composition>(
            deliveries.map((delivery) => [
              delivery.id,
              { action: 'skip', code: 'INVOICE_PAID', reason: 'invoice paid' },
            ]),
          );
        },
      };
      const channel = new RecordingChannel({ name: 'sms' });
      await enqueueDeliveries(database().db, newDeliveries(3), clock.now);

      await workerWith(channel, { composer }).drain();

      expect(channel.calls).to.equal(0);
      expect((await rows()).map((row) => [row.status, row.error_code, row.attempts])).to.deep.equal(
        [
          ['skipped', 'INVOICE_PAID', 0],
          ['skipped', 'INVOICE_PAID', 0],
          ['skipped', 'INVOICE_PAID', 0],
        ],
      );
    });

    it('holds a delivery the gate refuses until the time it names, without an attempt', async () => {
      const until = new Date('2026-12-04T11:00:00.000Z');
      const channel = new RecordingChannel({ name: 'sms' });
      await enqueueDeliveries(database().db, newDeliveries(1), clock.now);

      await workerWith(channel, {
        gate: {
          admit: async () => ({ until, code: 'RECADO_GATE_QUIET_HOURS', reason: 'quiet hours' }),
        },
      }).drain();

      expect(channel.calls).to.equal(0);
      expect((await rows())[0]).to.include({
        status: 'queued',
        attempts: 0,
        error_code: 'RECADO_GATE_QUIET_HOURS',
      });
      expect((await rows())[0].run_at).to.match(/^2026-12-04 11:00:00/);
    });

    it('ends with every message sent or failed with a reason when a third of sends fail', async () => {
      let call = 0;
      const channel = new RecordingChannel({
        name: 'sms',
        answer: (message) =>
          call++ % 3 === 0
            ? transient()
            : { status: 'accepted', providerId: `p${message.deliveryId}` },
      });
      await enqueueDeliveries(database().db, newDeliveries(60, { maxAttempts: 4 }), clock.now);
      const worker = workerWith(channel);

      for (let round = 0; round < 12; round += 1) {
        await worker.drain();
        clock.advance(60_000);
      }

      const all = await rows();
      expect(all.filter((row) => !['sent', 'failed'].includes(row.status))).to.deep.equal([]);
      expect(
        all.filter((row) => row.status === 'failed').every((row) => row.error_reason === 'busy'),
      ).to.equal(true);
      expect(new Set(channel.sent.map((message) => message.deliveryId)).size).to.equal(
        channel.sent.length,
      );
    });
  });

  describe('a claim whose answer is lost', () => {
    /** The first transaction commits on the server, then fails on its way back. */
    function losingFirstAnswer(db: Knex): Knex {
      let lost = false;
      return new Proxy(db, {
        get(target, property, receiver) {
          if (property !== 'transaction') return Reflect.get(target, property, receiver);
          return async (...args: unknown[]) => {
            const committed = await (target.transaction as (...a: unknown[]) => unknown)(...args);
            if (lost) return committed;
            lost = true;
            throw new Error('read ECONNRESET');
          };
        },
      });
    }

    it('gives its rows back at the next drain instead of leaving them to end unknown', async function () {
      // SQLite claims with one UPDATE … RETURNING in the same process: no answer to lose.
      if (database().dialect !== 'mysql') this.skip();
      const channel = new RecordingChannel({ name: 'sms' });
      const worker = workerWith(channel, { db: losingFirstAnswer(database().db) });
      await enqueueDeliveries(database().db, newDeliveries(5), clock.now);

      const first = await worker.drain().then(
        () => 'drained',
        (error: Error) => error.message,
      );
      const held = (await rows()).map((row) => [row.status, row.locked_by]);
      const second = await worker.drain();

      expect(first).to.equal('read ECONNRESET');
      expect(held).to.deep.equal(Array.from({ length: 5 }, () => ['sending', 'w1']));
      expect(second).to.equal(5);
      expect(channel.sent).to.have.length(5);
      expect((await rows()).map((row) => row.status)).to.deep.equal(Array(5).fill('sent'));
    });
  });

  describe('stop', () => {
    it('gives the rows it did not send back to the queue', async () => {
      const running: { worker?: Worker } = {};
      const channel = new RecordingChannel({
        name: 'sms',
        answer: (message, callNumber) => {
          if (callNumber === 2) running.worker?.stop();
          return { status: 'accepted', providerId: String(message.deliveryId) };
        },
      });
      await enqueueDeliveries(database().db, newDeliveries(10), clock.now);
      running.worker = workerWith(channel, {
        settings: { workerId: 'w1', batchSize: 10, concurrency: 1 },
      });

      await running.worker.drain();

      const statuses = (await rows()).map((row) => row.status);
      expect(statuses.filter((status) => status === 'sent')).to.have.length(3);
      expect(statuses.filter((status) => status === 'queued')).to.have.length(7);
      expect((await rows()).every((row) => row.locked_by === null)).to.equal(true);
    });

    it('also gives back the next batch it had already claimed', async () => {
      const running: { worker?: Worker } = {};
      const channel = new RecordingChannel({
        name: 'sms',
        answer: async (message, callNumber) => {
          // Stop only once the next batch is claimed, so there is one to give back.
          if (callNumber === 2) {
            await claimedRows(10);
            running.worker?.stop();
          }
          return { status: 'accepted', providerId: String(message.deliveryId) };
        },
      });
      await enqueueDeliveries(database().db, newDeliveries(25), clock.now);
      running.worker = workerWith(channel, {
        settings: { workerId: 'w1', batchSize: 10, concurrency: 1 },
      });

      await running.worker.drain();

      const all = await rows();
      expect(all.filter((row) => row.status === 'sent')).to.have.length(3);
      expect(all.filter((row) => row.status === 'queued')).to.have.length(22);
      expect(all.every((row) => row.locked_by === null)).to.equal(true);
    });
  });

  describe('pipelining', () => {
    it('claims the next batch while the current one is still being sent', async () => {
      let claimedDuringFirstSend = -1;
      const channel = new RecordingChannel({
        name: 'sms',
        answer: async (message, callNumber) => {
          if (callNumber === 0) claimedDuringFirstSend = await claimedRows(10);
          return { status: 'accepted', providerId: String(message.deliveryId) };
        },
      });
      await enqueueDeliveries(database().db, newDeliveries(20), clock.now);

      const processed = await workerWith(channel, {
        settings: { workerId: 'w1', batchSize: 10, concurrency: 1 },
      }).drain();

      expect(processed).to.equal(20);
      expect(
        claimedDuringFirstSend,
        'rows of the second batch held while the first sends',
      ).to.equal(10);
      expect((await rows()).every((row) => row.status === 'sent')).to.equal(true);
    });
  });

  /**
   * Waits, up to two seconds, until more than `beyond` rows are leased (`sending`); returns
   * how many are beyond it then (0 when the wait ran out).
   */
  async function claimedRows(beyond: number): Promise<number> {
    const deadline = Date.now() + 2000;
    for (;;) {
      const [{ n }] = (await database()
        .db('recado_deliveries')
        .where('status', 'sending')
        .count({ n: '*' })) as [{ n: number | string }];
      if (Number(n) > beyond || Date.now() > deadline) return Math.max(0, Number(n) - beyond);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
});
