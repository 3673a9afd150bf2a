import type { AppModule } from '../../core/app-module.js';
import { smsRoutes } from './routes.js';

/** SMS: gateways, templates and campaigns. */
export const smsApp: AppModule = {
  id: 'sms',
  routes: smsRoutes,
};
