import { expect } from 'chai';
import pino from 'pino';
import type { OutgoingMessage, SendResult } from '../../src/channels/channel.js';
import { RecordingChannel } from '../../src/channels/recording-channel.js';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import { Worker } from '../../src/scheduler/worker.js';
import { newDeliveries, PlainComposer } from '../queue/helpers.js';
import { countByStatus, readRows, useMariaDb } from './queue-state.js';

/**
 * A channel that fails 30 % of its sends with a transient error, drained on a clock the test
 * moves: every backoff is shorter than the retry cap, so moving the clock past the cap makes
 * every retry due and the drain needs no more rounds than a message has attempts.
 */
const TOTAL = 2000;
const MAX_ATTEMPTS = 5;
const FAILURE_SHARE = 0.3;
const RETRY = { baseMs: 30_000, capMs: 3_600_000 };
const START = new Date('2026-12-03T15:00:00.000Z');

describe('Worker', function () {
  this.timeout(30_000);

  describe('a channel failing 30 % of sends transiently', () => {
    const database = useMariaDb('Worker, a channel failing 30 % of sends transiently [mysql]');

    it('ends with every message sent once or failed with its last reason', async () => {
      const { db } = database();
      let now = START;
      const answers = new FlakyAnswers(FAILURE_SHARE);
      const channel = new RecordingChannel({
        name: 'sms',
        answer: (message) => answers.next(message),
      });
      const worker = new Worker({
        db,
        logger: pino({ level: 'silent' }),
        channels: new Map([['sms', channel]]),
        composer: new PlainComposer(),
        timeZone: 'America/Sao_Paulo',
        now: () => now,
        random: seeded(7),
        settings: { workerId: 'w1', batchSize: 50, retry: RETRY },
      });
      await enqueueDeliveries(db, newDeliveries(TOTAL, { maxAttempts: MAX_ATTEMPTS }), START);

      // Bounded by rounds and by the wall clock; each round moves the clock past the cap.
      const deadline = Date.now() + 20_000;
      for (let round = 0; round <= MAX_ATTEMPTS && Date.now() < deadline; round += 1) {
        if ((await worker.drain()) === 0) break;
        now = new Date(now.getTime() + RETRY.capMs);
      }

      const rows = await readRows(db);
      const sent = rows.filter((row) => row.status === 'sent');
      const failed = rows.filter((row) => row.status === 'failed');
      expect(rows).to.have.length(TOTAL);
      expect(sent.length + failed.length).to.equal(TOTAL);
      expect(Object.keys(await countByStatus(db)).sort()).to.deep.equal(['failed', 'sent']);
      // A failed row used every attempt and keeps the last reason the channel gave.
      const badFailed = failed.filter(
        (row) => row.attempts !== MAX_ATTEMPTS || row.errorCode !== 'HTTP_503' || !row.errorReason,
      );
      expect(badFailed).to.deep.equal([]);
      // A sent row was accepted exactly once, on its last attempt, and carries no error.
      const accepted = channel.sent.map((message) => message.deliveryId);
      expect(new Set(accepted).size).to.equal(accepted.length);
      expect(accepted).to.have.members(sent.map((row) => row.id));
      const badSent = sent.filter(
        (row) => row.errorCode !== null || row.providerId !== `rec-${row.id}`,
      );
      expect(badSent).to.deep.equal([]);
      // Every call the channel received is counted on its row: no attempt lost or doubled.
      expect(rows.filter((row) => row.attempts !== answers.callsOf(row.id))).to.deep.equal([]);
      // The draws are fixed per recipient and attempt, so this mix is always the same.
      expect(answers.failureShare()).to.be.within(0.25, 0.35);
      expect(failed.length).to.be.above(0);
    });
  });
});

/**
 * Answers for a flaky gateway: whether the n-th attempt of a message fails is drawn from its
 * recipient and n, so the outcome does not depend on the order concurrent sends arrive in.
 */
class FlakyAnswers {
  readonly #share: number;
  readonly #calls = new Map<number, number>();
  #failures = 0;
  #total = 0;

  constructor(share: number) {
    this.#share = share;
  }

  next(message: OutgoingMessage): SendResult {
    const attempt = this.callsOf(message.deliveryId);
    this.#calls.set(message.deliveryId, attempt + 1);
    this.#total += 1;
    if (seeded(hash(`${message.to}:${attempt}`))() >= this.#share) {
      return { status: 'accepted', providerId: `rec-${message.deliveryId}` };
    }
    this.#failures += 1;
    return { status: 'failed', kind: 'transient', code: 'HTTP_503', reason: 'gateway busy' };
  }

  callsOf(deliveryId: number): number {
    return this.#calls.get(deliveryId) ?? 0;
  }

  failureShare(): number {
    return this.#failures / this.#total;
  }
}

/** FNV-1a of a string, as a 32-bit seed. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value = Math.imul(value ^ text.charCodeAt(index), 0x01000193);
  }
  return value >>> 0;
}

/** mulberry32: a small seeded generator of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
