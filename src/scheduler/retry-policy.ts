import type { SendResult } from '../channels/channel.js';
import type { Outcome } from '../queue/complete-deliveries.js';
import type { Delivery } from '../queue/types.js';

/** How transient failures are spaced out. */
export interface RetrySettings {
  /** First backoff ceiling, in ms; doubles with each attempt. Default 30 s. */
  readonly baseMs: number;
  /** Largest backoff ceiling, in ms. Default 1 h. */
  readonly capMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { baseMs: 30_000, capMs: 3_600_000 };

/**
 * Turns a channel's answer into the delivery's next state. Transient failures wait a random
 * time up to an exponentially growing ceiling ("full jitter", so that many failed messages do
 * not all come back at once), or longer when the provider asked for it; after the last
 * attempt they fail with the last reason. Unknown outcomes are not retried unless the
 * channel is idempotent.
 */
export function outcomeOf(
  delivery: Delivery,
  result: SendResult,
  context: { now: Date; idempotent: boolean; random: () => number; retry: RetrySettings },
): Omit<Outcome, 'subject' | 'body'> {
  const base = {
    id: delivery.id,
    attempted: true,
    channel: delivery.channel,
    accountId: delivery.accountId,
  };
  if (result.status === 'accepted') {
    return { ...base, status: 'sent', providerId: result.providerId ?? null };
  }

  const error = { errorCode: result.code, errorReason: result.reason };
  const retryable =
    result.kind === 'transient' || (result.kind === 'unknown' && context.idempotent);
  if (!retryable)
    return { ...base, ...error, status: result.kind === 'unknown' ? 'unknown' : 'failed' };
  if (delivery.attempts + 1 >= delivery.maxAttempts) return { ...base, ...error, status: 'failed' };

  const ceiling = Math.min(context.retry.capMs, context.retry.baseMs * 2 ** delivery.attempts);
  const wait = Math.max(Math.floor(context.random() * ceiling), result.retryAfterMs ?? 0);
  return { ...base, ...error, status: 'queued', runAt: new Date(context.now.getTime() + wait) };
}
