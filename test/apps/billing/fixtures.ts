import { join } from 'node:path';
import type { Knex } from 'knex';
import pino from 'pino';
import { BillingEngine } from '../../../src/apps/billing/engine.js';
import type { BillingDeps } from '../../../src/apps/billing/rule-plan.js';
import { FilterEngine } from '../../../src/core/filters/index.js';
import { loadManifest } from '../../../src/core/manifest.js';
import { resolveMapping } from '../../../src/core/mapping.js';
import { SettingsStore } from '../../../src/core/settings.js';
import { PLUGIN_ROOT } from '../../../src/index.js';
import { migrateLatest } from '../../../src/lib/migrations.js';
import { PANEL_MIGRATIONS } from '../../../src/panel/server.js';
import { migratePlugin } from '../../queue/helpers.js';

export const TIME_ZONE = 'America/Sao_Paulo';
export const MAPPING = resolveMapping(loadManifest(join(PLUGIN_ROOT, 'plugin.json')));

/** Thursday 3 December 2026, 10:00 in São Paulo: every default rule's hour has come. */
export const NOW = new Date('2026-12-03T13:00:00.000Z');

/** An instant given as São Paulo wall time (UTC-3 all year). */
export function saoPaulo(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}-03:00`);
}

/** A clock tests move by hand. */
export class Clock {
  constructor(public now: Date = NOW) {}
  readonly read = (): Date => this.now;
}

export async function migrateAll(db: Knex): Promise<void> {
  await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
  await migratePlugin(db);
}

/** An engine over `db` whose clock is `clock`. */
export function engineFor(
  db: Knex,
  clock: Clock,
  extra: Partial<BillingDeps> = {},
): { engine: BillingEngine; deps: BillingDeps } {
  const deps: BillingDeps = {
    db,
    mapping: MAPPING,
    filters: new FilterEngine({ db, mapping: MAPPING, timeZone: TIME_ZONE, now: clock.read }),
    settings: new SettingsStore({ db }),
    timeZone: TIME_ZONE,
    now: clock.read,
    logger: pino({ level: 'silent' }),
    ...extra,
  };
  return { engine: new BillingEngine(deps), deps };
}

type Status = 'active' | 'blocked' | 'cancelled';

const customer = (
  id: number,
  name: string,
  status: Status,
  contact: { email?: string | null; mobile?: string | null; birth?: string; city?: string },
) => ({
  id,
  name,
  email: contact.email === undefined ? `${name.toLowerCase()}@example.com` : contact.email,
  mobile: contact.mobile === undefined ? `551199999000${id}` : contact.mobile,
  status,
  plan: '300 Mega',
  city: contact.city ?? 'Campinas',
  state: 'SP',
  neighbourhood: 'Centro',
  due_day: 10,
  birth_date: contact.birth ?? '1980-06-15',
  created_at: '2025-01-01 00:00:00',
});

/**
 * Customers 1–7 and invoices 10–18 around {@link NOW} (the 3rd):
 * - 10 Ana, due the 6th (3 days ahead); 17 Eva (Sorocaba), due the 6th;
 * - 11 Bruno (e-mail only), due today; 18 Fabio (no address), due today;
 * - 12 Carla (blocked), due the 30th (3 days behind); 14 Eva, due the 30th, paid;
 * - 13 Diego (cancelled), due the 23rd (10 days behind); 16 Ana, 4 days behind (no rule);
 * - 15 Eva, due the 6th, cancelled.
 * Birthdays today: Ana (active), Diego (cancelled), Gil (blocked).
 */
export async function seedCustomers(db: Knex): Promise<void> {
  await db('recado_deliveries').delete();
  await db('recado_billing_rules').delete();
  await db('recado_templates').delete();
  await db('recado_settings').delete();
  await db('invoices').delete();
  await db('customers').delete();
  await db('customers').insert([
    customer(1, 'Ana', 'active', { birth: '1990-12-03' }),
    customer(2, 'Bruno', 'active', { mobile: null }),
    customer(3, 'Carla', 'blocked', {}),
    customer(4, 'Diego', 'cancelled', { birth: '1975-12-03' }),
    customer(5, 'Eva', 'active', { city: 'Sorocaba' }),
    customer(6, 'Fabio', 'active', { email: '', mobile: null }),
    customer(7, 'Gil', 'blocked', { birth: '2000-12-03' }),
  ]);
  await db('invoices').insert([
    invoice(10, 1, '2026-12-06'),
    invoice(11, 2, '2026-12-03'),
    invoice(12, 3, '2026-11-30'),
    invoice(13, 4, '2026-11-23'),
    invoice(14, 5, '2026-11-30', { status: 'paid', paid_at: '2026-12-01 14:00:00' }),
    invoice(15, 5, '2026-12-06', { status: 'cancelled' }),
    invoice(16, 1, '2026-11-29'),
    invoice(17, 5, '2026-12-06'),
    invoice(18, 6, '2026-12-03'),
  ]);
}

export function invoice(
  id: number,
  customerId: number,
  dueDate: string,
  extra: { status?: string; paid_at?: string; amount?: number; paid_amount?: number } = {},
) {
  return {
    id,
    customer_id: customerId,
    reference: `2026-12/0000${id}`,
    amount: extra.amount ?? 99.9,
    due_date: dueDate,
    paid_at: extra.paid_at ?? null,
    paid_amount: extra.paid_amount ?? (extra.paid_at ? (extra.amount ?? 99.9) : null),
    status: extra.status ?? 'open',
    digitable_line: `34191.79001 01043.510047 91020.150008 5 1234000000${id}`,
    pix_code: `00020126580014br.gov.bcb.pix${id}`,
    payment_link: `https://pagar.example.com/f/${id}`,
    created_at: '2026-11-10 05:00:00',
  };
}

/** Marks an invoice paid at a UTC instant. */
export async function payInvoice(db: Knex, id: number, paidAt: string): Promise<void> {
  await db('invoices').where({ id }).update({ status: 'paid', paid_at: paidAt, paid_amount: 99.9 });
}

/** The queue's rows, ordered by dedupe key. */
export async function queued(db: Knex): Promise<Record<string, unknown>[]> {
  return db('recado_deliveries').orderBy('dedupe_key');
}

/** Dedupe keys in the queue with the rule ids replaced by their presets (`before_due_3`). */
export async function presetKeys(db: Knex): Promise<string[]> {
  const rules = (await db('recado_billing_rules').select('id', 'preset')) as {
    id: number;
    preset: string | null;
  }[];
  const presets = new Map(rules.map((rule) => [String(rule.id), rule.preset ?? `#${rule.id}`]));
  const rows = (await db('recado_deliveries').select('dedupe_key')) as { dedupe_key: string }[];
  return rows
    .map((row) => row.dedupe_key.replace(/^rule:(\d+):/, (_, id: string) => `${presets.get(id)}:`))
    .sort();
}
