import { expect } from 'chai';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import { newDeliveries } from '../queue/helpers.js';
import {
  countByStatus,
  readRows,
  sentRowsOffSink,
  useMariaDb,
  waitUntilDrained,
} from './queue-state.js';
import { SendSink } from './send-sink.js';
import { killWorkerChildren, reportOutput, WorkerChild } from './worker-child.js';

/**
 * Two worker processes drain one queue at once. Their claims race on the same rows; SKIP
 * LOCKED must hand each row to exactly one of them.
 */
const TOTAL = 3000;
const BATCH = 50;

describe('Worker', function () {
  this.timeout(30_000);

  describe('two worker processes on one queue', () => {
    const database = useMariaDb('Worker, two worker processes on one queue [mysql]');
    let sink: SendSink;
    let children: WorkerChild[] = [];

    beforeEach(async () => {
      sink = new SendSink();
      children = [];
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') reportOutput(children);
      await killWorkerChildren();
      await sink.close();
    });

    it('sends every message exactly once, each worker taking part of the queue', async () => {
      const { db, url } = database();
      const sinkUrl = await sink.listen();
      await enqueueDeliveries(db, newDeliveries(TOTAL), new Date());
      const start = (name: string) =>
        WorkerChild.start({ name, databaseUrl: url, sinkUrl, batchSize: BATCH, leaseMs: 30_000 });
      children = await Promise.all([start('w1'), start('w2')]);

      for (const child of children) child.go();
      await waitUntilDrained(db);
      await Promise.all(children.map((child) => child.stop()));

      const rows = await readRows(db);
      const senders = sink.sendersById();
      expect(await countByStatus(db)).to.deep.equal({ sent: TOTAL });
      expect(senders.size).to.equal(TOTAL);
      expect(sink.total).to.equal(TOTAL);
      // Each row reached the customer once, and its outcome came from the worker that sent it.
      expect(sentRowsOffSink(rows, senders)).to.deep.equal([]);
      expect(sink.byWorker().get('w1')).to.be.above(0);
      expect(sink.byWorker().get('w2')).to.be.above(0);
    });
  });
});
