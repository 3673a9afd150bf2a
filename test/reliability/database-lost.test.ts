/*
 * Why a proxy stands in for a MariaDB restart: the server here is shared by everyone's tests
 * and may not be stopped. What a worker sees of a restart is its side of it: every pooled
 * connection dropped at once (a query in flight fails, a transaction is rolled back by the
 * server), new connections refused for a while, then the server back with nothing of the
 * old sessions. The proxy reproduces exactly that between one worker process and MariaDB:
 * it resets every proxied connection, resets each new one on accept for a couple of
 * seconds, then forwards again. What it does not reproduce is the server losing work it had
 * acknowledged; InnoDB's durability is not what this test is about.
 */
import { expect } from 'chai';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import { newDeliveries } from '../queue/helpers.js';
import {
  countByStatus,
  drainWithReclaim,
  idsIn,
  readRows,
  sentRowsOffSink,
  useMariaDb,
} from './queue-state.js';
import { SendSink } from './send-sink.js';
import { TcpProxy } from './tcp-proxy.js';
import { killWorkerChildren, reportOutput, WorkerChild } from './worker-child.js';

const TOTAL = 2000;
const BATCH = 50;
/**
 * Long enough that the outcomes the outage kept from being written are written when the
 * database is back (the next drain, a second later) before their lease runs out, even on a
 * loaded machine; short enough that a lease which did run out would settle within the run.
 */
const LEASE_MS = 10_000;
/**
 * The send during which the database goes away: the last of the eighth batch, so that
 * batch's outcome write is the next thing the worker does, and it meets the outage.
 */
const CUT_AT = 400;
const OUTAGE_MS = 2000;

describe('Worker', function () {
  this.timeout(30_000);

  describe('database connection lost mid-drain', () => {
    const database = useMariaDb('Worker, database connection lost mid-drain [mysql]');
    let sink: SendSink;
    let proxy: TcpProxy | undefined;
    let children: WorkerChild[] = [];

    beforeEach(() => {
      sink = new SendSink();
      children = [];
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') reportOutput(children);
      await killWorkerChildren();
      await proxy?.close();
      await sink.close();
    });

    it('reconnects, writes the outcomes the outage held up, and finishes: every row sent once', async () => {
      const { db, url } = database();
      const direct = new URL(url);
      proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port || 3306) });
      const proxied = new URL(url);
      proxied.port = String(await proxy.listen());
      const sinkUrl = await sink.listen();
      await enqueueDeliveries(db, newDeliveries(TOTAL), new Date());
      const worker = await WorkerChild.start({
        name: 'w1',
        databaseUrl: proxied.toString(),
        sinkUrl,
        batchSize: BATCH,
        leaseMs: LEASE_MS,
      });
      children.push(worker);
      const cut = proxy;
      let cutIn: number | undefined;
      sink.onSend = (send, total) => {
        if (total !== CUT_AT) return 'answer';
        cutIn = send.deliveryId;
        cut.interrupt(OUTAGE_MS);
        return 'answer';
      };

      worker.go();
      // The batch whose outcome write was lost stays `sending` with nobody to finish it;
      // reclaiming expired leases meanwhile, as the scheduler's reclaim job would, settles it.
      const reclaimed = await drainWithReclaim(db, []);
      await worker.stop();

      const rows = await readRows(db);
      const senders = sink.sendersById();
      const unknown = idsIn(rows, 'unknown');
      // The outage really happened to this worker, and it came back through the proxy.
      expect(cut.counts.refused).to.be.above(0);
      expect(cut.counts.acceptedAfterOutage).to.be.above(0);
      // The outcome write the outage broke is made again once the database is back, while
      // the worker still holds those leases: nothing ends unknown, nothing is lost.
      expect(unknown).to.deep.equal([]);
      expect(reclaimed).to.deep.equal({ requeued: 0, unknown: 0 });
      expect(rows).to.have.length(TOTAL);
      expect(await countByStatus(db)).to.deep.equal({ sent: TOTAL });
      // Nobody got a message twice; every sent row reached the customer exactly once.
      expect([...senders].filter(([, list]) => list.length > 1)).to.deep.equal([]);
      expect(sentRowsOffSink(rows, senders)).to.deep.equal([]);
      expect(senders.get(cutIn ?? -1)).to.deep.equal(['w1']);
    });
  });
});
