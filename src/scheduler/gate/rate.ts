/** What the rate limiter is built with. */
export interface RateLimiterSettings {
  /**
   * The longest wait for a token that `take` books, in ms: a send that would wait longer is
   * held (back to the queue) instead of keeping a worker lane asleep. Default 2 000.
   */
  readonly maxWaitMs?: number;
}

/** The answer of `RateLimiter.take`. */
export type RateDecision =
  /** A token is booked; send after waiting `waitMs` (0: at once). */
  | { readonly admitted: true; readonly waitMs: number }
  /** No token soon enough; nothing is booked. Try again at `until`. */
  | { readonly admitted: false; readonly until: Date };

interface Bucket {
  /** Tokens at `at`; below zero when sends are booked ahead. */
  tokens: number;
  at: number;
  perSecond: number;
}

/**
 * Per-second rate of each account as a token bucket: it refills at `perSecond` tokens a
 * second and holds at most one second's worth (at least one token), so an idle account
 * may send a burst of `perSecond` messages and then one every `1 / perSecond` seconds.
 *
 * A send that finds no token books the next one when it comes within `maxWaitMs`: the
 * bucket goes below zero, and the lanes after it wait their turn in order. Past that the
 * send is held until its token would come, and books nothing.
 *
 * TODO: the buckets live in this worker process, so N workers sending for one account send
 * up to N times its rate. A shared limit needs a store every worker reaches (a row per
 * account with the next free slot, updated in one statement, or Redis) — it can go when
 * more than one worker is deployed per database, or a provider's 429s show it is needed.
 */
export class RateLimiter {
  readonly #maxWaitMs: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(settings: RateLimiterSettings = {}) {
    this.#maxWaitMs = settings.maxWaitMs ?? 2_000;
  }

  /** Books a token of an account (by key) at instant `at`, or says when to try again. */
  take(key: string, perSecond: number, at: Date): RateDecision {
    const bucket = this.#refill(key, perSecond, at.getTime());
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { admitted: true, waitMs: 0 };
    }

    const waitMs = Math.ceil(((1 - bucket.tokens) * 1000) / perSecond);
    if (waitMs > this.#maxWaitMs) return { admitted: false, until: new Date(bucket.at + waitMs) };
    bucket.tokens -= 1;
    return { admitted: true, waitMs };
  }

  #refill(key: string, perSecond: number, at: number): Bucket {
    const capacity = Math.max(1, perSecond);
    const bucket = this.#buckets.get(key);
    if (!bucket) {
      const fresh = { tokens: capacity, at, perSecond };
      this.#buckets.set(key, fresh);
      return fresh;
    }

    // Lanes may pass instants slightly out of order; time never runs backwards for a bucket.
    const elapsed = Math.max(0, at - bucket.at);
    bucket.tokens = Math.min(capacity, bucket.tokens + (elapsed * bucket.perSecond) / 1000);
    bucket.at = Math.max(bucket.at, at);
    // A rate changed in the panel applies from now on.
    bucket.perSecond = perSecond;
    return bucket;
  }
}
