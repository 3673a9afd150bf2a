import express, { type Router } from 'express';
import { requirePermission } from '../guard.js';
import type { PanelContext } from '../server.js';

/** The marketplace: every app of `plugin.json`, enabled or disabled by an admin. */
export function marketplaceRoutes(context: PanelContext): Router {
  const router = express.Router();
  const { layout, plugin } = context;
  const guard = requirePermission(context, 'marketplace.manage');

  router.get('/marketplace', guard, (req, res) => {
    const t = layout.translate(req);
    const apps = plugin.apps.map((app) => ({
      id: app.id,
      name: t(app.name),
      description: t(app.description),
      icon: app.icon,
      enabled: plugin.isEnabled(app.id),
      permissions: app.permissions.map((permission) => t(permission.label)),
    }));
    layout.view(req, res, 'marketplace', { title: t('panel.marketplace.title'), apps });
  });

  router.post('/marketplace/:appId/:action', guard, async (req, res, next) => {
    const app = plugin.apps.find((candidate) => candidate.id === req.params.appId);
    const action = req.params.action;
    if (!app || (action !== 'enable' && action !== 'disable')) return next();
    const by = context.sessions.current(req)?.login;
    if (action === 'enable') await plugin.enable(app.id, by);
    else await plugin.disable(app.id, by);
    res.redirect(303, '/marketplace');
  });

  return router;
}
