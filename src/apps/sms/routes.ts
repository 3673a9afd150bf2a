import type { Router } from 'express';
import type { AppContext } from '../../core/app-module.js';
import { AppRoutes } from '../../core/app-routes.js';
import { countReach } from '../../core/audience.js';
import { filterBuilderAssets, groupRoutes } from '../../core/groups/index.js';
import { campaignRoutes, templateRoutes } from '../../core/screens/index.js';
import { SmsGateways } from './gateways.js';
import { gatewayRoutes } from './screens/gateway-routes.js';

export function smsRoutes(context: AppContext): Router {
  const routes = new AppRoutes({
    appId: 'sms',
    host: context.host,
    pages: context.pages,
    i18n: context.i18n,
  });
  groupRoutes(routes, context, { view: 'sms.view', manage: 'sms.manage' });
  filterBuilderAssets(routes, 'sms.view');
  gatewayRoutes(routes, context, { view: 'sms.view', manage: 'sms.manage' });
  const screens = { channel: 'sms', view: 'sms.view', manage: 'sms.manage' } as const;
  const gateways = new SmsGateways({
    db: context.db,
    vault: context.services.vault,
    now: context.now,
  });
  templateRoutes(routes, context, screens);
  campaignRoutes(routes, context, {
    ...screens,
    accounts: {
      list: async () =>
        (await gateways.list())
          .filter((gateway) => gateway.enabled)
          .map(({ id, name, isDefault }) => ({ id, name, isDefault })),
    },
  });
  routes.get('/', 'sms.view', async (req, res) => {
    const reach = await countReach(context.db, context.mapping, 'mobile');
    const locale = context.pages.locale(req);
    context.pages.render(req, res, 'sms', 'apps/sms/home', {
      title: context.i18n.t(locale, 'apps.sms.name'),
      reach,
      base: context.basePath.replace(/\/$/, ''),
    });
  });
  return routes.router;
}
