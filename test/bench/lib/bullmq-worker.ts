import { Worker } from 'bullmq';

/** A BullMQ worker process doing the same no-op work; reports how many jobs it completed. */
const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
let processed = 0;
const worker = new Worker(
  process.env.BENCH_QUEUE ?? 'recado-bench',
  async () => {
    processed += 1;
  },
  { connection, concurrency: 64, autorun: false, removeOnComplete: { count: 0 } },
);
await worker.waitUntilReady();

process.send?.({ ready: true });
process.on('message', async (message: { stop?: boolean }) => {
  if (!message.stop) {
    void worker.run();
    return;
  }
  await worker.close();
  process.send?.({ processed });
  process.exit(0);
});
