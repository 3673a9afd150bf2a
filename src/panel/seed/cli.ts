import { DatabaseUrlError, openDatabase, parseDatabaseUrl } from '../../lib/database.js';
import { migrateLatest } from '../../lib/migrations.js';
import { PANEL_MIGRATIONS } from '../paths.js';
import { parseSeedArgs, USAGE } from './args.js';
import { SeedError, seedLarge, type SeedLargeResult } from './large.js';

/** Progress goes to stderr each time this many more customers are written. */
const PROGRESS_EVERY = 100_000;

/**
 * `npm run seed -- --customers 1000000 [--invoices-per-customer 6] [--reset]`: loads a large
 * data set into `DATABASE_URL` for benchmarks. The arguments are checked before the database
 * is opened, so a typo changes nothing.
 */
async function main(argv: readonly string[]): Promise<number> {
  const args = parseSeedArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const target = parseDatabaseUrl(process.env.DATABASE_URL);

  const db = openDatabase(target);
  try {
    await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
    const started = performance.now();
    let reported = 0;
    const result = await seedLarge(db, {
      customers: args.customers,
      invoicesPerCustomer: args.invoicesPerCustomer,
      now: new Date(),
      reset: args.reset,
      onProgress(customers) {
        if (customers - reported < PROGRESS_EVERY && customers < args.customers) return;
        reported = customers;
        const seconds = (performance.now() - started) / 1000;
        process.stderr.write(
          `seed: ${customers} of ${args.customers} customers, ${seconds.toFixed(1)} s\n`,
        );
      },
    });
    process.stdout.write(`${summary(result, target.dialect)}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

function summary(result: SeedLargeResult, dialect: string): string {
  const seconds = result.durationMs / 1000;
  const rows = result.customers + result.invoices;
  const counts = `${result.customers} customers and ${result.invoices} invoices`;
  if (result.reused)
    return `seed: ${dialect} already holds ${counts}; nothing written (--reset rebuilds them)`;
  const rate = Math.round(rows / Math.max(seconds, 0.001));
  return `seed: wrote ${counts} (${rows} rows) to ${dialect} in ${seconds.toFixed(1)} s, ${rate} rows/s`;
}

/** One line for the operator: the usage for a wrong argument, the reason otherwise. */
function explain(error: unknown): string {
  if (error instanceof SeedError) return `seed: ${error.message} (${USAGE})`;
  if (error instanceof DatabaseUrlError) return `seed: DATABASE_URL: ${error.message}`;
  return `seed: failed: ${error instanceof Error ? error.message : String(error)}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${explain(error)}\n`);
    if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(error as Error)?.stack}\n`);
    process.exit(1);
  },
);
