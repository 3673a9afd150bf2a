import type { Knex } from 'knex';
import { migrateLatest } from '../../src/lib/migrations.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';
import type { AudienceSource } from '../../src/campaigns/types.js';
import { migratePlugin } from './helpers.js';

/** Host and plugin tables, and `count` customers: even ids in Campinas, odd in Sorocaba. */
export async function prepareCustomers(db: Knex, count: number): Promise<void> {
  await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
  await migratePlugin(db);
  const rows = Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    name: `Cliente ${index + 1}`,
    email: `cliente${index + 1}@example.com`,
    mobile: `55119${String(index + 1).padStart(8, '0')}`,
    status: 'active',
    plan: '300 Mega',
    city: (index + 1) % 2 === 0 ? 'Campinas' : 'Sorocaba',
    state: 'SP',
    neighbourhood: 'Centro',
    due_day: 10,
    created_at: '2025-01-01 00:00:00',
  }));
  for (let start = 0; start < rows.length; start += 200) {
    await db('customers').insert(rows.slice(start, start + 200));
  }
}

/** An audience source whose filter is `{ city }`, enough to test the lifecycle. */
export function cityAudience(db: Knex): AudienceSource {
  return {
    async idRange() {
      const row = (await db('customers').min({ min: 'id' }).max({ max: 'id' }).first()) as
        { min: number | null; max: number | null } | undefined;
      return row?.min == null || row.max == null ? undefined : { min: row.min, max: row.max };
    },
    select(filter, channel, range) {
      const { city } = filter as { city: string };
      return db('customers')
        .select({ customer_id: 'id', recipient: channel === 'email' ? 'email' : 'mobile' })
        .where('city', city)
        .whereBetween('id', [range.from, range.to]);
    },
  };
}
