import { expect } from 'chai';
import type { AccountRef } from '../../src/scheduler/gate/quota.js';
import { RateLimiter, type RateDecision } from '../../src/scheduler/gate/rate.js';
import { describeEachDatabase } from '../support/databases.js';
import { migratePlugin } from '../queue/helpers.js';

const START = new Date('2026-12-07T13:00:00.000Z');
const after = (ms: number) => new Date(START.getTime() + ms);
const waits = (decisions: RateDecision[]) =>
  decisions.map((decision) => (decision.admitted ? decision.waitMs : 'held'));
const EMAIL_1: AccountRef = { channel: 'email', accountId: 1 };
const SMS_3: AccountRef = { channel: 'sms', accountId: 3 };

describeEachDatabase('RateLimiter', (database) => {
  before(async () => migratePlugin(database().db));
  beforeEach(async () => database().db('recado_rate_slots').delete());

  const limiter = (maxWaitMs?: number) => new RateLimiter({ db: database().db, maxWaitMs });
  /** `count` takes one after the other, as the lanes of a worker reach the gate. */
  const takeMany = async (
    rate: RateLimiter,
    account: AccountRef,
    perSecond: number,
    at: Date,
    count: number,
  ) => {
    const decisions: RateDecision[] = [];
    for (let i = 0; i < count; i += 1) decisions.push(await rate.take(account, perSecond, at));
    return decisions;
  };

  describe('take', () => {
    it('lets a burst of one second through, then books waits up to the limit', async () => {
      const decisions = await takeMany(limiter(2_000), EMAIL_1, 2, START, 7);

      expect(waits(decisions)).to.deep.equal([0, 0, 500, 1000, 1500, 2000, 'held']);
    });

    it('holds until the next free instant when the wait would be too long, booking nothing', async () => {
      const rate = limiter(0);
      await rate.take(SMS_3, 1, START);

      const first = await rate.take(SMS_3, 1, after(200));
      const second = await rate.take(SMS_3, 1, after(200));

      expect(first).to.deep.equal({ admitted: false, until: after(1_000) });
      expect(second).to.deep.equal(first);
      expect(await rate.take(SMS_3, 1, after(1_000))).to.deep.equal({ admitted: true, waitMs: 0 });
    });

    it('frees the schedule with time, up to one second of sends at once', async () => {
      const rate = limiter();
      await takeMany(rate, EMAIL_1, 4, START, 4);

      const later = await takeMany(rate, EMAIL_1, 4, after(60_000), 6);

      expect(waits(later)).to.deep.equal([0, 0, 0, 0, 250, 500]);
    });

    it('lets one through at once for rates below one a second', async () => {
      const decisions = await takeMany(limiter(10_000), SMS_3, 0.5, START, 2);

      expect(waits(decisions)).to.deep.equal([0, 2000]);
    });

    it('keeps accounts apart', async () => {
      const rate = limiter(0);
      await rate.take(EMAIL_1, 1, START);

      expect((await rate.take({ channel: 'email', accountId: 2 }, 1, START)).admitted).to.equal(
        true,
      );
      expect((await rate.take({ channel: 'sms', accountId: 1 }, 1, START)).admitted).to.equal(true);
      expect((await rate.take(EMAIL_1, 1, START)).admitted).to.equal(false);
    });

    it('keeps two processes within one rate together', async () => {
      const first = limiter(2_000);
      const second = limiter(2_000);

      const decisions = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          (index % 2 === 0 ? first : second).take(SMS_3, 2, START),
        ),
      );

      // Two a second, the first two at once: 0, 0, 500, …, 2000, then held.
      const booked = decisions.flatMap((decision) => (decision.admitted ? [decision.waitMs] : []));
      expect(booked.sort((a, b) => a - b)).to.deep.equal([0, 0, 500, 1000, 1500, 2000]);
    });

    it('books a tenth of a second of sends at a time, and spaces them at the rate', async () => {
      const rate = limiter(2_000);

      const decisions = await Promise.all(
        Array.from({ length: 150 }, () => rate.take(EMAIL_1, 50, START)),
      );

      const booked = waits(decisions);
      // A burst of 50, then one every 20 ms up to the wait limit.
      expect(booked.slice(0, 50).every((wait) => wait === 0)).to.equal(true);
      expect(booked.slice(50, 53)).to.deep.equal([20, 40, 60]);
      expect(booked.at(-1)).to.equal(2000);
    });
  });
});
