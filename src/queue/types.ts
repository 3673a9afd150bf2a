/** Where a delivery goes out. */
export type ChannelName = 'email' | 'sms';

/** Where a delivery came from. */
export type DeliverySource = 'campaign' | 'rule' | 'hook' | 'test';

/**
 * Transactional messages (receipts, reminders, block notices) go before marketing, and
 * opted-out customers still receive them.
 */
export type DeliveryKind = 'transactional' | 'marketing';

/** The life of a delivery; the glossary in src/index.ts defines each word. */
export type DeliveryStatus =
  'queued' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled' | 'unknown';

/** Priority stored for each kind; lower is claimed first. */
export const PRIORITY: Readonly<Record<DeliveryKind, number>> = {
  transactional: 0,
  marketing: 10,
};

/** A row of `recado_deliveries` as the database returns it. */
export interface DeliveryRow {
  id: number | string;
  dedupe_key: string;
  channel: ChannelName;
  account_id: number | null;
  source: DeliverySource;
  source_id: string | null;
  campaign_id: number | null;
  kind: DeliveryKind;
  priority: number;
  customer_id: number | null;
  invoice_id: number | null;
  template_id: number | null;
  recipient: string | null;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  provider_id: string | null;
  error_code: string | null;
  error_reason: string | null;
  sent_subject: string | null;
  sent_body: string | null;
  payload: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** A claimed delivery, as the worker hands it on. */
export interface Delivery {
  readonly id: number;
  readonly dedupeKey: string;
  readonly channel: ChannelName;
  readonly accountId: number | null;
  readonly source: DeliverySource;
  readonly sourceId: string | null;
  readonly campaignId: number | null;
  readonly kind: DeliveryKind;
  readonly customerId: number | null;
  readonly invoiceId: number | null;
  readonly templateId: number | null;
  /** Address at enqueue time; the worker checks it again against fresh customer data. */
  readonly recipient: string | null;
  /** Attempts already made before this one. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly payload: Readonly<Record<string, unknown>>;
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: Number(row.id),
    dedupeKey: row.dedupe_key,
    channel: row.channel,
    accountId: row.account_id,
    source: row.source,
    sourceId: row.source_id,
    campaignId: row.campaign_id,
    kind: row.kind,
    customerId: row.customer_id,
    invoiceId: row.invoice_id,
    templateId: row.template_id,
    recipient: row.recipient,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    payload: row.payload ? (JSON.parse(row.payload) as Record<string, unknown>) : {},
  };
}

/** What a rule, a hook or a test enqueues. */
export interface NewDelivery {
  readonly dedupeKey: string;
  readonly channel: ChannelName;
  readonly accountId?: number | null;
  readonly source: DeliverySource;
  readonly sourceId?: string | null;
  readonly campaignId?: number | null;
  readonly kind: DeliveryKind;
  readonly customerId?: number | null;
  readonly invoiceId?: number | null;
  readonly templateId?: number | null;
  readonly recipient?: string | null;
  /** Earliest send time; default now. */
  readonly runAt?: Date;
  /** Attempts before a transient failure becomes final; default 5. */
  readonly maxAttempts?: number;
  readonly payload?: Readonly<Record<string, unknown>>;
}
