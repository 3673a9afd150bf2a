import type { Request, Response } from 'express';
import type { AppContext } from '../../../core/app-module.js';
import { addDays } from '../../../core/filters/calendar.js';
import { localDate } from '../../../lib/time.js';
import type { BillingEngine } from '../engine.js';
import type { AgeBucket, Recovered, SentPerDay } from '../dashboard.js';
import { barChart, stackedBarChart } from './charts.js';
import { renderPage, ruleNames, wordsFor, type Words } from './page.js';

/** Days the sent and recovered charts cover. */
export const DASHBOARD_DAYS = 30;
/** Days after a notice within which a payment counts as recovered. */
export const RECOVERY_WINDOW_DAYS = 7;

const AGE_KEYS: Readonly<Record<AgeBucket['bucket'], string>> = {
  '1-15': 'billing.age.1_15',
  '16-30': 'billing.age.16_30',
  '31-60': 'billing.age.31_60',
  '61+': 'billing.age.61_plus',
};

/** The Cobrança home: overdue by age, notices sent per day, money recovered. */
export async function showDashboard(
  context: AppContext,
  engine: BillingEngine,
  req: Request,
  res: Response,
): Promise<void> {
  const words = wordsFor(context, req);
  const today = localDate(context.now(), context.timeZone);
  const [ages, sent, recovered, rules] = await Promise.all([
    engine.dashboard.overdueByAge(),
    engine.dashboard.sentPerDay({ days: DASHBOARD_DAYS }),
    engine.dashboard.recovered({ days: DASHBOARD_DAYS, windowDays: RECOVERY_WINDOW_DAYS }),
    engine.rules.list(),
  ]);
  // Channels the enabled rules send through that have no account to send with: their
  // notices fail until the operator sets one up, so the home page says so first.
  const used = [...new Set(rules.filter((rule) => rule.enabled).flatMap((rule) => rule.channels))];
  const accounts = await Promise.all(
    used.map((channel) => context.services.sendingAccount(channel)),
  );
  const unsent = used.filter((_, index) => accounts[index] === undefined);
  const nameOf = ruleNames(words.t, rules);
  const label = (row: { ruleId: number; channel: string }) =>
    `${nameOf(row.ruleId)} · ${words.t(`billing.channel.${row.channel}`)}`;

  renderPage(context, req, res, 'apps/billing/home', {
    title: words.t('apps.billing.name'),
    today,
    hasRules: rules.length > 0,
    unsent: unsent.map((channel) => ({
      channel,
      text: words.t(`billing.screens.dashboard.no_account.${channel}`),
    })),
    canManage: context.host.can(req, 'billing.manage'),
    overdue: overdueView(words, ages),
    sent: sentView(words, sent, today, label),
    recovered: recoveredView(words, recovered, label),
  });
}

function overdueView(words: Words, ages: readonly AgeBucket[]) {
  const rows = ages.map((age) => ({ ...age, label: words.t(AGE_KEYS[age.bucket]) }));
  const total = {
    customers: sum(ages, (age) => age.customers),
    invoices: sum(ages, (age) => age.invoices),
    amount: Math.round(sum(ages, (age) => age.amount) * 100) / 100,
  };
  const chart = barChart(
    'billing-overdue',
    words.t('billing.screens.dashboard.overdue_chart'),
    words.t('billing.screens.dashboard.overdue_desc', { amount: words.money(total.amount) }),
    rows.map((row) => ({ label: row.label, value: row.amount, text: words.money(row.amount) })),
  );
  return { rows, total, chart, money: words.money };
}

function sentView(
  words: Words,
  sent: readonly SentPerDay[],
  today: string,
  label: (row: SentPerDay) => string,
) {
  const days = Array.from({ length: DASHBOARD_DAYS }, (_, i) =>
    addDays(today, i - DASHBOARD_DAYS + 1),
  );
  const keys = [...new Set(sent.map((row) => `${row.ruleId}:${row.channel}`))];
  const series = keys.map((key) => {
    const rows = sent.filter((row) => `${row.ruleId}:${row.channel}` === key);
    const perDay = new Map(rows.map((row) => [row.day, row.sent]));
    return { label: label(rows[0] as SentPerDay), values: days.map((day) => perDay.get(day) ?? 0) };
  });
  const total = sum(sent, (row) => row.sent);
  const chart = stackedBarChart(
    'billing-sent',
    words.t('billing.screens.dashboard.sent_chart', { days: DASHBOARD_DAYS }),
    words.t('billing.screens.dashboard.sent_desc', { count: total }),
    { categories: days, series },
  );
  const rows = sent.map((row) => ({ ...row, label: label(row) }));
  return { chart, rows, total };
}

function recoveredView(
  words: Words,
  recovered: readonly Recovered[],
  label: (row: Recovered) => string,
) {
  const rows = recovered.map((row) => ({
    ...row,
    label: label(row),
    text: words.money(row.amount),
  }));
  const total = Math.round(sum(recovered, (row) => row.amount) * 100) / 100;
  const chart = barChart(
    'billing-recovered',
    words.t('billing.screens.dashboard.recovered_chart', { days: RECOVERY_WINDOW_DAYS }),
    words.t('billing.screens.dashboard.recovered_desc', { amount: words.money(total) }),
    rows.map((row) => ({ label: row.label, value: row.amount, text: row.text })),
  );
  return { chart, rows, total: words.money(total) };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
