import { expect } from 'chai';
import { DailyQuota, type QuotaDecision } from '../../src/scheduler/gate/quota.js';
import { describeEachDatabase } from '../support/databases.js';
import { migratePlugin } from '../queue/helpers.js';

const SAO_PAULO = 'America/Sao_Paulo';
const ACCOUNT = { channel: 'email', accountId: 7 } as const;
// Monday 2026-12-07 10:00 in São Paulo.
const MONDAY = new Date('2026-12-07T13:00:00.000Z');
const NEXT_MIDNIGHT = '2026-12-08T03:00:00.000Z';

const admitted = (decisions: QuotaDecision[]) =>
  decisions.filter((decision) => decision.admitted).length;

describeEachDatabase('DailyQuota', (database) => {
  let clock: Date;
  let quota: DailyQuota;

  before(async () => migratePlugin(database().db));
  beforeEach(async () => {
    await database().db('recado_account_usage').delete();
    await database().db('recado_quota_holds').delete();
    clock = MONDAY;
    quota = new DailyQuota({ db: database().db, timeZone: SAO_PAULO, now: () => clock });
  });

  const recordSent = (day: string, sent: number) =>
    database()
      .db('recado_account_usage')
      .insert({ channel: ACCOUNT.channel, account_id: ACCOUNT.accountId, day, sent })
      .onConflict(['channel', 'account_id', 'day'])
      .merge({ sent });
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };

  describe('take', () => {
    it('admits under the limit', async () => {
      await recordSent('2026-12-07', 49);

      const decision = await quota.take(ACCOUNT, 50, clock);

      expect(decision.admitted).to.equal(true);
    });

    it('holds at the limit until the next local midnight, carried over', async () => {
      await recordSent('2026-12-07', 50);

      const decision = await quota.take(ACCOUNT, 50, clock);

      expect(decision).to.deep.include({ admitted: false, spent: true, limit: 50 });
      expect(decision.admitted || decision.until.toISOString()).to.equal(NEXT_MIDNIGHT);
    });

    it('counts 23:30 in São Paulo against the local day, not the UTC one', async () => {
      await recordSent('2026-12-07', 50);
      clock = new Date('2026-12-08T02:30:00.000Z');

      const decision = await quota.take(ACCOUNT, 50, clock);

      expect(decision.admitted || decision.until.toISOString()).to.equal(NEXT_MIDNIGHT);
    });

    it('admits no more than the quota from one batch, before anything is recorded', async () => {
      await recordSent('2026-12-07', 10);

      const decisions = await Promise.all(
        Array.from({ length: 200 }, () => quota.take(ACCOUNT, 50, clock)),
      );

      expect(admitted(decisions)).to.equal(40);
      const held = decisions.find((decision) => !decision.admitted);
      expect(held).to.deep.include({ spent: false, limit: 50 });
    });

    it('holds until next day once the worker has recorded the batch', async () => {
      await Promise.all(Array.from({ length: 50 }, () => quota.take(ACCOUNT, 50, clock)));
      await recordSent('2026-12-07', 50);
      advance(1_000);

      const decision = await quota.take(ACCOUNT, 50, clock);

      expect(decision).to.deep.include({ admitted: false, spent: true });
      expect(decision.admitted || decision.until.toISOString()).to.equal(NEXT_MIDNIGHT);
    });

    it('frees the quota of sends that failed once their reservation lapses', async () => {
      await Promise.all(Array.from({ length: 50 }, () => quota.take(ACCOUNT, 50, clock)));
      await recordSent('2026-12-07', 40);
      advance(1_000);

      const inFlight = await quota.take(ACCOUNT, 50, clock);
      advance(300_000);
      const later = await Promise.all(
        Array.from({ length: 20 }, () => quota.take(ACCOUNT, 50, clock)),
      );

      expect(inFlight).to.deep.include({ admitted: false, spent: false });
      expect(inFlight.admitted || inFlight.until.toISOString()).to.equal(
        '2026-12-07T13:05:00.000Z',
      );
      expect(admitted(later)).to.equal(10);
    });

    it('gives back the quota of a reservation released', async () => {
      const first = await quota.take(ACCOUNT, 1, clock);
      if (first.admitted) first.reservation.release();

      const second = await quota.take(ACCOUNT, 1, clock);

      expect(second.admitted).to.equal(true);
    });

    it('admits again on a new day', async () => {
      await recordSent('2026-12-07', 50);
      expect((await quota.take(ACCOUNT, 50, clock)).admitted).to.equal(false);
      clock = new Date(NEXT_MIDNIGHT);

      const decision = await quota.take(ACCOUNT, 50, clock);

      expect(decision.admitted).to.equal(true);
    });

    it('shares the quota with another process on the same database', async () => {
      await recordSent('2026-12-07', 10);
      const other = new DailyQuota({ db: database().db, timeZone: SAO_PAULO, now: () => clock });

      const decisions = await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          (index % 2 === 0 ? quota : other).take(ACCOUNT, 50, clock),
        ),
      );

      expect(admitted(decisions)).to.equal(40);
    });

    it('frees what a stopped process held once its hold lapses, and not before', async () => {
      const stopped = new DailyQuota({
        db: database().db,
        timeZone: SAO_PAULO,
        now: () => clock,
        reservationMs: 60_000,
      });
      await Promise.all(Array.from({ length: 20 }, () => stopped.take(ACCOUNT, 20, clock)));

      const meanwhile = await quota.take(ACCOUNT, 20, clock);
      advance(60_000);
      const after = await quota.take(ACCOUNT, 20, clock);

      expect(meanwhile).to.deep.include({ admitted: false, spent: false });
      expect(meanwhile.admitted || meanwhile.until.toISOString()).to.equal(
        '2026-12-07T13:01:00.000Z',
      );
      expect(after.admitted).to.equal(true);
    });

    it('gives back units taken and not used when asked', async () => {
      // A quota of 300 is taken three units at a time.
      await recordSent('2026-12-07', 297);
      const other = new DailyQuota({ db: database().db, timeZone: SAO_PAULO, now: () => clock });
      expect((await quota.take(ACCOUNT, 300, clock)).admitted).to.equal(true);
      const before = await other.take(ACCOUNT, 300, clock);

      await quota.returnUnused();
      const after = await Promise.all([1, 2, 3].map(() => other.take(ACCOUNT, 300, clock)));

      expect(before.admitted).to.equal(false);
      expect(after.map((decision) => decision.admitted)).to.deep.equal([true, true, false]);
    });

    it('keeps accounts apart', async () => {
      await recordSent('2026-12-07', 50);

      const other = await quota.take({ channel: 'sms', accountId: 7 }, 50, clock);

      expect(other.admitted).to.equal(true);
    });
  });
});
