import type { Knex } from 'knex';
import type { ChannelName, DeliveryKind, DeliveryStatus } from '../queue/types.js';

/** Where a campaign is in its life. */
export type CampaignStatus =
  'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';

/** A row of `recado_campaigns`. */
export interface CampaignRow {
  id: number;
  channel: ChannelName;
  name: string;
  account_id: number | null;
  template_id: number | null;
  filter: string;
  kind: DeliveryKind;
  status: CampaignStatus;
  scheduled_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  enqueued: number;
  enqueue_finished_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** What an operator fills in to create a campaign. */
export interface NewCampaign {
  readonly channel: ChannelName;
  readonly name: string;
  readonly accountId: number | null;
  readonly templateId: number | null;
  /** The filter tree that selects the customers. */
  readonly filter: unknown;
  /** Marketing unless the operator sends a collection drive as transactional. */
  readonly kind?: DeliveryKind;
  readonly createdBy?: string;
}

/** Deliveries of a campaign by status, and what is left to send. */
export type CampaignProgress = Readonly<Record<DeliveryStatus, number>> & {
  readonly total: number;
  /** Queued and sending: what the queue still has to do. */
  readonly left: number;
};

/**
 * Turns a campaign's filter into its audience for the set-based enqueue; implemented with
 * the filter engine and the host mapping.
 */
export interface AudienceSource {
  /** Smallest and largest customer id in the host table; undefined when it is empty. */
  idRange(): Promise<{ min: number; max: number } | undefined>;
  /**
   * A query selecting `customer_id` and `recipient` (e-mail or mobile, by channel) of the
   * customers the filter selects within the id range.
   */
  select(
    filter: unknown,
    channel: ChannelName,
    range: { from: number; to: number },
  ): Knex.QueryBuilder;
}
