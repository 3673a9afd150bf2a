import { expect } from 'chai';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import { newDeliveries } from '../queue/helpers.js';
import {
  countByStatus,
  idsIn,
  readRows,
  reclaimAfterLeases,
  sentRowsOffSink,
  unknownCodes,
  useMariaDb,
  waitUntilDrained,
} from './queue-state.js';
import { SendSink } from './send-sink.js';
import { within } from './waiting.js';
import { killWorkerChildren, reportOutput, WorkerChild } from './worker-child.js';

/**
 * A worker process is SIGKILLed in the middle of a batch, so it can neither record what it
 * sent nor give its rows back; a second process takes over once the leases expire. What
 * reached the customer is what the sink recorded, written before the channel answered.
 */
const TOTAL = 2000;
const BATCH = 50;
/** A draining worker holds the batch it sends and the next one, already claimed. */
const HELD_AT_MOST = 2 * BATCH;
const LEASE_MS = 2000;
/**
 * The send on which the first worker dies: a few hundred in, halfway through the seventh
 * batch, so the batch it holds has messages that reached the customer and messages that did
 * not, and the queue cannot tell which.
 */
const KILL_AT = 325;

describe('Worker', function () {
  this.timeout(30_000);

  describe('killed with SIGKILL mid-drain', () => {
    const database = useMariaDb('Worker, killed with SIGKILL mid-drain [mysql]');
    let sink: SendSink;
    let sinkUrl: string;
    let children: WorkerChild[] = [];

    beforeEach(async () => {
      sink = new SendSink();
      sinkUrl = await sink.listen();
      children = [];
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') reportOutput(children);
      await killWorkerChildren();
      await sink.close();
    });

    async function startWorker(name: string, idempotent: boolean): Promise<WorkerChild> {
      const child = await WorkerChild.start({
        name,
        databaseUrl: database().url,
        sinkUrl,
        batchSize: BATCH,
        leaseMs: LEASE_MS,
        idempotent,
      });
      children.push(child);
      return child;
    }

    /**
     * Drains with a first worker until the KILL_AT-th send reaches the sink, kills it right
     * there (that send is never answered), waits out its leases, and lets a second worker
     * drain the rest. Returns the rows the first worker held when it died and the delivery
     * whose send it died in.
     */
    async function killMidDrainAndTakeOver(idempotent: boolean) {
      const { db } = database();
      await enqueueDeliveries(db, newDeliveries(TOTAL), new Date());
      const first = await startWorker('w1', idempotent);
      let killedIn: number | undefined;
      sink.onSend = (send, total) => {
        if (total !== KILL_AT) return 'answer';
        killedIn = send.deliveryId;
        first.kill();
        return 'hang';
      };

      first.go();
      const exit = await within(20_000, 'w1 to be killed', first.exited);
      const held = (await readRows(db)).filter((row) => row.status === 'sending');

      // The second process starts while the leases run out; it is told to go only after.
      const [reclaimed, second] = await Promise.all([
        reclaimAfterLeases(db, idempotent ? ['sms'] : []),
        startWorker('w2', idempotent),
      ]);
      second.go();
      await waitUntilDrained(db);
      await second.stop();

      return { exit, held, killedIn, reclaimed, rows: await readRows(db) };
    }

    it('marks unknown exactly the rows it held and sends every other message once', async () => {
      const { exit, held, killedIn, reclaimed, rows } = await killMidDrainAndTakeOver(false);
      const senders = sink.sendersById();
      const heldIds = held.map((row) => row.id);

      expect(exit.signal).to.equal('SIGKILL');
      expect(held.length).to.be.within(1, HELD_AT_MOST);
      expect(held.every((row) => row.lockedBy === 'w1')).to.equal(true);
      expect(heldIds).to.include(killedIn);
      expect(reclaimed).to.deep.equal({ requeued: 0, unknown: held.length });

      // Nothing lost or left in flight: every row is sent, or unknown because it was held.
      expect(rows).to.have.length(TOTAL);
      expect(await countByStatus(database().db)).to.deep.equal({
        sent: TOTAL - held.length,
        unknown: held.length,
      });
      expect(idsIn(rows, 'unknown')).to.have.members(heldIds);
      expect(unknownCodes(rows)).to.deep.equal(['RECADO_QUEUE_LEASE_EXPIRED']);

      // Nobody got a message twice; every sent row reached the customer once, through the
      // worker its provider id names.
      expect([...senders].filter(([, list]) => list.length > 1)).to.deep.equal([]);
      expect(sentRowsOffSink(rows, senders)).to.deep.equal([]);
      // Why `unknown` exists: the send the worker died in reached the customer.
      expect(senders.get(killedIn ?? -1)).to.deep.equal(['w1']);
      expect(sink.byWorker().get('w2')).to.be.above(0);
    });

    it('requeues the rows it held on an idempotent channel, so every message is sent', async () => {
      const { held, killedIn, reclaimed, rows } = await killMidDrainAndTakeOver(true);
      const senders = sink.sendersById();
      const heldIds = new Set(held.map((row) => row.id));
      const repeated = [...senders].filter(([, list]) => list.length > 1);

      expect(held.length).to.be.within(1, HELD_AT_MOST);
      expect(reclaimed).to.deep.equal({ requeued: held.length, unknown: 0 });
      expect(rows).to.have.length(TOTAL);
      expect(await countByStatus(database().db)).to.deep.equal({ sent: TOTAL });

      // At least once for every row; a second time only for a row the dead worker held, and
      // the provider deduplicates on the delivery id, which is what idempotent promises.
      expect(rows.filter((row) => !senders.has(row.id)).map((row) => row.id)).to.deep.equal([]);
      expect(repeated.filter(([id, list]) => !heldIds.has(id) || list.length > 2)).to.deep.equal(
        [],
      );
      expect(senders.get(killedIn ?? -1)).to.deep.equal(['w1', 'w2']);
      const unheld = rows.filter((row) => !heldIds.has(row.id));
      expect(sentRowsOffSink(unheld, senders)).to.deep.equal([]);
    });
  });
});
