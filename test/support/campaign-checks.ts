import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Sinks } from '../../src/panel/sinks/index.js';
import {
  createCityCampaign,
  createTemplate,
  enableApp,
  marketingHoursClock,
  readOutbox,
  signIn,
  startAndWatch,
  usePanelInBrowser,
  type OutboxCard,
  type PanelInBrowser,
  type ProgressFigures,
  type TemplateText,
} from './browser.js';
import type { TestDatabase } from './databases.js';

/** How long a campaign of a city may take: enqueue → scheduler's worker → sink → completed. */
const CAMPAIGN_WAIT_MS = 60_000;

/** Name of the account or gateway each campaign test creates for its channel's sink. */
export const SINK_ACCOUNT = 'Sink de teste';

/** How a campaign test readies its channel through the panel. */
export interface ChannelSetup {
  readonly channel: 'email' | 'sms';
  /** Creates, on the app's own form, the account named `SINK_ACCOUNT` that sends to the sink. */
  readonly createAccount: (page: Page, appUrl: string, sinks: Sinks) => Promise<void>;
  readonly template: TemplateText;
}

/**
 * `usePanelInBrowser` with the panel's clock inside the marketing sending hours
 * (`marketingHoursClock`), as campaign tests need.
 */
export function useCampaignPanel(suite: string): () => PanelInBrowser {
  return usePanelInBrowser(suite, () => ({ now: marketingHoursClock() }));
}

/**
 * Opens a page, signs in as the admin, enables the channel's app in the marketplace and
 * creates the sink's account and the template through the app's screens. Returns the page.
 */
export async function readyChannel(fixture: PanelInBrowser, setup: ChannelSetup): Promise<Page> {
  const { browser, running, sinks } = fixture;
  const page = await browser.newPage();
  const appUrl = `${running.baseUrl}/apps/${setup.channel}`;
  await signIn(page, running.baseUrl);
  await enableApp(page, running.baseUrl, setup.channel);
  await setup.createAccount(page, appUrl, sinks);
  await createTemplate(page, appUrl, setup.channel, setup.template);
  return page;
}

/** What a finished campaign left behind, for the channel's own checks. */
export interface CheckedCampaign {
  readonly id: number;
  /** Each customer's outcome by id, as checked. */
  readonly outcomes: Record<string, Outcome>;
  /** The channel's messages in the outbox: exactly one to each address sent to. */
  readonly outbox: OutboxCard[];
}

/**
 * Sends a marketing campaign of the setup's template through `SINK_ACCOUNT` to a city
 * (`createCityCampaign`, then `startAndWatch`) and checks what holds for every channel: the
 * builder's preview counts the whole city; the finished page shows the figures of the
 * expected outcomes; each customer's delivery ended as `expectedOutcomes`, read before the
 * start, says (sent to their address, or skipped with its reason); and the channel's outbox
 * holds one message to each address sent to, none missing and none besides.
 */
export async function sendCityCampaign(
  fixture: PanelInBrowser,
  page: Page,
  setup: ChannelSetup,
  city: string,
): Promise<CheckedCampaign> {
  const { database, running } = fixture;
  const { channel, template } = setup;
  const outcomes = await expectedOutcomes(database, city, channel);
  const created = await createCityCampaign(page, `${running.baseUrl}/apps/${channel}`, channel, {
    name: `${template.name}: ${city}`,
    city,
    template: template.name,
    account: SINK_ACCOUNT,
  });
  expect(created.previewCount, 'the preview counts the whole city').to.equal(
    Object.keys(outcomes).length,
  );

  const figures = await startAndWatch(page, CAMPAIGN_WAIT_MS);
  expect(figures, 'the figures of the finished campaign').to.deep.equal(figuresOf(outcomes));
  expect(await recordedOutcomes(database, created.id)).to.deep.equal(outcomes);
  const outbox = await readOutbox(page, running.baseUrl, channel);
  const recipients = outbox.map((message) => message.recipient).sort();
  expect(recipients, 'the outbox recipients').to.deep.equal(sentAddresses(outcomes));
  return { id: created.id, outcomes, outbox };
}

