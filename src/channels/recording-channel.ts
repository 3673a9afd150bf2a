import type { Channel, OutgoingMessage, SendResult } from './channel.js';

/**
 * A channel that sends nothing and remembers every message, answering from a script:
 * tests use it to see what the scheduler hands to channels, benchmarks as a no-op.
 */
export class RecordingChannel implements Channel {
  readonly name: 'email' | 'sms';
  readonly idempotent: boolean;
  readonly sent: OutgoingMessage[] = [];
  readonly #answer: (message: OutgoingMessage, call: number) => SendResult | Promise<SendResult>;
  readonly #keep: boolean;
  #calls = 0;

  constructor(options: {
    name: 'email' | 'sms';
    idempotent?: boolean;
    /** Decides each answer; default: accepted with provider id `rec-<delivery id>`. */
    answer?: (message: OutgoingMessage, call: number) => SendResult | Promise<SendResult>;
    /** Whether to keep the messages; off for benchmarks. Default true. */
    keep?: boolean;
  }) {
    this.name = options.name;
    this.idempotent = options.idempotent ?? false;
    this.#answer =
      options.answer ??
      ((message) => ({ status: 'accepted', providerId: `rec-${message.deliveryId}` }));
    this.#keep = options.keep ?? true;
  }

  get calls(): number {
    return this.#calls;
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const call = this.#calls++;
    const result = await this.#answer(message, call);
    if (this.#keep && result.status === 'accepted') this.sent.push(message);
    return result;
  }
}
