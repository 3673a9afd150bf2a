import { SmsChannel } from '../../../channels/sms/sms-channel.js';
import type { RecadoServices } from '../../../core/services.js';
import { SmsGateways } from '../gateways.js';

/**
 * The SMS channel registered on the services, or one of its own when the screens are built
 * on services that never ran the app's `channels` (a test harness): gateway tools and
 * polling then still reach the gateways, with their own connection pools.
 */
export function smsChannelOf(services: RecadoServices): SmsChannel {
  const registered = services.channels.get('sms');
  if (registered instanceof SmsChannel) return registered;
  return new SmsChannel({ gateways: new SmsGateways({ db: services.db, vault: services.vault }) });
}
