import type { AppContext } from '../../../core/app-module.js';
import type { AppRoutes } from '../../../core/app-routes.js';
import { GatewayTools } from '../gateway-tools.js';
import { SmsGateways } from '../gateways.js';
import { smsChannelOf } from './channel-of.js';
import { GatewayScreens } from './gateway-screens.js';

/** Permissions of the gateway screens: `view` to list and ask the balance, `manage` to change. */
export interface GatewayPermissions {
  readonly view: string;
  readonly manage: string;
}

/**
 * Mounts the gateway screens under `/gateways`. Forms post through the app gate, which
 * checks CSRF on every unsafe method before these handlers run.
 */
export function gatewayRoutes(
  routes: AppRoutes,
  context: AppContext,
  permissions: GatewayPermissions,
): GatewayScreens {
  const gateways = new SmsGateways({
    db: context.db,
    vault: context.services.vault,
    now: context.now,
  });
  const tools = new GatewayTools({ gateways, adapters: smsChannelOf(context.services) });
  const screens = new GatewayScreens({ context, gateways, tools });
  const { view, manage } = permissions;
  routes
    .get('/gateways', view, (req, res) => screens.list(req, res))
    .get('/gateways/new', manage, (req, res) => screens.chooseOrNew(req, res))
    .post('/gateways', manage, (req, res) => screens.create(req, res))
    .get('/gateways/:id/edit', manage, (req, res) => screens.edit(req, res))
    .post('/gateways/:id', manage, (req, res) => screens.update(req, res))
    .get('/gateways/:id/delete', manage, (req, res) => screens.confirmDelete(req, res))
    .post('/gateways/:id/delete', manage, (req, res) => screens.delete(req, res))
    .post('/gateways/:id/test', manage, (req, res) => screens.sendTest(req, res))
    .post('/gateways/:id/balance', view, (req, res) => screens.balance(req, res));
  return screens;
}
