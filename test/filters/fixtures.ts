import { join } from 'node:path';
import type { Knex } from 'knex';
import { loadManifest } from '../../src/core/manifest.js';
import { resolveMapping, type HostMapping } from '../../src/core/mapping.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { migrateLatest } from '../../src/lib/migrations.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';

/**
 * A small ISP seen at a fixed instant: 2026-12-03 15:00 UTC, 12:00 in São Paulo, so today is
 * 2026-12-03 (a common year). Each customer is there for a case; the comment says which.
 */
export const NOW = new Date('2026-12-03T15:00:00Z');

export const MAPPING: HostMapping = resolveMapping(loadManifest(join(PLUGIN_ROOT, 'plugin.json')));

type Status = 'active' | 'blocked' | 'cancelled';

/** An invoice relative to today; open unless a status is given. */
interface InvoiceFixture {
  readonly due: string;
  readonly amount?: number;
  readonly status?: 'open' | 'paid' | 'cancelled';
  /** UTC datetime of the payment. */
  readonly paidAt?: string;
}

interface CustomerFixture {
  readonly id: number;
  readonly name: string;
  readonly status: Status;
  readonly plan: string;
  readonly city: string;
  readonly neighbourhood: string;
  readonly dueDay: number;
  readonly birthDate: string | null;
  readonly email: string | null;
  readonly mobile: string | null;
  /** UTC datetime. */
  readonly createdAt: string;
  readonly invoices: readonly InvoiceFixture[];
  readonly optOuts?: readonly ('email' | 'sms')[];
}

const c = (
  id: number,
  name: string,
  status: Status,
  plan: string,
  city: string,
  neighbourhood: string,
  dueDay: number,
  birthDate: string | null,
  rest: Partial<CustomerFixture> = {},
): CustomerFixture => ({
  id,
  name,
  status,
  plan,
  city,
  neighbourhood,
  dueDay,
  birthDate,
  email: `c${id}@example.com`,
  mobile: `55199990000${String(id).padStart(2, '0')}`,
  createdAt: '2022-01-10 12:00:00',
  invoices: [],
  ...rest,
});

const paid = (due: string, paidAt: string): InvoiceFixture => ({ due, status: 'paid', paidAt });

