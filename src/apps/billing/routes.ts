import type { Router } from 'express';
import type { AppContext } from '../../core/app-module.js';
import { AppRoutes } from '../../core/app-routes.js';
import { overdueSummary } from '../../core/audience.js';
import { filterBuilderAssets, groupRoutes } from '../../core/groups/index.js';
import { localDate } from '../../lib/time.js';

export function billingRoutes(context: AppContext): Router {
  const routes = new AppRoutes({
    appId: 'billing',
    host: context.host,
    pages: context.pages,
    i18n: context.i18n,
  });
  groupRoutes(routes, context, { view: 'billing.view', manage: 'billing.manage' });
  filterBuilderAssets(routes, 'billing.view');
  routes.get('/', 'billing.view', async (req, res) => {
    const today = localDate(context.now(), context.timeZone);
    const overdue = await overdueSummary(context.db, context.mapping, today);
    const locale = context.pages.locale(req);
    context.pages.render(req, res, 'billing', 'apps/billing/home', {
      title: context.i18n.t(locale, 'apps.billing.name'),
      overdue,
      today,
    });
  });
  return routes.router;
}
