import type { AppModule } from '../../core/app-module.js';
import { SmtpAccountStore } from './accounts.js';
import { createEmailChannel } from './email-channel.js';
import { emailPublicRoutes } from './public.js';
import { emailRoutes } from './routes.js';

/** E-mail: SMTP accounts, templates and campaigns. */
export const emailApp: AppModule = {
  id: 'email',
  routes: emailRoutes,
  publicRoutes: emailPublicRoutes,
  channels(services) {
    const accounts = new SmtpAccountStore({ db: services.db, vault: services.vault });
    services.registerChannel(createEmailChannel({ accounts, logger: services.logger }), accounts);
  },
};
