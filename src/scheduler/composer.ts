import type { OutgoingMessage } from '../channels/channel.js';
import type { Delivery } from '../queue/types.js';

/** What to do with one claimed delivery, decided against fresh data at send time. */
export type Composition =
  | { readonly action: 'send'; readonly message: OutgoingMessage }
  /** Not sent on purpose: invoice paid meanwhile, customer opted out, no valid address. */
  | { readonly action: 'skip'; readonly code: string; readonly reason: string }
  /** Cannot be sent as it stands (template deleted or broken): failed without an attempt. */
  | { readonly action: 'fail'; readonly code: string; readonly reason: string }
  /** Not yet: quiet hours or a spent quota; tried again at `until`. */
  | {
      readonly action: 'hold';
      readonly until: Date;
      readonly code: string;
      readonly reason: string;
    };

/**
 * Loads what a batch of deliveries needs (customers, invoices, templates) in a few queries
 * and renders each delivery, or says why it is not to be sent now.
 */
export interface Composer {
  compose(deliveries: readonly Delivery[], now: Date): Promise<Map<number, Composition>>;
}
