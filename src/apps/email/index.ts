import type { AppModule } from '../../core/app-module.js';
import { emailRoutes } from './routes.js';

/** E-mail: SMTP accounts, templates and campaigns. */
export const emailApp: AppModule = {
  id: 'email',
  routes: emailRoutes,
};
