import type { Router } from 'express';
import type { AppContext } from '../../core/app-module.js';
import { AppRoutes } from '../../core/app-routes.js';
import { filterBuilderAssets, groupRoutes } from '../../core/groups/index.js';
import { billingEngineOf } from './index.js';
import { showDashboard } from './screens/dashboard.js';
import { dryRunRoutes } from './screens/dry-run.js';
import { ruleRoutes } from './screens/rules.js';
import { settingsRoutes } from './screens/settings.js';

const PERMISSIONS = { view: 'billing.view', manage: 'billing.manage' } as const;

/**
 * The Cobrança screens: the dashboard (home), the rules, the dry run, the settings, a
 * customer's notices, and the shared groups and filter builder.
 */
export function billingRoutes(context: AppContext): Router {
  const routes = new AppRoutes({
    appId: 'billing',
    host: context.host,
    pages: context.pages,
    i18n: context.i18n,
  });
  const engine = billingEngineOf(context);
  groupRoutes(routes, context, PERMISSIONS);
  filterBuilderAssets(routes, PERMISSIONS.view);
  ruleRoutes(routes, context, engine, PERMISSIONS);
  dryRunRoutes(routes, context, engine, PERMISSIONS.view);
  settingsRoutes(routes, context, engine, PERMISSIONS.manage);
  routes.get('/', PERMISSIONS.view, (req, res) => showDashboard(context, engine, req, res));
  return routes.router;
}
