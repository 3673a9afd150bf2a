import type { Logger } from 'pino';
import type { Channel, SendResult } from '../channels/channel.js';
import type { Outcome } from '../queue/complete-deliveries.js';
import type { Delivery } from '../queue/types.js';
import type { Composition } from './composer.js';
import { outcomeOf, type RetrySettings } from './retry-policy.js';
import type { SendGate } from './send-gate.js';
import type { WorkerMetrics } from './worker.js';

/** What the send stage of a worker is built from. */
export interface SendStageDeps {
  /** Already bound to the worker (`component`, `workerId`). */
  readonly logger: Logger;
  readonly channels: ReadonlyMap<string, Channel>;
  /** Quiet hours, quotas and rates; absent means "send everything now". */
  readonly gate?: SendGate;
  readonly now: () => Date;
  readonly random: () => number;
  readonly retry: RetrySettings;
  readonly metrics?: WorkerMetrics;
}

/** How long a delivery waits when the send gate could not decide on it. */
const GATE_RETRY_MS = 30_000;

type Hold = Extract<Composition, { action: 'hold' }>;

/**
 * The part of a worker that turns one claimed, composed delivery into its outcome: what
 * the composer refused, what the gate holds, and otherwise the channel's answer with the
 * retry policy applied. It never throws for one delivery, so the other sends of a batch
 * are always recorded.
 */
export class SendStage {
  readonly #deps: SendStageDeps;

  constructor(deps: SendStageDeps) {
    this.#deps = deps;
  }

  async settle(claimed: Delivery, composition: Composition | undefined): Promise<Outcome> {
    let delivery: Delivery;
    try {
      delivery = await this.#withAccount(claimed, composition);
    } catch (error) {
      return this.#gateUnavailable(claimed, error);
    }
    const base = { id: delivery.id, channel: delivery.channel, accountId: delivery.accountId };
    const notSent = (status: 'failed' | 'skipped', errorCode: string, errorReason: string) => ({
      ...base,
      status,
      attempted: false,
      errorCode,
      errorReason,
    });
    if (!composition) {
      return notSent(
        'failed',
        'RECADO_QUEUE_UNCOMPOSED',
        'nothing could be composed for this delivery',
      );
    }
    if (composition.action === 'skip') {
      return notSent('skipped', composition.code, composition.reason);
    }
    if (composition.action === 'fail')
      return notSent('failed', composition.code, composition.reason);
    if (composition.action === 'hold') return held(delivery, composition);

    let hold: Awaited<ReturnType<SendGate['admit']>>;
    try {
      hold = await this.#deps.gate?.admit(delivery, this.#deps.now());
    } catch (error) {
      return this.#gateUnavailable(delivery, error);
    }
    if (hold) return held(delivery, { action: 'hold', ...hold });
    const message = { ...composition.message, accountId: delivery.accountId };
    const channel = this.#deps.channels.get(delivery.channel);
    const rendered = { subject: message.subject ?? null, body: message.html ?? message.text };
    if (!channel) {
      const reason = `no channel ${delivery.channel} is configured`;
      return { ...notSent('failed', 'RECADO_QUEUE_NO_CHANNEL', reason), ...rendered };
    }

    const result = await this.#send(channel, delivery, message);
    const outcome = outcomeOf(delivery, result, {
      now: this.#deps.now(),
      idempotent: channel.idempotent,
      random: this.#deps.random,
      retry: this.#deps.retry,
    });
    return { ...outcome, ...rendered };
  }

  /**
   * A message that names no account goes through its channel's default account; it is
   * sent, limited and counted as that account's, so its quota and rate cover it too.
   */
  async #withAccount(delivery: Delivery, composition: Composition | undefined): Promise<Delivery> {
    if (delivery.accountId !== null || composition?.action !== 'send') return delivery;
    const accountId = await this.#deps.gate?.defaultAccount?.(delivery.channel);
    return accountId === undefined ? delivery : { ...delivery, accountId };
  }

  async #send(channel: Channel, delivery: Delivery, message: Parameters<Channel['send']>[0]) {
    const started = process.hrtime.bigint();
    let result: SendResult;
    try {
      result = await channel.send(message);
    } catch (error) {
      // A channel should answer with a failure, not throw; when it throws anyway the request
      // may or may not have gone out.
      this.#deps.logger.error(
        { err: error, event: 'queue.delivery.threw', deliveryId: delivery.id },
        'channel threw',
      );
      result = {
        status: 'failed',
        kind: 'unknown',
        code: 'RECADO_CHANNEL_THREW',
        reason: String(error),
      };
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.#deps.metrics?.recordSend(
      channel.name,
      result.status === 'accepted' ? 'sent' : result.kind,
      seconds,
    );
    return result;
  }

  /**
   * The gate could not decide (its limits, quota or rate live in the database, which did not
   * answer): nothing is sent, and the delivery waits a little in the queue rather than
   * failing the whole batch, whose other sends have gone out and must be recorded.
   */
  #gateUnavailable(delivery: Delivery, error: unknown): Outcome {
    this.#deps.logger.warn(
      { err: error, event: 'gate.unavailable', deliveryId: delivery.id },
      'send limits unavailable; delivery held',
    );
    const reason = error instanceof Error ? error.message : String(error);
    return held(delivery, {
      action: 'hold',
      until: new Date(this.#deps.now().getTime() + GATE_RETRY_MS),
      code: 'RECADO_GATE_UNAVAILABLE',
      reason: `send limits could not be read: ${reason}`.slice(0, 500),
    });
  }
}

/** A delivery back in the queue until `hold.until`, not attempted. */
function held(delivery: Delivery, hold: Hold): Outcome {
  return {
    id: delivery.id,
    status: 'queued',
    attempted: false,
    runAt: hold.until,
    errorCode: hold.code,
    errorReason: hold.reason,
  };
}
