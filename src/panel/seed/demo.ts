import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { seedOperators } from './operators.js';

/** Seeds the demo provider into an empty panel database. */
export async function seedDemo(db: Knex, options: { now: Date; logger: Logger }): Promise<void> {
  if (!(await seedOperators(db))) return;
  options.logger.info({ event: 'panel.seed.demo' }, 'demo operators seeded');
}
