import type { SmtpAccountConfig, SmtpAccountSource } from './config.js';

/** What the cache is built from. */
export interface AccountCacheDeps {
  readonly source: SmtpAccountSource;
  /** How long an answer is reused, in ms; 0 asks the source every time. */
  readonly ttlMs: number;
  /** The clock, in ms since the epoch. */
  readonly now: () => number;
}

interface Entry {
  readonly config: SmtpAccountConfig | undefined;
  readonly expiresAt: number;
}

/**
 * Accounts looked up for a short time, so that a batch costs one lookup (and one
 * decryption) per account rather than one per message. An edit made in the panel reaches
 * the channel within `ttlMs`. Lookups of the same account that overlap share one call.
 */
export class AccountCache {
  readonly #deps: AccountCacheDeps;
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<SmtpAccountConfig | undefined>>();

  constructor(deps: AccountCacheDeps) {
    this.#deps = deps;
  }

  get(accountId: number | null): Promise<SmtpAccountConfig | undefined> {
    const key = accountId === null ? 'default' : String(accountId);
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > this.#deps.now()) return Promise.resolve(entry.config);

    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#load(key, accountId).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  /** Drops what is known of an account (and of the default), so the next send asks again. */
  forget(accountId: number): void {
    this.#entries.delete(String(accountId));
    this.#entries.delete('default');
  }

  async #load(key: string, accountId: number | null): Promise<SmtpAccountConfig | undefined> {
    const config = await this.#deps.source(accountId);
    if (this.#deps.ttlMs > 0) {
      this.#entries.set(key, { config, expiresAt: this.#deps.now() + this.#deps.ttlMs });
    }
    return config;
  }
}