/** What became, or must become, of one customer of a campaign. */
export interface Outcome {
  readonly status: string;
  /** The address a sent message went to. */
  readonly recipient?: string;
  /** The code of a skip or a failure. */
  readonly code?: string;
}

interface CustomerRow {
  readonly id: number;
  readonly city: string;
  readonly email: string | null;
  readonly mobile: string | null;
  readonly status: string;
}

/** The customer column each channel sends to. */
const ADDRESS_OF = { email: 'email', sms: 'mobile' } as const;

/**
 * The smallest city of the demo data with at least `reachable` customers a marketing
 * campaign of the channel reaches and at least one, not cancelled, without an address for
 * it: an audience small enough to check message by message that takes the skip path too.
 */
export async function cityWithUnreachable(
  database: TestDatabase,
  channel: 'email' | 'sms',
  reachable: number,
): Promise<string> {
  const customers = (await database.db('customers')) as CustomerRow[];
  const cities = [...new Set(customers.map((customer) => customer.city))].map((city) => {
    const living = customers.filter((c) => c.city === city && c.status !== 'cancelled');
    const reached = living.filter((c) => c[ADDRESS_OF[channel]]).length;
    return { city, size: living.length, reached, missing: living.length - reached };
  });
  const fit = cities
    .filter((city) => city.reached >= reachable && city.missing > 0)
    .sort((a, b) => a.size - b.size || a.city.localeCompare(b.city))[0];
  if (!fit) throw new Error(`no city of the demo data has a customer without ${channel}`);
  return fit.city;
}

/**
 * What a marketing campaign to a city must do for each of its customers, by customer id,
 * read from the database as the composer decides at send time: skip who opted out of the
 * channel, then who cancelled, then who has no address for it (the demo's addresses are
 * all valid or empty); send to everyone else at their address.
 */
async function expectedOutcomes(
  database: TestDatabase,
  city: string,
  channel: 'email' | 'sms',
): Promise<Record<string, Outcome>> {
  const customers = (await database.db('customers').where({ city })) as CustomerRow[];
  const optedOut = new Set(
    await database.db('recado_opt_outs').where({ channel }).pluck('customer_id'),
  );
  const outcomes: Record<string, Outcome> = {};
  for (const customer of customers) {
    const address = customer[ADDRESS_OF[channel]];
    outcomes[customer.id] = optedOut.has(customer.id)
      ? { status: 'skipped', code: 'RECADO_SKIP_OPTED_OUT' }
      : customer.status === 'cancelled'
        ? { status: 'skipped', code: 'RECADO_SKIP_CUSTOMER_CANCELLED' }
        : !address
          ? { status: 'skipped', code: 'RECADO_SKIP_NO_ADDRESS' }
          : { status: 'sent', recipient: address };
  }
  return outcomes;
}

/** What the campaign's deliveries recorded, by customer id, in the shape of `Outcome`. */
async function recordedOutcomes(
  database: TestDatabase,
  campaignId: number,
): Promise<Record<string, Outcome>> {
  const rows = (await database
    .db('recado_deliveries')
    .where({ campaign_id: campaignId, source: 'campaign' })) as {
    customer_id: number;
    status: string;
    recipient: string | null;
    error_code: string | null;
  }[];
  return Object.fromEntries(
    rows.map((row) => [
      row.customer_id,
      row.status === 'sent'
        ? { status: row.status, recipient: row.recipient ?? '' }
        : { status: row.status, code: row.error_code ?? '' },
    ]),
  );
}

/** The progress figures a finished campaign must show for these outcomes. */
function figuresOf(outcomes: Record<string, Outcome>): ProgressFigures {
  const count = (status: string) =>
    Object.values(outcomes).filter((outcome) => outcome.status === status).length;
  return { queued: 0, sent: count('sent'), failed: 0, skipped: count('skipped'), left: 0 };
}

/** The addresses messages went to, sorted. */
function sentAddresses(outcomes: Record<string, Outcome>): string[] {
  return Object.values(outcomes)
    .filter((outcome) => outcome.status === 'sent')
    .map((outcome) => outcome.recipient ?? '')
    .sort();
}
