import type { Request, Response } from 'express';
import type { AppContext } from '../../../core/app-module.js';
import type { AppRoutes } from '../../../core/app-routes.js';
import { isCalendarDate } from '../../../core/filters/calendar.js';
import type { BillingEngine } from '../engine.js';
import { idParam, renderPage, ruleNames, stepText, wordsFor } from './page.js';

/** Customers listed per rule and channel on the dry-run page. */
export const DRY_RUN_SAMPLE = 50;

/**
 * Mounts, under `view`:
 * - `GET /dry-run[?date=YYYY-MM-DD]`: who receives the notices of a day (default tomorrow)
 * - `GET /customers/:id/notices`: a customer's history of notices
 */
export function dryRunRoutes(
  routes: AppRoutes,
  context: AppContext,
  engine: BillingEngine,
  view: string,
): void {
  routes.get('/dry-run', view, (req, res) => showDryRun(context, engine, req, res));
  routes.get('/customers/:id/notices', view, (req, res) => showHistory(context, engine, req, res));
}

async function showDryRun(
  context: AppContext,
  engine: BillingEngine,
  req: Request,
  res: Response,
): Promise<void> {
  const words = wordsFor(context, req);
  const asked = typeof req.query.date === 'string' ? req.query.date : '';
  // An unreadable date falls back to tomorrow, saying so, rather than to an error page.
  const date = isCalendarDate(asked) ? asked : undefined;
  const run = await engine.dryRun({ date, sample: DRY_RUN_SAMPLE });

  renderPage(context, req, res, 'apps/billing/dry-run', {
    title: words.t('billing.screens.dry_run.title'),
    day: run.day,
    badDate: asked !== '' && !date ? asked : null,
    total: run.rules.reduce(
      (sum, rule) => sum + rule.channels.reduce((n, channel) => n + channel.count, 0),
      0,
    ),
    rules: run.rules.map((rule) => ({
      id: rule.ruleId,
      name: rule.name,
      step: stepText(words.t, rule),
      dueDate: rule.dueDate,
      firesAt: words.when(rule.firesAt),
      channels: rule.channels.map((channel) => ({
        channel: channel.channel,
        label: words.t(`billing.channel.${channel.channel}`),
        count: channel.count,
        more: channel.count - channel.first.length,
        rows: channel.first.map((row) => ({
          ...row,
          amount: row.amount === null ? '—' : words.money(row.amount),
        })),
      })),
    })),
  });
}

async function showHistory(
  context: AppContext,
  engine: BillingEngine,
  req: Request,
  res: Response,
): Promise<void> {
  const customerId = idParam(req, 'id', 'RECADO_INPUT_INVALID');
  const words = wordsFor(context, req);
  const [entries, rules] = await Promise.all([
    engine.dashboard.customerHistory(customerId, { limit: 200 }),
    engine.rules.list(),
  ]);
  const nameOf = ruleNames(words.t, rules);

  renderPage(context, req, res, 'apps/billing/customer-notices', {
    title: words.t('billing.screens.history.title', { id: customerId }),
    customerId,
    entries: entries.map((entry) => ({
      id: entry.deliveryId,
      status: entry.status,
      statusLabel: words.t(`billing.screens.status.${entry.status}`),
      reason: entry.errorReason ?? entry.errorCode ?? '',
      created: words.when(entry.createdAt),
      sent: entry.sentAt ? words.when(entry.sentAt) : '—',
      channel: words.t(`billing.channel.${entry.channel}`),
      rule: nameOf(entry.ruleId),
      invoiceId: entry.invoiceId,
      recipient: entry.recipient ?? '—',
    })),
  });
}
