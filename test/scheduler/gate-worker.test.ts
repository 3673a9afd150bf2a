import { expect } from 'chai';
import pino from 'pino';
import { RecordingChannel } from '../../src/channels/recording-channel.js';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import { LimitsGate } from '../../src/scheduler/gate/index.js';
import type { SendGate } from '../../src/scheduler/send-gate.js';
import { Worker } from '../../src/scheduler/worker.js';
import { describeEachDatabase } from '../support/databases.js';
import { migratePlugin, newDeliveries, PlainComposer } from '../queue/helpers.js';

// Thursday 2026-12-03 12:00 in São Paulo.
const START = new Date('2026-12-03T15:00:00.000Z');
const TIME_ZONE = 'America/Sao_Paulo';

describeEachDatabase('LimitsGate in a worker', (database) => {
  let clock: Date;

  before(async () => migratePlugin(database().db));
  beforeEach(async () => {
    clock = START;
    await database().db('recado_deliveries').delete();
    await database().db('recado_account_usage').delete();
    await database().db('recado_quota_holds').delete();
    await database().db('recado_rate_slots').delete();
  });

  function workerWith(
    channel: RecordingChannel,
    perDay: number,
    options: {
      defaultAccount?: number;
      workerId?: string;
      batchSize?: number;
      perSecond?: number;
    } = {},
  ): Worker {
    const { defaultAccount, workerId = 'w1', batchSize = 200, perSecond } = options;
    const gate = new LimitsGate({
      db: database().db,
      limits: {
        limitsFor: async (_, accountId) => (accountId === 4 ? { perDay, perSecond } : undefined),
        defaultAccount: async () => defaultAccount,
      },
      timeZone: TIME_ZONE,
      now: () => clock,
      // A send that would wait for the rate is held at once, so the test needs no sleep.
      settings: { maxRateWaitMs: 0 },
    });
    return workerThrough(channel, gate, { workerId, batchSize });
  }

  /** A worker sending through `channel` past `gate`. */
  function workerThrough(
    channel: RecordingChannel,
    gate: SendGate,
    settings: { workerId: string; batchSize?: number },
  ): Worker {
    return new Worker({
      db: database().db,
      logger: pino({ level: 'silent' }),
      channels: new Map([[channel.name, channel]]),
      composer: new PlainComposer(),
      gate,
      timeZone: TIME_ZONE,
      now: () => clock,
      settings,
    });
  }

  const heldUnits = async () => {
    const rows = await database().db('recado_quota_holds').select('units');
    return rows.reduce((sum, row) => sum + Number(row.units), 0);
  };

  const countBy = async (column: string) => {
    const rows: Record<string, unknown>[] = await database()
      .db('recado_deliveries')
      .select(column)
      .count({ n: '*' })
      .groupBy(column);
    return Object.fromEntries(rows.map((row) => [String(row[column]), Number(row.n)]));
  };

  describe('drain', () => {
    it('sends a day quota from one batch and carries the rest over to the next day', async () => {
      const channel = new RecordingChannel({ name: 'sms' });
      const worker = workerWith(channel, 50);
      const audience = newDeliveries(120, { accountId: 4, kind: 'transactional' });
      await enqueueDeliveries(database().db, audience, clock);

      await worker.drainOnce();
      const first = await countBy('error_code');
      clock = new Date(START.getTime() + 5 * 60_000);
      await worker.drainOnce();
      const carried = await countBy('run_at');
      clock = new Date('2026-12-04T03:00:00.000Z');
      await worker.drainOnce();

      expect(first).to.deep.equal({ null: 50, RECADO_GATE_DAILY_QUOTA: 70 });
      expect(carried).to.have.property('2026-12-04 03:00:00.000', 70);
      expect(channel.sent).to.have.length(100);
      const usage = await database()
        .db('recado_account_usage')
        .orderBy('day')
        .select('day', 'sent');
      expect(usage.map((row) => [String(row.day).slice(0, 10), Number(row.sent)])).to.deep.equal([
        ['2026-12-03', 50],
        ['2026-12-04', 50],
      ]);
    });

    it('keeps two workers, each with its own gate, within one quota together', async () => {
      const channel = new RecordingChannel({ name: 'sms' });
      const workers = ['w1', 'w2'].map((id) =>
        workerWith(channel, 30, { workerId: id, batchSize: 20 }),
      );
      await enqueueDeliveries(
        database().db,
        newDeliveries(100, { accountId: 4, kind: 'transactional' }),
        clock,
      );

      const claimed = await Promise.all(workers.map((worker) => worker.drain()));

      expect(claimed.every((count) => count > 0)).to.equal(true);
      expect(channel.sent).to.have.length(30);
      expect(await countBy('status')).to.deep.equal({ queued: 70, sent: 30 });
      const usage = await database().db('recado_account_usage').first('sent');
      expect(Number(usage?.sent)).to.equal(30);
      // Everything taken was recorded as sent or given back.
      expect(await heldUnits()).to.equal(0);
    });

    it('keeps two workers, each with its own gate, within one rate together', async () => {
      const channel = new RecordingChannel({ name: 'sms' });
      const workers = ['w1', 'w2'].map((id) =>
        workerWith(channel, 1_000, { workerId: id, batchSize: 10, perSecond: 5 }),
      );
      await enqueueDeliveries(
        database().db,
        newDeliveries(40, { accountId: 4, kind: 'transactional' }),
        clock,
      );

      await Promise.all(workers.map((worker) => worker.drainOnce()));

      // One second's burst at the instant of the drain, whichever worker sent it.
      expect(channel.sent).to.have.length(5);
      expect(await countBy('error_code')).to.deep.equal({ null: 25, RECADO_GATE_RATE: 15 });
    });

    it('gives the quota of attempted sends that failed back for others to use', async () => {
      const failing = new RecordingChannel({
        name: 'sms',
        answer: () => ({ status: 'failed', kind: 'permanent', code: 'X', reason: 'refused' }),
      });
      await enqueueDeliveries(
        database().db,
        newDeliveries(5, { accountId: 4, kind: 'transactional' }),
        clock,
      );
      await workerWith(failing, 5).drainOnce();
      const channel = new RecordingChannel({ name: 'sms' });
      await enqueueDeliveries(
        database().db,
        newDeliveries(5, { accountId: 4, kind: 'transactional' }).map((delivery) => ({
          ...delivery,
          dedupeKey: `${delivery.dedupeKey}:again`,
        })),
        clock,
      );

      await workerWith(channel, 5, { workerId: 'w2' }).drainOnce();

      expect(failing.calls).to.equal(5);
      expect(channel.sent).to.have.length(5);
      expect(await heldUnits()).to.equal(0);
    });

    it('holds for a moment what the gate cannot decide on, and records the rest of the batch', async () => {
      const channel = new RecordingChannel({ name: 'sms' });
      await enqueueDeliveries(
        database().db,
        newDeliveries(6, { accountId: 4, kind: 'transactional' }),
        clock,
      );
      const [unlucky] = (await database().db('recado_deliveries').orderBy('id').limit(1)) as {
        id: number;
      }[];
      const worker = workerThrough(
        channel,
        {
          admit: async (delivery) => {
            if (delivery.id === unlucky?.id) throw new Error('connect ECONNREFUSED 127.0.0.1:3306');
            return undefined;
          },
        },
        { workerId: 'w1' },
      );

      expect(await worker.drain()).to.equal(6);

      expect(channel.sent).to.have.length(5);
      const held = await database().db('recado_deliveries').where({ id: unlucky?.id }).first();
      expect(held).to.include({ status: 'queued', error_code: 'RECADO_GATE_UNAVAILABLE' });
      expect(held.run_at).to.match(/^2026-12-03 15:00:30/);
      expect(await countBy('status')).to.deep.equal({ queued: 1, sent: 5 });
    });

    it("counts messages that name no account against the channel's default account", async () => {
      const channel = new RecordingChannel({ name: 'sms' });
      const audience = newDeliveries(8, { accountId: null, kind: 'transactional' });
      await enqueueDeliveries(database().db, audience, clock);

      await workerWith(channel, 5, { defaultAccount: 4 }).drainOnce();

      expect(await countBy('error_code')).to.deep.equal({ null: 5, RECADO_GATE_DAILY_QUOTA: 3 });
      expect(channel.sent.map((message) => message.accountId)).to.deep.equal([4, 4, 4, 4, 4]);
      const usage = await database().db('recado_account_usage').select('account_id', 'sent');
      expect(usage.map((row) => [Number(row.account_id), Number(row.sent)])).to.deep.equal([
        [4, 5],
      ]);
      // The rows keep naming no account: a later change of default applies to what waits.
      expect(await countBy('account_id')).to.deep.equal({ null: 8 });
    });

    it('leaves messages that name no account unlimited when the channel has no default', async () => {
      const channel = new RecordingChannel({ name: 'sms' });
      const audience = newDeliveries(8, { accountId: null, kind: 'transactional' });
      await enqueueDeliveries(database().db, audience, clock);

      await workerWith(channel, 5).drainOnce();

      expect(channel.sent).to.have.length(8);
      expect(channel.sent.every((message) => message.accountId === null)).to.equal(true);
    });
  });
});
