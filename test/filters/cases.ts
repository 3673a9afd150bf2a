import { PRESETS } from '../../src/core/filters/index.js';
import { ALL_IDS } from './fixtures.js';

/** A filter and the fixture customers it must select, on every database. */
export interface FilterCase {
  readonly title: string;
  readonly filter: unknown;
  readonly ids: readonly number[];
}

const cond = (field: string, op: string, value?: unknown) =>
  value === undefined ? { field, op } : { field, op, value };
const without = (...ids: number[]) => ALL_IDS.filter((id) => !ids.includes(id));

/** Customers with an open invoice past due: 2 (28 d), 3 (74), 6 (1), 7 (30), 10 (49), 11 (131), 15 (23), 17 (28), 20 (79). */
const OVERDUE = [2, 3, 6, 7, 10, 11, 15, 17, 20];

export const CASES: readonly FilterCase[] = [
  // Customer
  {
    title: 'status in active',
    filter: cond('status', 'in', ['active']),
    ids: without(3, 4, 11, 17, 18),
  },
  { title: 'status not active', filter: cond('status', 'neq', 'active'), ids: [3, 4, 11, 17, 18] },
  { title: 'status cancelled', filter: cond('status', 'eq', 'cancelled'), ids: [4, 18] },
  {
    title: 'plan equal, other case',
    filter: cond('plan', 'eq', '100 mega'),
    ids: [1, 6, 9, 11, 16, 18, 19],
  },
  { title: 'plan contains % and _ literally', filter: cond('plan', 'contains', '50%_'), ids: [12] },
  {
    title: 'plan starts with 1',
    filter: cond('plan', 'starts_with', '1'),
    ids: [1, 5, 6, 9, 10, 11, 16, 18, 19],
  },
  {
    title: 'plan in none of two',
    filter: cond('plan', 'not_in', ['100 Mega', '300 MEGA']),
    ids: [4, 5, 8, 10, 12, 14, 15],
  },
  {
    title: 'city in, any case',
    filter: cond('city', 'in', ['campinas']),
    ids: [1, 2, 7, 11, 12, 13, 14, 18],
  },
  { title: 'city with accented capitals', filter: cond('city', 'eq', 'SÃO PAULO'), ids: [4, 5] },
  { title: 'city without its accent', filter: cond('city', 'eq', 'sao paulo'), ids: [] },
  { title: 'city with a quote', filter: cond('city', 'eq', "sant'ana do livramento"), ids: [9] },
  { title: 'city contains accented text', filter: cond('city', 'contains', 'águas'), ids: [15] },
  {
    title: 'city starts with',
    filter: cond('city', 'starts_with', 'CAMPI'),
    ids: [1, 2, 7, 11, 12, 13, 14, 18],
  },
  {
    title: 'city not equal',
    filter: cond('city', 'neq', 'Campinas'),
    ids: without(1, 2, 7, 11, 12, 13, 14, 18),
  },
  { title: 'neighbourhood equal', filter: cond('neighbourhood', 'eq', 'CAMBUÍ'), ids: [1, 7, 18] },
  {
    title: 'neighbourhood contains',
    filter: cond('neighbourhood', 'contains', 'proen'),
    ids: [14],
  },
  { title: 'due day equal', filter: cond('due_day', 'eq', 10), ids: [1, 6, 9, 15, 16, 18] },
  {
    title: 'due day between',
    filter: cond('due_day', 'between', [15, 20]),
    ids: [3, 4, 8, 10, 12, 19, 20],
  },
  { title: 'due day in', filter: cond('due_day', 'in', [3, 25]), ids: [5, 11, 13, 14] },
  { title: 'due day at least', filter: cond('due_day', 'gte', 25), ids: [5, 11, 14] },
  { title: 'created today (local)', filter: cond('created', 'in_last_days', 1), ids: [] },
  {
    title: 'created since yesterday (local)',
    filter: cond('created', 'in_last_days', 2),
    ids: [8],
  },
  {
    title: 'created in the last 14 days',
    filter: cond('created', 'in_last_days', 14),
    ids: [8, 12],
  },
  { title: 'created after a day', filter: cond('created', 'after', '2026-12-01'), ids: [8] },
  { title: 'created before a day', filter: cond('created', 'before', '2016-01-02'), ids: [18] },
  {
    title: 'created on its first instant',
    filter: cond('created', 'between', ['2025-12-03', '2025-12-03']),
    ids: [16],
  },
  {
    title: 'created the day before',
    filter: cond('created', 'between', ['2025-12-02', '2025-12-02']),
    ids: [],
  },
  { title: 'birthday today', filter: cond('birthday', 'today'), ids: [1, 18] },
  {
    title: 'birthday this month',
    filter: cond('birthday', 'this_month'),
    ids: [1, 2, 6, 8, 16, 18],
  },
  { title: 'birthday within 7 days', filter: cond('birthday', 'within_days', 7), ids: [1, 6, 18] },
  {
    title: 'birthday within 40 days, across the new year',
    filter: cond('birthday', 'within_days', 40),
    ids: [1, 2, 3, 6, 7, 12, 16, 18],
  },
  { title: 'has e-mail', filter: cond('has_email', 'is', true), ids: without(4, 9) },
  { title: 'has no e-mail', filter: cond('has_email', 'is', false), ids: [4, 9] },
  { title: 'has no mobile', filter: cond('has_mobile', 'is', false), ids: [2, 8, 14] },
  { title: 'opted out of e-mail', filter: cond('opted_out', 'eq', 'email'), ids: [4, 10] },
  {
    title: 'opted out of either',
    filter: cond('opted_out', 'in', ['email', 'sms']),
    ids: [4, 7, 10],
  },
  {
    title: 'not opted out of SMS',
    filter: { not: cond('opted_out', 'eq', 'sms') },
    ids: without(7, 10),
  },
  // Invoices
  { title: 'no open invoice', filter: cond('open_invoices', 'eq', 0), ids: [4, 8, 9, 12, 14, 18] },
  {
    title: 'at least one open invoice',
    filter: cond('open_invoices', 'gte', 1),
    ids: without(4, 8, 9, 12, 14, 18),
  },
  {
    title: 'at least two open invoices',
    filter: cond('open_invoices', 'gte', 2),
    ids: [2, 3, 7, 10, 11],
  },
  {
    title: 'two or three open invoices',
    filter: cond('open_invoices', 'between', [2, 3]),
    ids: [2, 3, 7, 10],
  },
  {
    title: 'at most one open invoice',
    filter: cond('open_invoices', 'lte', 1),
    ids: without(2, 3, 7, 10, 11),
  },
  { title: 'five open invoices', filter: cond('open_invoices', 'eq', 5), ids: [11] },
  { title: 'overdue at all', filter: cond('days_overdue', 'gte', 1), ids: OVERDUE },
  {
    title: 'overdue 1 to 30 days',
    filter: cond('days_overdue', 'between', [1, 30]),
    ids: [2, 6, 7, 15, 17],
  },
  {
    title: 'overdue at most 30 days',
    filter: cond('days_overdue', 'lte', 30),
    ids: [2, 6, 7, 15, 17],
  },
  { title: 'overdue 60 days or more', filter: cond('days_overdue', 'gte', 60), ids: [3, 11, 20] },
  { title: 'overdue exactly 28 days', filter: cond('days_overdue', 'eq', 28), ids: [2, 17] },
  { title: 'oldest invoice decides', filter: cond('days_overdue', 'between', [40, 50]), ids: [10] },
  { title: 'owes 200 or more', filter: cond('amount_owed', 'gte', 200), ids: [3, 10, 11] },
  {
    title: 'owes exactly a sum of decimals',
    filter: cond('amount_owed', 'gte', 299.7),
    ids: [3, 10, 11],
  },
  {
    title: 'owes between',
    filter: cond('amount_owed', 'between', [99.9, 119.9]),
    ids: [2, 7, 15, 17, 20],
  },
  { title: 'owes nothing', filter: cond('amount_owed', 'lte', 0), ids: without(...OVERDUE) },
  { title: 'invoice due today', filter: cond('invoice_due_within', 'within_days', 0), ids: [13] },
  {
    title: 'invoice due within 7 days',
    filter: cond('invoice_due_within', 'within_days', 7),
    ids: [1, 2, 7, 13, 16],
  },
  {
    title: 'invoice due within 30 days',
    filter: cond('invoice_due_within', 'within_days', 30),
    ids: [1, 2, 5, 7, 13, 16, 19],
  },
  { title: 'paid this month (local)', filter: cond('paid_this_month', 'is', true), ids: [5, 20] },
  {
    title: 'not paid this month',
    filter: cond('paid_this_month', 'is', false),
    ids: without(5, 20),
  },
  // Presets and groups
  { title: 'preset overdue', filter: PRESETS.overdue.tree, ids: OVERDUE },
  {
    title: 'preset up to date',
    filter: PRESETS.up_to_date.tree,
    ids: [1, 5, 8, 9, 12, 13, 14, 16, 19],
  },
  {
    title: 'up to date on one plan',
    filter: { all: [PRESETS.up_to_date.tree, cond('plan', 'eq', '100 Mega')] },
    ids: [1, 9, 16, 19],
  },
  {
    title: 'overdue 1–30 days in two cities',
    filter: {
      all: [
        cond('city', 'in', ['Campinas', 'Porto Alegre']),
        cond('days_overdue', 'between', [1, 30]),
      ],
    },
    ids: [2, 7, 17],
  },
  { title: 'empty all', filter: { all: [] }, ids: ALL_IDS },
  { title: 'empty any', filter: { any: [] }, ids: [] },
  { title: 'not of empty any', filter: { not: { any: [] } }, ids: ALL_IDS },
  {
    title: 'any of a city and a nested all with not',
    filter: {
      any: [
        cond('city', 'in', ['Sorocaba']),
        { all: [cond('plan', 'eq', '1 Giga'), { not: cond('days_overdue', 'gte', 1) }] },
      ],
    },
    ids: [3, 5, 16],
  },
  {
    title: 'three levels: active, birthday or recently overdue, not opted out',
    filter: {
      all: [
        cond('status', 'in', ['active']),
        { any: [cond('birthday', 'this_month'), cond('days_overdue', 'between', [1, 30])] },
        { not: cond('opted_out', 'in', ['email']) },
      ],
    },
    ids: [1, 2, 6, 7, 8, 15, 16],
  },
  {
    title: 'two cities, recently overdue and not opted out of SMS, or a birthday with a mobile',
    filter: {
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
    ids: [1, 2, 16],
  },
];
