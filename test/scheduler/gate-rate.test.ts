import { expect } from 'chai';
import { RateLimiter, type RateDecision } from '../../src/scheduler/gate/rate.js';

const START = new Date('2026-12-07T13:00:00.000Z');
const after = (ms: number) => new Date(START.getTime() + ms);
const waits = (decisions: RateDecision[]) =>
  decisions.map((decision) => (decision.admitted ? decision.waitMs : 'held'));

describe('RateLimiter', () => {
  describe('take', () => {
    it('lets a burst of one second through, then books waits up to the limit', () => {
      const rate = new RateLimiter({ maxWaitMs: 2_000 });

      const decisions = Array.from({ length: 7 }, () => rate.take('email:1', 2, START));

      expect(waits(decisions)).to.deep.equal([0, 0, 500, 1000, 1500, 2000, 'held']);
    });

    it('holds until the next token when the wait would be too long, booking nothing', () => {
      const rate = new RateLimiter({ maxWaitMs: 0 });
      rate.take('sms:3', 1, START);

      const first = rate.take('sms:3', 1, after(200));
      const second = rate.take('sms:3', 1, after(200));

      expect(first).to.deep.equal({ admitted: false, until: after(1_000) });
      expect(second).to.deep.equal(first);
      expect(rate.take('sms:3', 1, after(1_000))).to.deep.equal({ admitted: true, waitMs: 0 });
    });

    it('refills with time, up to one second of tokens', () => {
      const rate = new RateLimiter();
      for (let i = 0; i < 4; i += 1) rate.take('email:1', 4, START);

      const refilled = Array.from({ length: 6 }, () => rate.take('email:1', 4, after(60_000)));

      expect(waits(refilled)).to.deep.equal([0, 0, 0, 0, 250, 500]);
    });

    it('keeps one token for rates below one a second', () => {
      const rate = new RateLimiter({ maxWaitMs: 10_000 });

      const decisions = [rate.take('sms:1', 0.5, START), rate.take('sms:1', 0.5, START)];

      expect(waits(decisions)).to.deep.equal([0, 2000]);
    });

    it('keeps accounts apart', () => {
      const rate = new RateLimiter({ maxWaitMs: 0 });
      rate.take('email:1', 1, START);

      expect(rate.take('email:2', 1, START).admitted).to.equal(true);
      expect(rate.take('sms:1', 1, START).admitted).to.equal(true);
      expect(rate.take('email:1', 1, START).admitted).to.equal(false);
    });
  });
});
