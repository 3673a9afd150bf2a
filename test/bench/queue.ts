import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { openBenchDatabase, out, prepareBenchData } from './lib/bench-database.js';
import { enqueueCustomers } from './lib/enqueue-customers.js';

/**
 * `npm run bench -- queue`: (a) a campaign to 1,000,000 customers enqueued set-based on
 * MariaDB, its time and the peak RSS of this process; (b) drain throughput with a no-op
 * channel for 1 and 2 worker processes; (c) the same no-op work on BullMQ against the local
 * Redis, with 1 and 2 worker processes.
 */
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const DRAIN_MESSAGES = Number(process.env.BENCH_DRAIN_MESSAGES ?? 100_000);
const HERE = dirname(fileURLToPath(import.meta.url));
const TSX = ['--import', import.meta.resolve('tsx')];

async function benchEnqueue(): Promise<{ seconds: number; peakRssMb: number; added: number }> {
  const [child] = await startChildren(
    'enqueue-campaign.ts',
    1,
    { BENCH_CUSTOMERS: String(CUSTOMERS) },
    false,
  );
  const [result] = (await once(child as ChildProcess, 'message')) as [
    { seconds: number; peakRssMb: number; added: number },
  ];
  return result;
}

/** Forks worker processes; with `ready`, waits for each to say it is connected. */
async function startChildren(
  script: string,
  count: number,
  env: Record<string, string> = {},
  ready = true,
) {
  const children: ChildProcess[] = [];
  for (let index = 0; index < count; index += 1) {
    const child = fork(join(HERE, 'lib', script), [], {
      execArgv: TSX,
      env: { ...process.env, ...env },
    });
    children.push(child);
    if (ready) await once(child, 'message');
  }
  return children;
}

async function benchDrain(db: Knex, workers: number): Promise<number> {
  await db('recado_deliveries').truncate();
  await enqueueCustomers(db, DRAIN_MESSAGES, `bench:drain:${workers}:`);
  const children = await startChildren('drain-worker.ts', workers);
  const done = children.map((child) => once(child, 'message') as Promise<[{ processed: number }]>);
  const started = performance.now();
  for (const child of children) child.send({ go: true });
  const results = await Promise.all(done);
  const seconds = (performance.now() - started) / 1000;
  const processed = results.reduce((sum, [message]) => sum + message.processed, 0);
  if (processed !== DRAIN_MESSAGES) throw new Error(`drained ${processed} of ${DRAIN_MESSAGES}`);
  return Math.round(processed / seconds);
}

async function benchBullmq(workers: number): Promise<number> {
  const name = `recado-bench-${workers}`;
  const queue = new Queue(name, { connection: { host: '127.0.0.1', port: 6379 } });
  await queue.obliterate({ force: true });
  for (let start = 0; start < DRAIN_MESSAGES; start += 1000) {
    const jobs = Array.from({ length: Math.min(1000, DRAIN_MESSAGES - start) }, (_, index) => ({
      name: 'sms',
      data: { customerId: start + index + 1, recipient: `55119${start + index}` },
      opts: { removeOnComplete: true },
    }));
    await queue.addBulk(jobs);
  }
  const children = await startChildren('bullmq-worker.ts', workers, { BENCH_QUEUE: name });
  const started = performance.now();
  for (const child of children) child.send({ go: true });
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((count) => count === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  const done = children.map((child) => once(child, 'message'));
  for (const child of children) child.send({ stop: true });
  await Promise.all(done);
  await queue.obliterate({ force: true });
  await queue.close();
  return Math.round(DRAIN_MESSAGES / seconds);
}

export async function run(): Promise<void> {
  const db = await openBenchDatabase();
  try {
    const data = await prepareBenchData(db, { customers: CUSTOMERS, invoicesPerCustomer: 6 });
    out(`data set: ${data.customers} customers, ${data.invoices} invoices`);

    const enqueue = await benchEnqueue();
    out(
      `(a) enqueue ${enqueue.added} deliveries: ${enqueue.seconds} s, peak RSS ${enqueue.peakRssMb} MB`,
    );

    const drain = { w1: await benchDrain(db, 1), w2: await benchDrain(db, 2) };
    out(
      `(b) Recado drain, ${DRAIN_MESSAGES} messages: 1 worker ${drain.w1}/s, 2 workers ${drain.w2}/s`,
    );
    await db('recado_deliveries').truncate();

    const bullmq = { w1: await benchBullmq(1), w2: await benchBullmq(2) };
    out(`(c) BullMQ, ${DRAIN_MESSAGES} jobs: 1 worker ${bullmq.w1}/s, 2 workers ${bullmq.w2}/s`);

    const ratio = Number(
      (Math.max(drain.w1, drain.w2) / Math.max(bullmq.w1, bullmq.w2)).toFixed(2),
    );
    out(
      JSON.stringify({
        bench: 'queue',
        enqueue_1m_s: enqueue.seconds,
        enqueue_peak_rss_mb: enqueue.peakRssMb,
        drain_per_s: drain,
        bullmq_per_s: bullmq,
        ratio_vs_bullmq: ratio,
      }),
    );
  } finally {
    await db.destroy();
  }
}
