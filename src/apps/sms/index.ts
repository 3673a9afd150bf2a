import express from 'express';
import { SmsChannel } from '../../channels/sms/sms-channel.js';
import type { AppContext, AppModule } from '../../core/app-module.js';
import { SmsGateways } from './gateways.js';
import { playSmsPollJob } from './playsms-poll.js';
import { smsRoutes } from './routes.js';
import { smsChannelOf } from './screens/channel-of.js';
import { zenviaWebhookRouter } from './zenvia-webhook.js';

function gatewaysOf(context: AppContext): SmsGateways {
  return new SmsGateways({ db: context.db, vault: context.services.vault, now: context.now });
}

/** SMS: gateways, templates and campaigns. */
export const smsApp: AppModule = {
  id: 'sms',
  routes: smsRoutes,
  channels(services) {
    const gateways = new SmsGateways({ db: services.db, vault: services.vault });
    services.registerChannel(new SmsChannel({ gateways }), gateways);
  },
  /** Zenvia's status webhook at `<public path>/sms/zenvia/:gatewayId`. */
  publicRoutes(context) {
    const router = express.Router();
    const webhook = zenviaWebhookRouter({
      db: context.db,
      gateways: gatewaysOf(context),
      logger: context.logger.child({ component: 'zenvia-webhook' }),
      now: context.now,
    });
    router.use('/zenvia', webhook);
    return router;
  },
  jobs(context) {
    const poll = playSmsPollJob({
      db: context.db,
      gateways: gatewaysOf(context),
      adapters: smsChannelOf(context.services),
      logger: context.logger.child({ component: 'playsms-poll' }),
      now: context.now,
    });
    return [poll];
  },
};
