import { enqueueCustomers } from './enqueue-customers.js';
import { openBenchDatabase } from './bench-database.js';

/**
 * A fresh process that enqueues a campaign to the first N customers and reports the time
 * and its own peak RSS, so the figure is the enqueue's and not the benchmark runner's.
 */
const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const db = await openBenchDatabase({ min: 1, max: 1 });
await db('recado_deliveries').truncate();
const started = performance.now();
const added = await enqueueCustomers(db, customers, 'bench:enqueue:');
const seconds = (performance.now() - started) / 1000;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.send?.({ added, seconds: Number(seconds.toFixed(2)), peakRssMb });
await db.destroy();
process.exit(0);
