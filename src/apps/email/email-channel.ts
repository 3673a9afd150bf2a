import type { Logger } from 'pino';
import { SmtpChannel } from '../../channels/email/smtp-channel.js';
import type { TransportSettings } from '../../channels/email/transport.js';
import type { SmtpAccountStore } from './accounts.js';

/** What the E-mail app's channel is built from. */
export interface EmailChannelDeps {
  readonly accounts: SmtpAccountStore;
  readonly logger: Logger;
  /** Pool size and timeouts; defaults in `TransportSettings`. */
  readonly transport?: TransportSettings;
  /** How long the channel reuses an account it read, in ms. Default 5 000. */
  readonly accountCacheMs?: number;
}

/**
 * The e-mail channel wired to the accounts table: accounts come decrypted from the store,
 * and a server that refuses an account's credentials flags it for the operator. The
 * composition root registers it with the store as its limits:
 * `services.registerChannel(createEmailChannel({ accounts, logger }), accounts)`.
 */
export function createEmailChannel(deps: EmailChannelDeps): SmtpChannel {
  const { accounts } = deps;
  return new SmtpChannel({
    accounts: (accountId) => accounts.configFor(accountId),
    onAuthRejected: (accountId, reason) => accounts.markAttention(accountId, reason),
    logger: deps.logger.child({ app: 'email' }),
    ...(deps.transport ? { transport: deps.transport } : {}),
    ...(deps.accountCacheMs === undefined ? {} : { accountCacheMs: deps.accountCacheMs }),
  });
}
