import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Dataset } from './dataset.js';
import { loadDataset } from './load.js';
import { seedOperators } from './operators.js';

/** Customers of the demo provider. */
export const DEMO_CUSTOMERS = 240;

/** What the demo provider is seeded for. */
export interface SeedDemoOptions {
  /** The instant the demo is relative to: due dates, overdue days and birthdays follow it. */
  readonly now: Date;
  readonly logger: Logger;
  /** The provider's time zone, which decides what "today" is. Default America/Sao_Paulo. */
  readonly timeZone?: string;
}

/**
 * Seeds the demo provider into an empty panel database: the operator accounts, then 240
 * customers with six monthly invoices each. A panel that already has operators is left as
 * it is; so are customers found there (for example a large data set loaded before).
 */
export async function seedDemo(db: Knex, options: SeedDemoOptions): Promise<void> {
  if (!(await seedOperators(db))) return;
  const started = performance.now();
  const existing = await db('customers').count({ count: '*' }).first();
  if (Number(existing?.count ?? 0) > 0) {
    options.logger.info(
      { event: 'panel.seed.demo' },
      'demo operators seeded; customers already present',
    );
    return;
  }

  const dataset = new Dataset({ now: options.now, timeZone: options.timeZone });
  const written = await loadDataset(db, dataset, DEMO_CUSTOMERS, {
    customersPerTransaction: DEMO_CUSTOMERS,
  });
  options.logger.info(
    { event: 'panel.seed.demo', ...written, durationMs: Math.round(performance.now() - started) },
    'demo provider seeded',
  );
}
