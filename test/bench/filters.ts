import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { countQuery, FilterEngine, pageQuery, PRESETS } from '../../src/core/filters/index.js';
import { loadManifest } from '../../src/core/manifest.js';
import { resolveMapping } from '../../src/core/mapping.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import {
  dialectOf,
  openDatabase,
  parseDatabaseUrl,
  type DatabaseTarget,
} from '../../src/lib/database.js';
import { migrateLatest } from '../../src/lib/migrations.js';
import { seedLarge } from '../../src/panel/seed/large.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';

/**
 * `npm run bench -- filters`: the filter engine against 1,000,000 customers and about
 * 6,000,000 invoices. Seeds them on the first run (reused afterwards), then times the
 * count and the first page of each filter below, median of 5 runs, with EXPLAIN.
 */
const DEFAULT_URL = 'mysql://root@127.0.0.1:3306/recado_bench';
const CUSTOMERS = 1_000_000;
const INVOICES_PER_CUSTOMER = 6;
const RUNS = 5;
/** Data and filters are read at the same fixed instant, so a reused data set still fits. */
const NOW = new Date('2026-12-03T15:00:00Z');

const cond = (field: string, op: string, value?: unknown) =>
  value === undefined ? { field, op } : { field, op, value };

export const BENCH_FILTERS: Readonly<Record<string, unknown>> = {
  overdue_1_30_two_cities: {
    all: [cond('city', 'in', ['Campinas', 'Sorocaba']), cond('days_overdue', 'between', [1, 30])],
  },
  birthday_today: cond('birthday', 'today'),
  up_to_date_one_plan: { all: [PRESETS.up_to_date.tree, cond('plan', 'eq', '1 Giga')] },
  nested_three_levels: {
    all: [
      cond('status', 'in', ['active', 'blocked']),
      cond('city', 'in', ['Campinas', 'Sorocaba']),
      {
        any: [
          {
            all: [
              cond('days_overdue', 'between', [1, 30]),
              { not: cond('opted_out', 'eq', 'sms') },
            ],
          },
          { all: [cond('birthday', 'this_month'), cond('has_mobile', 'is', true)] },
        ],
      },
    ],
  },
};

function out(line: string): void {
  process.stdout.write(`${line}\n`);
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

async function prepare(db: Knex): Promise<{ customers: number; invoices: number }> {
  await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
  await migrateLatest(db, {
    directory: join(PLUGIN_ROOT, 'migrations'),
    tableName: 'recado_migrations',
  });
  const seeded = await seedLarge(db, {
    customers: CUSTOMERS,
    invoicesPerCustomer: INVOICES_PER_CUSTOMER,
    now: NOW,
    reuse: true,
    onProgress: (done) => process.stderr.write(`\rseeding: ${done} customers`),
  });
  if (!seeded.reused)
    process.stderr.write(`\nseeded in ${Math.round(seeded.durationMs / 1000)} s\n`);
  if (dialectOf(db) === 'mysql') await db.raw('analyze table customers, invoices');
  return { customers: seeded.customers, invoices: seeded.invoices };
}

async function median(task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)] ?? 0);
}

/** One line per table of the plan: access type, key, estimated rows. */
async function explain(db: Knex, query: Knex.QueryBuilder): Promise<string[]> {
  const { sql, bindings } = query.toSQL().toNative();
  if (dialectOf(db) === 'sqlite') {
    const rows = (await db.raw(`explain query plan ${sql}`, bindings)) as { detail: string }[];
    return rows.map((row) => row.detail);
  }
  const [rows] = (await db.raw(`explain ${sql}`, bindings)) as [Record<string, unknown>[]];
  return rows.map((row) =>
    [
      `${String(row.select_type)} ${String(row.table)}`,
      `type=${String(row.type)}`,
      `key=${String(row.key ?? '-')}`,
      `rows=${String(row.rows)}`,
      row.Extra ? `(${String(row.Extra)})` : '',
    ].join(' '),
  );
}

export async function run(): Promise<void> {
  const target = parseDatabaseUrl(process.env.DATABASE_URL ?? DEFAULT_URL);
  await ensureDatabase(target);
  const db = openDatabase(target, { pool: { min: 0, max: 2 } });
  try {
    const totals = await prepare(db);
    const mapping = resolveMapping(loadManifest(join(PLUGIN_ROOT, 'plugin.json')));
    const engine = new FilterEngine({ db, mapping, now: () => NOW });
    const countMs: Record<string, number> = {};
    const pageMs: Record<string, number> = {};

    for (const [name, filter] of Object.entries(BENCH_FILTERS)) {
      const matched = await engine.count(filter);
      countMs[name] = await median(() => engine.count(filter));
      pageMs[name] = await median(() => engine.page(filter, { limit: 50 }));
      out(`\n${name}: ${matched} customers; count ${countMs[name]} ms, page ${pageMs[name]} ms`);
      const options = { now: NOW, hints: await engine.prepare() };
      for (const line of await explain(db, countQuery(db, mapping, filter, options))) {
        out(`  count  ${line}`);
      }
      const page = pageQuery(db, mapping, filter, { ...options, limit: 50 });
      for (const line of await explain(db, page)) out(`  page   ${line}`);
    }
    out(JSON.stringify({ bench: 'filters', ...totals, count_ms: countMs, page_ms: pageMs }));
  } finally {
    await db.destroy();
  }
}
