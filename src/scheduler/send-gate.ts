import type { Delivery } from '../queue/types.js';

/** Why and until when a delivery waits. */
export interface Hold {
  readonly until: Date;
  readonly code: string;
  readonly reason: string;
}

/**
 * Decides, just before a send, whether a delivery may go now: quiet hours for its channel
 * and kind, its account's daily quota and per-second rate. A delivery that may not go is
 * held until it may; nothing is dropped.
 */
export interface SendGate {
  admit(delivery: Delivery, now: Date): Promise<Hold | undefined>;
}
