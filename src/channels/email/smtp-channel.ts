import type { Logger } from 'pino';
import type { Channel, OutgoingMessage, SendResult } from '../channel.js';
import { AccountCache } from './account-cache.js';
import { classifySmtpError, factsOf, type SmtpFailure } from './classify.js';
import type { SmtpAccountConfig, SmtpAccountSource } from './config.js';
import { mailOptions, messageIdFor, providerIdOf, refusalOf } from './message.js';
import { createTransport, type SmtpTransport, type TransportSettings } from './transport.js';

/** What the e-mail channel is built from. */
export interface SmtpChannelDeps {
  /** Finds an account with its secrets decrypted; `null` asks for the default account. */
  readonly accounts: SmtpAccountSource;
  /**
   * Told once per account version when the server refuses its credentials (530/534/535 or
   * nodemailer's `EAUTH`); the E-mail app flags the account as needing attention.
   */
  readonly onAuthRejected?: (accountId: number, reason: string) => void | Promise<void>;
  readonly logger: Logger;
  /** Pool size and timeouts of every account's transport. */
  readonly transport?: TransportSettings;
  /** How long a looked-up account is reused before asking the source again, in ms. Default 5 000. */
  readonly accountCacheMs?: number;
  /** The clock, in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

/** The transport of one version of an account, and its credential refusal if it had one. */
interface Pool {
  readonly transport: SmtpTransport;
  readonly updatedAt: string;
  rejected?: SmtpFailure;
}

const fail = (kind: SmtpFailure['kind'], code: string, reason: string): SendResult => ({
  status: 'failed',
  kind,
  code,
  reason,
});

/**
 * Sends e-mail over SMTP with one pooled nodemailer transport per account, created on first
 * use, reused across messages and rebuilt when the account changes. Not idempotent: SMTP
 * has no way to ask a server whether it already took a message.
 */
export class SmtpChannel implements Channel {
  readonly name = 'email' as const;
  readonly idempotent = false;
  readonly #deps: SmtpChannelDeps;
  readonly #logger: Logger;
  readonly #accounts: AccountCache;
  readonly #pools = new Map<number, Pool>();
  /** Message-IDs whose content the server has started to read. */
  readonly #started = new Set<string>();

  constructor(deps: SmtpChannelDeps) {
    this.#deps = deps;
    this.#logger = deps.logger.child({ component: 'smtp-channel', channel: 'email' });
    this.#accounts = new AccountCache({
      source: deps.accounts,
      ttlMs: deps.accountCacheMs ?? 5_000,
      now: deps.now ?? Date.now,
    });
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const found = await this.#account(message.accountId);
    if ('status' in found) return found;
    const config = found;
    const refusal = refusalOf(message, config);
    if (refusal) return fail('permanent', refusal.code, refusal.reason);
    const pool = this.#poolFor(config);
    if (pool.rejected) return fail('permanent', pool.rejected.code, pool.rejected.reason);

    const messageId = messageIdFor(message.deliveryId, config.fromAddress);
    try {
      await pool.transport.sendMail(mailOptions(message, config, messageId));
      this.#logger.debug(
        { event: 'email.sent', deliveryId: message.deliveryId, accountId: config.id },
        'sent',
      );
      return { status: 'accepted', providerId: providerIdOf(messageId) };
    } catch (error) {
      const failure = classifySmtpError(factsOf(error), this.#started.has(messageId));
      this.#logFailure(message, config, failure);
      if (failure.authRejected) await this.#rejected(config, pool, failure);
      return fail(failure.kind, failure.code, failure.reason);
    } finally {
      this.#started.delete(messageId);
    }
  }

  /** Closes every pooled connection; in-flight messages finish first. */
  async close(): Promise<void> {
    for (const pool of this.#pools.values()) pool.transport.close();
    this.#pools.clear();
  }

  async #account(accountId: number | null): Promise<SmtpAccountConfig | SendResult> {
    let config: SmtpAccountConfig | undefined;
    try {
      config = await this.#accounts.get(accountId);
    } catch (error) {
      this.#logger.error(
        { err: error, event: 'email.account.unreadable', accountId },
        'no account',
      );
      return fail('transient', 'RECADO_EMAIL_ACCOUNT_UNREADABLE', 'the account could not be read');
    }
    if (!config) {
      const which =
        accountId === null ? 'no enabled default account' : 'the account is gone or disabled';
      return fail('permanent', 'RECADO_EMAIL_NO_ACCOUNT', which);
    }
    if (config.attention) {
      const reason = 'the account needs attention: its server refused the credentials';
      return fail('permanent', 'RECADO_EMAIL_ACCOUNT_ATTENTION', reason);
    }
    return config;
  }

  #poolFor(config: SmtpAccountConfig): Pool {
    const current = this.#pools.get(config.id);
    if (current?.updatedAt === config.updatedAt) return current;
    // The account changed (password, host, DKIM …): connections of the old version close once
    // their messages are done, new messages go through a fresh pool.
    current?.transport.close();
    const onDataStart = (messageId: string) => this.#started.add(messageId);
    const transport = createTransport(config, this.#deps.transport, onDataStart);
    const pool: Pool = { transport, updatedAt: config.updatedAt };
    this.#pools.set(config.id, pool);
    this.#logger.info({ event: 'email.pool.created', accountId: config.id }, 'smtp pool created');
    return pool;
  }

  async #rejected(config: SmtpAccountConfig, pool: Pool, failure: SmtpFailure): Promise<void> {
    if (pool.rejected) return;
    // Later messages of this account version fail at once instead of knocking on the server
    // with a refused password, which gets accounts locked at Gmail and Outlook.
    pool.rejected = failure;
    this.#accounts.forget(config.id);
    try {
      await this.#deps.onAuthRejected?.(config.id, `${failure.code}: ${failure.reason}`);
    } catch (error) {
      this.#logger.error(
        { err: error, event: 'email.account.flag_failed', accountId: config.id },
        'could not flag the account',
      );
    }
  }

  #logFailure(message: OutgoingMessage, config: SmtpAccountConfig, failure: SmtpFailure): void {
    // Fields only: a server's reply may quote the recipient, which logs never carry.
    const fields = {
      event: failure.authRejected ? 'email.account.auth_rejected' : 'email.send.failed',
      deliveryId: message.deliveryId,
      accountId: config.id,
      kind: failure.kind,
      code: failure.code,
    };
    if (failure.authRejected) this.#logger.warn(fields, 'server refused the credentials');
    else this.#logger.error(fields, 'send failed');
  }
}
