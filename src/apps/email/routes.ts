import type { Router } from 'express';
import type { AppContext } from '../../core/app-module.js';
import { AppRoutes } from '../../core/app-routes.js';
import { countReach } from '../../core/audience.js';
import { filterBuilderAssets, groupRoutes } from '../../core/groups/index.js';
import { campaignRoutes, templateRoutes } from '../../core/screens/index.js';
import { SmtpAccountStore } from './accounts.js';
import { accountRoutes } from './screens/account-routes.js';

export function emailRoutes(context: AppContext): Router {
  const routes = new AppRoutes({
    appId: 'email',
    host: context.host,
    pages: context.pages,
    i18n: context.i18n,
  });
  groupRoutes(routes, context, { view: 'email.view', manage: 'email.manage' });
  filterBuilderAssets(routes, 'email.view');
  const accounts = new SmtpAccountStore({ db: context.db, vault: context.services.vault });
  accountRoutes(routes, context, accounts);
  const screens = { channel: 'email', view: 'email.view', manage: 'email.manage' } as const;
  templateRoutes(routes, context, screens);
  campaignRoutes(routes, context, {
    ...screens,
    // SMTP accounts have no default flag: the first enabled one is the default.
    accounts: {
      list: async () =>
        (await accounts.list())
          .filter((account) => account.enabled)
          .map(({ id, name }, index) => ({ id, name, isDefault: index === 0 })),
    },
  });
  routes.get('/', 'email.view', async (req, res) => {
    const reach = await countReach(context.db, context.mapping, 'email');
    const locale = context.pages.locale(req);
    context.pages.render(req, res, 'email', 'apps/email/home', {
      title: context.i18n.t(locale, 'apps.email.name'),
      reach,
      base: context.basePath.replace(/\/$/, ''),
    });
  });
  return routes.router;
}
