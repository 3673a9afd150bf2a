/** A message ready for a channel: rendered, addressed, with the delivery it belongs to. */
export interface OutgoingMessage {
  /** The delivery id; channels use it as a Message-ID or an external id at the provider. */
  readonly deliveryId: number;
  /** The account (SMTP account, SMS gateway) to send through; null for the default. */
  readonly accountId: number | null;
  /** E-mail address or phone number, already checked. */
  readonly to: string;
  /** E-mail subject; absent for SMS. */
  readonly subject?: string;
  /** Plain text of the message. */
  readonly text: string;
  /** HTML body of an e-mail; absent for SMS. */
  readonly html?: string;
  /** Extra headers, such as List-Unsubscribe for marketing e-mail. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Transactional or marketing; some channels treat them differently. */
  readonly kind: 'transactional' | 'marketing';
}

/**
 * How a failed send ends:
 * - transient: worth another attempt later (timeout before sending, 4xx SMTP, HTTP 5xx, 429);
 * - permanent: another attempt would fail the same way (bad number, rejected credentials);
 * - unknown: the request went out and no answer came, so the message may have arrived.
 */
export type FailureKind = 'transient' | 'permanent' | 'unknown';

/** A channel's answer for one message. */
export type SendResult =
  | { readonly status: 'accepted'; readonly providerId?: string }
  | {
      readonly status: 'failed';
      readonly kind: FailureKind;
      /** Stable code, for example `SMTP_550` or `ZENVIA_401`. */
      readonly code: string;
      /** Readable reason for the delivery log. */
      readonly reason: string;
      /** The provider asked to wait this long (Retry-After), in milliseconds. */
      readonly retryAfterMs?: number;
    };

/**
 * The only thing the scheduler knows of a way to send. Implementations classify failures
 * from tables of protocol and provider codes, never from message text.
 */
export interface Channel {
  /** `email` or `sms`. */
  readonly name: 'email' | 'sms';
  /**
   * True when sending the same delivery twice cannot reach the person twice (the provider
   * deduplicates on our id); then unknown outcomes and expired leases are retried.
   */
  readonly idempotent: boolean;
  send(message: OutgoingMessage): Promise<SendResult>;
  /** Closes pooled connections; called on shutdown. */
  close?(): Promise<void>;
}
