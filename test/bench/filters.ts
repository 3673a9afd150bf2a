import { join } from 'node:path';
import type { Knex } from 'knex';
import { countQuery, FilterEngine, pageQuery, PRESETS } from '../../src/core/filters/index.js';
import { loadManifest } from '../../src/core/manifest.js';
import { resolveMapping } from '../../src/core/mapping.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { dialectOf } from '../../src/lib/database.js';
import { BENCH_NOW, openBenchDatabase, out, prepareBenchData } from './lib/bench-database.js';

/**
 * `npm run bench -- filters`: the filter engine against 1,000,000 customers and about
 * 6,000,000 invoices. Seeds them on the first run (reused afterwards), then times the
 * count and the first page of each filter below, median of 5 runs, with EXPLAIN.
 */
const CUSTOMERS = 1_000_000;
const INVOICES_PER_CUSTOMER = 6;
const RUNS = 5;
/** Data and filters are read at the same fixed instant, so a reused data set still fits. */
const NOW = BENCH_NOW;

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

/**
 * The handler reads of one run of the query (MySQL only): index dives, index steps and table
 * rows read. Unlike times, they do not move with the load of the machine. `flush status`
 * needs the RELOAD privilege; without it the line is left out.
 */
async function handlerReads(db: Knex, query: Knex.QueryBuilder): Promise<string | undefined> {
  if (dialectOf(db) !== 'mysql') return undefined;
  const { sql, bindings } = query.toSQL().toNative();
  const reads = db.transaction(async (trx) => {
    await trx.raw('flush status');
    await trx.raw(sql, bindings);
    const [rows] = (await trx.raw("show session status like 'Handler_read%'")) as [
      { Variable_name: string; Value: string }[],
    ];
    return rows
      .filter((row) => Number(row.Value) > 0)
      .map((row) => `${row.Variable_name.replace('Handler_read_', '')}=${row.Value}`)
      .join(' ');
  });
  return reads.catch(() => undefined);
}

export async function run(): Promise<void> {
  const db = await openBenchDatabase({ min: 0, max: 2 });
  try {
    const totals = await prepareBenchData(db, {
      customers: CUSTOMERS,
      invoicesPerCustomer: INVOICES_PER_CUSTOMER,
    });
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
      const count = countQuery(db, mapping, filter, options);
      for (const line of await explain(db, count)) out(`  count  ${line}`);
      const reads = await handlerReads(db, count);
      if (reads) out(`  count  handler reads: ${reads}`);
      const page = pageQuery(db, mapping, filter, { ...options, limit: 50 });
      for (const line of await explain(db, page)) out(`  page   ${line}`);
    }
    out(JSON.stringify({ bench: 'filters', ...totals, count_ms: countMs, page_ms: pageMs }));
  } finally {
    await db.destroy();
  }
}
