import type { ChannelName, Delivery } from '../queue/types.js';

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
  /**
   * The account a channel sends a message without one through (its default account), so
   * that such messages count against that account's quota and rate; undefined when the
   * channel has none.
   */
  defaultAccount?(channel: ChannelName): Promise<number | undefined>;
  /**
   * Who holds the daily quota this gate admitted sends with; the worker names it when it
   * records their outcomes, so that their units leave the hold (see `DailyQuota`).
   */
  readonly quotaHolder?: string;
  /** Gives back quota taken and not used; the worker calls it when a drain ends. */
  returnUnused?(): Promise<void>;
}
