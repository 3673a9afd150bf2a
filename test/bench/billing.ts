import type { Knex } from 'knex';
import pino from 'pino';
import { BillingEngine } from '../../src/apps/billing/engine.js';
import type { EvaluationResult } from '../../src/apps/billing/evaluate.js';
import { FilterEngine } from '../../src/core/filters/index.js';
import { loadManifest } from '../../src/core/manifest.js';
import { resolveMapping } from '../../src/core/mapping.js';
import { SettingsStore } from '../../src/core/settings.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { join } from 'node:path';
import { BENCH_NOW, openBenchDatabase, out, prepareBenchData } from './lib/bench-database.js';

/**
 * `npm run bench -- billing`: the daily evaluation of the default Cobrança rules over
 * 1,000,000 customers and 6,000,000 invoices on MariaDB, each time run twice at the same
 * instant: the first run enqueues, the second (a full pass too, not skipped by the
 * evaluation's memo) must add nothing, since every dedupe key is already there.
 *
 * Two days are measured. The JSON line is the data set's own day (BENCH_NOW, 3 December
 * 2026, 12:00 in São Paulo), when the steps meet the few invoices whose due date is off the
 * five due days. Before it, the heavy day of the month (`BENCH_BILLING_HEAVY_AT`, default
 * 2 December): "3 days before" meets the 5th, one of the five due days, so one customer in
 * five is reminded on both channels. Another benchmark shares the database: only rows with
 * `source = 'rule'` (ours) are deleted, before and after each day.
 */
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const HEAVY_AT = new Date(process.env.BENCH_BILLING_HEAVY_AT ?? '2026-12-02T15:00:00Z');
const TIME_ZONE = 'America/Sao_Paulo';

function engineOn(db: Knex, at: Date): BillingEngine {
  const mapping = resolveMapping(loadManifest(join(PLUGIN_ROOT, 'plugin.json')));
  const now = () => at;
  return new BillingEngine({
    db,
    mapping,
    filters: new FilterEngine({ db, mapping, timeZone: TIME_ZONE, now }),
    settings: new SettingsStore({ db }),
    timeZone: TIME_ZONE,
    now,
    logger: pino({ level: 'silent' }),
  });
}

async function clearOurRows(db: Knex): Promise<void> {
  // In slices, so that no single statement holds millions of row locks.
  for (;;) {
    const ids = (await db('recado_deliveries')
      .where({ source: 'rule' })
      .limit(50_000)
      .pluck('id')) as number[];
    if (ids.length === 0) return;
    await db('recado_deliveries').whereIn('id', ids).delete();
  }
}

async function timed(
  engine: BillingEngine,
  at: Date,
): Promise<{ result: EvaluationResult; seconds: number }> {
  const started = performance.now();
  const result = await engine.evaluate(at, { force: true });
  return { result, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
}

function describeRules(engine: BillingEngine, result: EvaluationResult): Promise<string[]> {
  return engine.rules.list().then((rules) =>
    result.rules.map((outcome) => {
      const rule = rules.find((each) => each.id === outcome.ruleId);
      return `  ${rule?.preset ?? outcome.ruleId} ${outcome.channel}: ${outcome.added}`;
    }),
  );
}

/** Both runs of one day, printed; our rows are deleted before and after. */
async function measureDay(db: Knex, at: Date, label: string) {
  await clearOurRows(db);
  const engine = engineOn(db, at);
  await engine.installDefaults();
  const first = await timed(engine, at);
  out(
    `${label} (${first.result.day}): first run ${first.result.enqueued} deliveries in ${first.seconds} s`,
  );
  for (const line of await describeRules(engine, first.result)) out(line);
  const second = await timed(engine, at);
  out(`${label}: second run ${second.result.enqueued} deliveries in ${second.seconds} s`);
  await clearOurRows(db);
  return { first, second };
}

export async function run(): Promise<void> {
  const db = await openBenchDatabase();
  try {
    const data = await prepareBenchData(db, { customers: CUSTOMERS, invoicesPerCustomer: 6 });
    out(`data set: ${data.customers} customers, ${data.invoices} invoices`);
    await measureDay(db, HEAVY_AT, 'heavy day');
    const { first, second } = await measureDay(db, BENCH_NOW, 'data set day');

    out(
      JSON.stringify({
        bench: 'billing',
        customers: data.customers,
        first_run_s: first.seconds,
        second_run_s: second.seconds,
        enqueued: first.result.enqueued,
        second_enqueued: second.result.enqueued,
      }),
    );
  } finally {
    await db.destroy();
  }
}
