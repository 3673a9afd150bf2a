import { expect } from 'chai';
import { claimDeliveries } from '../../src/queue/claim-deliveries.js';
import { completeDeliveries } from '../../src/queue/complete-deliveries.js';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import { reclaimExpiredLeases } from '../../src/queue/reclaim-leases.js';
import { describeEachDatabase } from '../support/databases.js';
import { migratePlugin, newDeliveries } from './helpers.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

describeEachDatabase('delivery queue', (database) => {
  before(async () => migratePlugin(database().db));
  beforeEach(async () => database().db('recado_deliveries').delete());

  describe('enqueueDeliveries', () => {
    it('adds each dedupe key once, however often it is enqueued', async () => {
      const { db } = database();

      expect(await enqueueDeliveries(db, newDeliveries(3), NOW)).to.equal(3);
      expect(await enqueueDeliveries(db, newDeliveries(5), NOW)).to.equal(2);
      const row = await db('recado_deliveries').count({ n: '*' }).first();
      expect(Number(row?.n)).to.equal(5);
    });
  });

  describe('claimDeliveries', () => {
    it('takes transactional messages before older marketing ones, and only due rows', async () => {
      const { db } = database();
      await enqueueDeliveries(db, newDeliveries(3), NOW);
      await enqueueDeliveries(db, newDeliveries(2, { kind: 'transactional' }), later(1000));
      await enqueueDeliveries(
        db,
        newDeliveries(1, { dedupeKey: 'future', runAt: later(60_000) }),
        NOW,
      );

      const claimed = await claimDeliveries(db, {
        workerId: 'w1',
        limit: 10,
        leaseMs: 60_000,
        now: later(2000),
      });

      expect(claimed.map((delivery) => delivery.kind)).to.deep.equal([
        'transactional',
        'transactional',
        'marketing',
        'marketing',
        'marketing',
      ]);
      const statuses = await db('recado_deliveries').select('dedupe_key', 'status', 'locked_by');
      expect(statuses.find((row) => row.dedupe_key === 'future')?.status).to.equal('queued');
      expect(statuses.filter((row) => row.locked_by === 'w1')).to.have.length(5);
    });

    it('never hands the same row to two claims running at once', async () => {
      const { db } = database();
      await enqueueDeliveries(db, newDeliveries(60), NOW);
      const claim = (workerId: string) =>
        claimDeliveries(db, { workerId, limit: 7, leaseMs: 60_000, now: NOW });

      const ids: number[] = [];
      for (let round = 0; round < 20 && ids.length < 60; round += 1) {
        const claims = await Promise.all(['a', 'b', 'c', 'd'].map(claim));
        ids.push(...claims.flat().map((delivery) => delivery.id));
      }

      expect(ids).to.have.length(60);
      expect(new Set(ids).size).to.equal(60);
    });
  });

  describe('completeDeliveries', () => {
    it('writes each outcome with its own values and counts sent messages per account', async () => {
      const { db } = database();
      await enqueueDeliveries(db, newDeliveries(3, { accountId: 4 }), NOW);
      const [a, b, c] = await claimDeliveries(db, {
        workerId: 'w1',
        limit: 3,
        leaseMs: 60_000,
        now: NOW,
      });
      const ok = { attempted: true, channel: 'sms' as const, accountId: 4 };

      const written = await completeDeliveries(
        db,
        [
          { ...ok, id: a!.id, status: 'sent', providerId: 'p-1', body: 'Olá, Ana' },
          { ...ok, id: b!.id, status: 'sent', providerId: 'p-2', body: 'Olá, Bia' },
          {
            ...ok,
            id: c!.id,
            status: 'queued',
            runAt: later(30_000),
            errorCode: 'HTTP_503',
            errorReason: 'busy',
          },
        ],
        { workerId: 'w1', now: NOW, day: '2026-12-03' },
      );

      expect(written).to.equal(3);
      const rows = await db('recado_deliveries').orderBy('id');
      expect(
        rows.map((row) => [row.status, row.provider_id, row.sent_body, row.attempts]),
      ).to.deep.equal([
        ['sent', 'p-1', 'Olá, Ana', 1],
        ['sent', 'p-2', 'Olá, Bia', 1],
        ['queued', null, null, 1],
      ]);
      expect(rows[2].run_at).to.match(/^2026-12-03 15:00:30/);
      expect(rows[2].locked_by).to.equal(null);
      const usage = await db('recado_account_usage').first();
      expect(usage).to.include({ channel: 'sms', account_id: 4, sent: 2 });
    });

    it("moves attempted sends out of the worker process's quota hold", async () => {
      const { db } = database();
      const key = { channel: 'sms', account_id: 9, day: '2026-12-03' };
      await db('recado_quota_holds').delete();
      await db('recado_quota_holds').insert([
        { ...key, holder: 'p1', units: 10, expires_at: '2026-12-03 15:05:00.000' },
        { ...key, holder: 'p2', units: 10, expires_at: '2026-12-03 15:05:00.000' },
      ]);
      await enqueueDeliveries(db, newDeliveries(4, { accountId: 9 }), NOW);
      const [a, b, c, d] = await claimDeliveries(db, {
        workerId: 'w1',
        limit: 4,
        leaseMs: 60_000,
        now: NOW,
      });
      const base = { channel: 'sms' as const, accountId: 9 };

      await completeDeliveries(
        db,
        [
          { ...base, id: a!.id, status: 'sent', attempted: true },
          { ...base, id: b!.id, status: 'failed', attempted: true, errorCode: 'X' },
          // It may have gone out: its unit stays held until the hold lapses.
          { ...base, id: c!.id, status: 'unknown', attempted: true, errorCode: 'Y' },
          // Held by the gate before any send: it took no unit.
          { ...base, id: d!.id, status: 'queued', attempted: false, runAt: later(60_000) },
        ],
        { workerId: 'w1', now: NOW, day: '2026-12-03', quotaHolder: 'p1' },
      );

      const holds = await db('recado_quota_holds').orderBy('holder').select('holder', 'units');
      expect(holds.map((row) => [row.holder, Number(row.units)])).to.deep.equal([
        ['p1', 8],
        ['p2', 10],
      ]);
      const usage = await db('recado_account_usage').where(key).first('sent');
      expect(Number(usage?.sent)).to.equal(1);
    });

    it('writes nothing for a row whose lease another worker took back', async () => {
      const { db } = database();
      await enqueueDeliveries(db, newDeliveries(1), NOW);
      const [mine] = await claimDeliveries(db, {
        workerId: 'w1',
        limit: 1,
        leaseMs: 1000,
        now: NOW,
      });
      await reclaimExpiredLeases(db, { now: later(5000), idempotentChannels: ['sms'] });
      await claimDeliveries(db, { workerId: 'w2', limit: 1, leaseMs: 60_000, now: later(5000) });

      const written = await completeDeliveries(
        db,
        [{ id: mine!.id, status: 'sent', attempted: true }],
        { workerId: 'w1', now: later(6000), day: '2026-12-03' },
      );

      expect(written).to.equal(0);
      expect((await db('recado_deliveries').first()).locked_by).to.equal('w2');
    });
  });

  describe('reclaimExpiredLeases', () => {
    it('requeues rows of idempotent channels and marks the others unknown', async () => {
      const { db } = database();
      await enqueueDeliveries(db, newDeliveries(2, { channel: 'sms' }), NOW);
      await enqueueDeliveries(
        db,
        [{ ...newDeliveries(1)[0]!, dedupeKey: 'mail', channel: 'email' }],
        NOW,
      );
      await claimDeliveries(db, { workerId: 'dead', limit: 10, leaseMs: 1000, now: NOW });

      const early = await reclaimExpiredLeases(db, {
        now: later(500),
        idempotentChannels: ['sms'],
      });
      const late = await reclaimExpiredLeases(db, {
        now: later(2000),
        idempotentChannels: ['sms'],
      });

      expect(early).to.deep.equal({ requeued: 0, unknown: 0 });
      expect(late).to.deep.equal({ requeued: 2, unknown: 1 });
      const mail = await db('recado_deliveries').where('dedupe_key', 'mail').first();
      expect(mail.status).to.equal('unknown');
      expect(mail.error_code).to.equal('RECADO_QUEUE_LEASE_EXPIRED');
    });
  });
});
