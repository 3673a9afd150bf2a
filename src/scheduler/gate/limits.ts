import type { ChannelName } from '../../queue/types.js';

/** How much an account may send. A limit left out is no limit. */
export interface AccountLimits {
  /** Messages per second the account may send, all workers together; a positive number. */
  readonly perSecond?: number;
  /**
   * Messages per provider day (local midnight to midnight); a whole number, 0 sends none.
   * What is over the quota waits for the next day.
   */
  readonly perDay?: number;
}

/**
 * Where account limits come from; the E-mail and SMS apps implement it from their account
 * tables. `undefined` means the account has no limits.
 */
export interface LimitsProvider {
  limitsFor(channel: ChannelName, accountId: number): Promise<AccountLimits | undefined>;
  /** The account that sends the channel's messages that name none; undefined for none. */
  defaultAccount?(channel: ChannelName): Promise<number | undefined>;
}

/** What the cache is built from. */
export interface CachedLimitsDeps {
  readonly provider: LimitsProvider;
  /** How long an answer is reused, in ms. Default 30 000. */
  readonly ttlMs?: number;
  /** The clock; default `() => new Date()`. */
  readonly now?: () => Date;
}

interface Entry {
  readonly limits: AccountLimits | undefined;
  readonly expiresAt: number;
}

/**
 * Account limits cached for a short time, so a batch costs one lookup per account rather
 * than one per message. A change made in the panel takes effect within `ttlMs`. Lookups
 * for the same account that overlap share one call to the provider.
 */
export class CachedLimits {
  readonly #provider: LimitsProvider;
  readonly #ttlMs: number;
  readonly #now: () => Date;
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<AccountLimits | undefined>>();
  readonly #defaults = new Map<ChannelName, { accountId: number | undefined; expiresAt: number }>();
  readonly #pendingDefaults = new Map<ChannelName, Promise<number | undefined>>();

  constructor(deps: CachedLimitsDeps) {
    this.#provider = deps.provider;
    this.#ttlMs = deps.ttlMs ?? 30_000;
    this.#now = deps.now ?? (() => new Date());
  }

  /**
   * The limits of an account, with nonsense (a negative or non-finite number) dropped.
   * When the provider fails and an earlier answer exists, that answer is used again;
   * otherwise the error goes to the caller.
   */
  async get(channel: ChannelName, accountId: number): Promise<AccountLimits | undefined> {
    const key = `${channel}:${accountId}`;
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > this.#now().getTime()) return entry.limits;

    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#load(key, channel, accountId, entry).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  /**
   * The channel's default account, cached like the limits (and, like them, the last answer
   * is used again when the provider fails); undefined when the provider names none.
   */
  async defaultAccount(channel: ChannelName): Promise<number | undefined> {
    const provider = this.#provider;
    if (!provider.defaultAccount) return undefined;
    const cached = this.#defaults.get(channel);
    if (cached && cached.expiresAt > this.#now().getTime()) return cached.accountId;

    let pending = this.#pendingDefaults.get(channel);
    if (!pending) {
      pending = (async () => {
        let accountId: number | undefined;
        try {
          accountId = await provider.defaultAccount?.(channel);
        } catch (error) {
          if (!cached) throw error;
          accountId = cached.accountId;
        }
        this.#defaults.set(channel, { accountId, expiresAt: this.#now().getTime() + this.#ttlMs });
        return accountId;
      })().finally(() => this.#pendingDefaults.delete(channel));
      this.#pendingDefaults.set(channel, pending);
    }
    return pending;
  }

  async #load(key: string, channel: ChannelName, accountId: number, stale: Entry | undefined) {
    let limits: AccountLimits | undefined;
    try {
      limits = sanitize(await this.#provider.limitsFor(channel, accountId));
    } catch (error) {
      // A database hiccup should not stop an account whose limits were known a moment ago.
      if (!stale) throw error;
      limits = stale.limits;
    }
    this.#entries.set(key, { limits, expiresAt: this.#now().getTime() + this.#ttlMs });
    return limits;
  }
}

function sanitize(limits: AccountLimits | undefined): AccountLimits | undefined {
  if (!limits) return undefined;
  const perSecond = limits.perSecond;
  const perDay = limits.perDay;
  return {
    ...(perSecond !== undefined && Number.isFinite(perSecond) && perSecond > 0
      ? { perSecond }
      : {}),
    ...(perDay !== undefined && Number.isFinite(perDay) && perDay >= 0
      ? { perDay: Math.floor(perDay) }
      : {}),
  };
}
