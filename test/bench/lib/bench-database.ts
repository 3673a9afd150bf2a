import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { PLUGIN_ROOT } from '../../../src/index.js';
import {
  dialectOf,
  openDatabase,
  parseDatabaseUrl,
  type DatabaseTarget,
} from '../../../src/lib/database.js';
import { migrateLatest } from '../../../src/lib/migrations.js';
import { seedLarge } from '../../../src/panel/seed/large.js';
import { PANEL_MIGRATIONS } from '../../../src/panel/server.js';

/** The database benchmarks use unless `DATABASE_URL` names another. */
export const DEFAULT_BENCH_URL = 'mysql://root@127.0.0.1:3306/recado_bench';

/** Data are generated and read at this instant, so a reused data set still fits. */
export const BENCH_NOW = new Date('2026-12-03T15:00:00Z');

/**
 * Opens the benchmark database (`DATABASE_URL`, else `defaultUrl`), creating it on MySQL
 * when it does not exist.
 */
export async function openBenchDatabase(
  pool: Knex.PoolConfig = { min: 0, max: 4 },
  defaultUrl = DEFAULT_BENCH_URL,
): Promise<Knex> {
  const target = parseDatabaseUrl(process.env.DATABASE_URL ?? defaultUrl);
  await ensureDatabase(target);
  return openDatabase(target, { pool });
}

async function ensureDatabase(target: DatabaseTarget): Promise<void> {
  if (target.dialect !== 'mysql') return;
  const { url } = target;
  const server = knex({
    client: 'mysql2',
    connection: {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    },
    pool: { min: 0, max: 1 },
  });
  const name = decodeURIComponent(url.pathname.slice(1));
  await server.raw(
    'create database if not exists ?? character set utf8mb4 collate utf8mb4_unicode_ci',
    [name],
  );
  await server.destroy();
}

/** Runs both sets of migrations and seeds (or reuses) the large data set. */
export async function prepareBenchData(
  db: Knex,
  size: { customers: number; invoicesPerCustomer: number },
): Promise<{ customers: number; invoices: number }> {
  await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
  await migrateLatest(db, {
    directory: join(PLUGIN_ROOT, 'migrations'),
    tableName: 'recado_migrations',
  });
  const seeded = await seedLarge(db, {
    ...size,
    now: BENCH_NOW,
    reuse: true,
    onProgress: (done) => process.stderr.write(`\rseeding: ${done} customers`),
  });
  if (!seeded.reused)
    process.stderr.write(`\nseeded in ${Math.round(seeded.durationMs / 1000)} s\n`);
  if (dialectOf(db) === 'mysql') await db.raw('analyze table customers, invoices');
  return { customers: seeded.customers, invoices: seeded.invoices };
}

export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}
