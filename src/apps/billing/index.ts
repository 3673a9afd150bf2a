import type { AppModule } from '../../core/app-module.js';
import { billingRoutes } from './routes.js';

/** Cobrança: automatic notices tied to invoices, and the overdue dashboard. */
export const billingApp: AppModule = {
  id: 'billing',
  routes: billingRoutes,
};
