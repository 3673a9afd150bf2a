import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { CampaignRow } from '../../campaigns/types.js';
import { enqueueDeliveries } from '../../queue/enqueue-deliveries.js';
import { brazilianMobile, emailAddress } from '../compose/addresses.js';
import { RecadoError } from '../errors.js';
import type { FilterEngine } from '../filters/index.js';

/** A test message just put in the queue. */
export interface QueuedTest {
  /** The address as it will be sent to: trimmed, a mobile as E.164 digits. */
  readonly recipient: string;
  /** Whose data the message is rendered with: the campaign's first recipient. */
  readonly customer: { readonly id: number; readonly name: string };
}

/** The typed address checked for the campaign's channel, or a refusal naming it. */
export function testRecipient(channel: CampaignRow['channel'], typed: string): string {
  const recipient = channel === 'email' ? emailAddress(typed) : brazilianMobile(typed);
  if (recipient) return recipient;
  throw new RecadoError('RECADO_CAMPAIGN_TEST_RECIPIENT_INVALID', {
    recipient: typed.trim().slice(0, 80),
    expected: `screens.test.expected.${channel}`,
  });
}

/**
 * Queues one message of the campaign to an address the operator typed, rendered with the
 * data of the campaign's first recipient: source `test`, the campaign's kind, account and
 * template, and no `campaign_id`, so that it never counts in the campaign's progress. The
 * dedupe key is new on every click, so two clicks send two tests. The scheduler drains it
 * like any other delivery.
 */
export async function queueCampaignTest(
  deps: { db: Knex; filters: FilterEngine; now: () => Date },
  campaign: CampaignRow,
  typed: string,
): Promise<QueuedTest> {
  const recipient = testRecipient(campaign.channel, typed);
  const { matches } = await deps.filters.page(JSON.parse(campaign.filter) as unknown, { limit: 1 });
  const first = matches[0];
  if (!first) throw new RecadoError('RECADO_CAMPAIGN_AUDIENCE_EMPTY', { id: campaign.id });

  const now = deps.now();
  const click = `${now.getTime()}-${randomBytes(4).toString('hex')}`;
  await enqueueDeliveries(
    deps.db,
    [
      {
        dedupeKey: `test:campaign:${campaign.id}:${click}`,
        channel: campaign.channel,
        accountId: campaign.account_id,
        source: 'test',
        sourceId: String(campaign.id),
        campaignId: null,
        kind: campaign.kind,
        customerId: first.id,
        templateId: campaign.template_id,
        recipient,
        payload: { test: true },
      },
    ],
    now,
  );
  return { recipient, customer: { id: first.id, name: first.name } };
}
