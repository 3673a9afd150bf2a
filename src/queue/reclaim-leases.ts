import type { Knex } from 'knex';
import { toSqlTime } from '../lib/time.js';
import type { ChannelName } from './types.js';

/** What happened to the rows of workers that died or stalled. */
export interface Reclaimed {
  /** Put back in the queue: their channel is idempotent, a resend is harmless. */
  readonly requeued: number;
  /** Marked `unknown`: they may have gone out; an operator decides whether to retry. */
  readonly unknown: number;
}

/**
 * Takes back deliveries whose lease expired. A worker that died may have handed such a row
 * to its channel before dying, so sending it again could duplicate the message: rows of
 * channels that are not idempotent become `unknown` instead of being retried.
 */
export async function reclaimExpiredLeases(
  db: Knex,
  options: { now: Date; idempotentChannels: readonly ChannelName[] },
): Promise<Reclaimed> {
  const now = toSqlTime(options.now);
  const expired = () =>
    db('recado_deliveries').where('status', 'sending').where('locked_until', '<', now);
  const released = { locked_by: null, locked_until: null, updated_at: now };

  const requeued =
    options.idempotentChannels.length === 0
      ? 0
      : await expired()
          .whereIn('channel', options.idempotentChannels)
          .update({ ...released, status: 'queued' });
  const unknown = await expired().update({
    ...released,
    status: 'unknown',
    error_code: 'RECADO_QUEUE_LEASE_EXPIRED',
    error_reason: 'the worker holding this message stopped before recording its outcome',
  });
  return { requeued, unknown };
}

/**
 * Gives claimed rows back to the queue untouched, for a worker that stops before sending
 * them (graceful shutdown). Only rows the worker still holds are released.
 */
export async function releaseDeliveries(
  db: Knex,
  ids: readonly number[],
  options: { workerId: string; now: Date },
): Promise<number> {
  if (ids.length === 0) return 0;
  return release(db, options).whereIn('id', ids);
}

/**
 * Gives back every row a worker holds. Only for a worker with nothing in hand that may hold
 * rows it does not know of: a claim committed by the server whose answer the connection
 * lost. Never sent, they go back to the queue rather than wait for their lease to expire
 * and end `unknown`.
 */
export async function releaseAllHeldBy(
  db: Knex,
  options: { workerId: string; now: Date },
): Promise<number> {
  return release(db, options);
}

function release(db: Knex, options: { workerId: string; now: Date }) {
  return db('recado_deliveries')
    .where({ status: 'sending', locked_by: options.workerId })
    .update({
      status: 'queued',
      locked_by: null,
      locked_until: null,
      updated_at: toSqlTime(options.now),
    });
}