export const CUSTOMERS: readonly CustomerFixture[] = [
  // Birthday today; an invoice due in 7 days; nothing overdue.
  c(1, 'Ana Souza', 'active', '100 Mega', 'Campinas', 'Cambuí', 10, '1990-12-03', {
    invoices: [paid('2026-11-10', '2026-11-09 14:00:00'), { due: '2026-12-10', amount: 79.9 }],
  }),
  // 28 days overdue; birthday on New Year's Eve; no mobile.
  c(2, 'Bruno Lima', 'active', '300 Mega', 'Campinas', 'Taquaral', 5, '1985-12-31', {
    mobile: null,
    invoices: [{ due: '2026-11-05' }, { due: '2026-12-05' }],
  }),
  // Blocked, three open invoices, the oldest 74 days overdue (others 44 and 13).
  c(3, 'Carla Dias', 'blocked', '300 Mega', 'Sorocaba', 'Campolim', 20, '1979-01-02', {
    invoices: [{ due: '2026-09-20' }, { due: '2026-10-20' }, { due: '2026-11-20' }],
  }),
  // Cancelled, empty e-mail, opted out of e-mail, no birth date.
  c(4, 'Diego Alves', 'cancelled', '500 Mega', 'São Paulo', 'Mooca', 15, null, {
    email: '',
    optOuts: ['email'],
    invoices: [
      paid('2026-10-15', '2026-10-14 10:00:00'),
      { due: '2026-11-15', status: 'cancelled' },
    ],
  }),
  // Born on 29 February; paid this month (1 Dec, 10:00 in São Paulo); city in lower case.
  c(5, 'Elisa Rocha', 'active', '1 Giga', 'são paulo', 'Pinheiros', 25, '2000-02-29', {
    invoices: [paid('2026-11-25', '2026-12-01 13:00:00'), { due: '2026-12-25', amount: 149.9 }],
  }),
  // 1 day overdue; paid at 02:30 UTC on 1 Dec, still 30 Nov in São Paulo: not this month.
  c(6, 'Fábio Nunes', 'active', '100 Mega', 'Ribeirão Preto', 'Ipiranga', 10, '1970-12-10', {
    invoices: [paid('2026-11-10', '2026-12-01 02:30:00'), { due: '2026-12-02', amount: 79.9 }],
  }),
  // Exactly 30 days overdue; birthday in January; opted out of SMS.
  c(7, 'Gabriela Costa', 'active', '300 Mega', 'Campinas', 'Cambuí', 5, '1995-01-05', {
    optOuts: ['sms'],
    invoices: [{ due: '2026-11-03' }, { due: '2026-12-05' }],
  }),
  // Signed up at 01:30 UTC today, which is yesterday evening in São Paulo; birthday yesterday.
  c(8, 'Heitor Ramos', 'active', '500 Mega', 'Belo Horizonte', 'Savassi', 15, '1988-12-02', {
    mobile: null,
    createdAt: '2026-12-03 01:30:00',
  }),
  // A quote in the city; no e-mail.
  c(9, 'Iara Santana', 'active', '100 Mega', "Sant'Ana do Livramento", 'Centro', 10, '1999-06-15', {
    email: null,
    invoices: [paid('2026-11-10', '2026-11-10 12:00:00')],
  }),
  // 49 days overdue, owes 299.80; opted out of both channels; born 28 February.
  c(10, 'João Pedro', 'active', '1 Giga', 'Curitiba', 'Batel', 15, '1992-02-28', {
    optOuts: ['email', 'sms'],
    invoices: [
      { due: '2026-10-15', amount: 149.9 },
      { due: '2026-11-15', amount: 149.9 },
    ],
  }),
  // Blocked with five open invoices, the oldest 131 days overdue.
  c(11, 'Karina Melo', 'blocked', '100 Mega', 'Campinas', 'Sousas', 25, '1983-04-04', {
    invoices: ['07', '08', '09', '10', '11'].map((m) => ({ due: `2026-${m}-25`, amount: 79.9 })),
  }),
  // A plan with % and _; signed up two weeks ago; born on 1 January.
  c(12, 'Lucas Prado', 'active', 'Plano 50%_OFF', 'Campinas', 'Castelo', 20, '1960-01-01', {
    createdAt: '2026-11-20 10:00:00',
  }),
  // City in capitals; an invoice due today, which is not overdue yet.
  c(13, 'Márcia Teles', 'active', '300 Mega', 'CAMPINAS', 'Botafogo', 3, '1991-07-07', {
    invoices: [{ due: '2026-12-03' }],
  }),
  // Empty mobile; born 1 March.
  c(14, 'Nina Barros', 'active', '500 Mega', 'Campinas', 'Jardim Proença', 25, '2001-03-01', {
    mobile: '',
    invoices: [paid('2026-11-25', '2026-11-24 12:00:00')],
  }),
  // Accented capitals in the city; 23 days overdue.
  c(15, 'Otávio Leão', 'active', '500 Mega', 'ÁGUAS DE LINDÓIA', 'Centro', 10, '1975-11-30', {
    invoices: [{ due: '2026-11-10', amount: 119.9 }],
  }),
  // Signed up at the first instant of 2025-12-03 in São Paulo.
  c(16, 'Paula Reis', 'active', '100 Mega', 'Sorocaba', 'Éden', 10, '1993-12-20', {
    createdAt: '2025-12-03 03:00:00',
    invoices: [{ due: '2026-12-10', amount: 79.9 }],
  }),
  // Blocked, 28 days overdue.
  c(17, 'Rafael Gomes', 'blocked', '300 Mega', 'Porto Alegre', 'Bom Fim', 5, '1980-05-05', {
    invoices: [{ due: '2026-11-05' }],
  }),
  // Cancelled with a birthday today; signed up long ago.
  c(18, 'Sônia Freitas', 'cancelled', '100 Mega', 'Campinas', 'Cambuí', 10, '1965-12-03', {
    createdAt: '2016-01-01 12:00:00',
    invoices: [{ due: '2026-11-10', status: 'cancelled' }],
  }),
  // An invoice due in 17 days.
  c(19, 'Tiago Moreira', 'active', '100 Mega', 'Porto Alegre', 'Menino Deus', 20, '1998-02-27', {
    invoices: [{ due: '2026-12-20', amount: 79.9 }],
  }),
  // 79 days overdue, and paid another invoice this month; no birth date.
  c(20, 'Vânia Dias', 'active', '300 Mega', 'Salvador', 'Barra', 15, null, {
    invoices: [{ due: '2026-09-15' }, paid('2026-10-15', '2026-12-02 18:00:00')],
  }),
];

/** Every fixture id, in order. */
export const ALL_IDS: readonly number[] = CUSTOMERS.map((customer) => customer.id);

/** Runs the panel's and the plugin's migrations. */
export async function migrate(db: Knex): Promise<void> {
  await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
  await migrateLatest(db, {
    directory: join(PLUGIN_ROOT, 'migrations'),
    tableName: 'recado_migrations',
  });
}

/** A customer row as the reference panel stores it. */
export function customerRow(customer: Pick<CustomerFixture, 'id'> & Partial<CustomerFixture>) {
  return {
    id: customer.id,
    name: customer.name ?? `Cliente ${customer.id}`,
    email: customer.email ?? null,
    mobile: customer.mobile ?? null,
    status: customer.status ?? 'active',
    plan: customer.plan ?? '100 Mega',
    city: customer.city ?? 'Campinas',
    state: 'SP',
    neighbourhood: customer.neighbourhood ?? 'Centro',
    due_day: customer.dueDay ?? 10,
    birth_date: customer.birthDate ?? null,
    created_at: customer.createdAt ?? '2022-01-10 12:00:00',
  };
}

/** Inserts the fixture customers, their invoices and opt-outs. */
export async function insertFixtures(db: Knex): Promise<void> {
  await db('customers').insert(CUSTOMERS.map(customerRow));
  const invoices = CUSTOMERS.flatMap((customer) =>
    customer.invoices.map((invoice, index) => ({
      customer_id: customer.id,
      reference: `F${customer.id}-${index}`,
      amount: invoice.amount ?? 99.9,
      due_date: invoice.due,
      paid_at: invoice.paidAt ?? null,
      status: invoice.status ?? 'open',
      created_at: '2026-06-01 12:00:00',
    })),
  );
  await db('invoices').insert(invoices);
  const optOuts = CUSTOMERS.flatMap((customer) =>
    (customer.optOuts ?? []).map((channel) => ({
      customer_id: customer.id,
      channel,
      created_at: '2026-10-01 12:00:00',
    })),
  );
  await db('recado_opt_outs').insert(optOuts);
}
