import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { RecadoError } from '../core/errors.js';
import { toSqlTime } from '../lib/time.js';
import { enqueueAudience } from '../queue/enqueue-audience.js';
import type { DeliveryStatus } from '../queue/types.js';
import { allowedFrom, refuse, targetOf, type CampaignAction } from './transitions.js';
import type { AudienceSource, CampaignProgress, CampaignRow, NewCampaign } from './types.js';

/** `run_at` of the queued rows of a paused campaign: never due, so never claimed. */
export const PAUSED_RUN_AT = '9999-12-31 00:00:00.000';

const STATUSES: readonly DeliveryStatus[] = [
  'queued',
  'sending',
  'sent',
  'failed',
  'skipped',
  'cancelled',
  'unknown',
];

/**
 * The campaign lifecycle: draft → scheduled → running ⇄ paused → completed, or cancelled.
 * Every change is a conditional UPDATE on the current status, so two operators or two
 * machines acting at once cannot both start (or both enqueue) the same campaign.
 */
export class Campaigns {
  readonly #db: Knex;
  readonly #logger: Logger;
  readonly #audience: AudienceSource;
  readonly #now: () => Date;

  constructor(deps: { db: Knex; logger: Logger; audience: AudienceSource; now?: () => Date }) {
    this.#db = deps.db;
    this.#logger = deps.logger.child({ component: 'campaigns' });
    this.#audience = deps.audience;
    this.#now = deps.now ?? (() => new Date());
  }

  async create(campaign: NewCampaign): Promise<number> {
    const stamp = toSqlTime(this.#now());
    const [id] = await this.#db('recado_campaigns').insert({
      channel: campaign.channel,
      name: campaign.name,
      account_id: campaign.accountId,
      template_id: campaign.templateId,
      filter: JSON.stringify(campaign.filter),
      kind: campaign.kind ?? 'marketing',
      status: 'draft',
      created_by: campaign.createdBy ?? null,
      created_at: stamp,
      updated_at: stamp,
    });
    return Number(id);
  }

  async get(id: number): Promise<CampaignRow> {
    const row = await this.#db<CampaignRow>('recado_campaigns').where({ id }).first();
    if (!row) throw new RecadoError('RECADO_CAMPAIGN_NOT_FOUND', { id });
    return row;
  }

  async schedule(id: number, at: Date): Promise<void> {
    await this.#transition(id, 'schedule', { scheduled_at: toSqlTime(at) });
  }

  /** Starts a campaign now and enqueues its audience; returns the deliveries added. */
  async start(id: number): Promise<number> {
    await this.#transition(id, 'start', { started_at: toSqlTime(this.#now()) });
    return this.enqueue(id);
  }

  async pause(id: number): Promise<void> {
    await this.#transition(id, 'pause');
    await this.#deliveries(id).where('status', 'queued').update({ run_at: PAUSED_RUN_AT });
  }

  async resume(id: number): Promise<void> {
    await this.#transition(id, 'resume');
    const now = toSqlTime(this.#now());
    await this.#deliveries(id)
      .where({ status: 'queued', run_at: PAUSED_RUN_AT })
      .update({ run_at: now });
    const campaign = await this.get(id);
    if (!campaign.enqueue_finished_at) await this.enqueue(id);
  }

  /** Cancels the campaign; what was not sent yet is marked cancelled. */
  async cancel(id: number): Promise<void> {
    await this.#transition(id, 'cancel', { finished_at: toSqlTime(this.#now()) });
    const now = toSqlTime(this.#now());
    await this.#deliveries(id)
      .where('status', 'queued')
      .update({ status: 'cancelled', updated_at: now });
  }

  /** Puts the failed deliveries back in the queue with fresh attempts; returns how many. */
  async resendFailed(id: number): Promise<number> {
    await this.#transition(id, 'resend', { finished_at: null });
    const now = toSqlTime(this.#now());
    return this.#deliveries(id).where('status', 'failed').update({
      status: 'queued',
      attempts: 0,
      run_at: now,
      error_code: null,
      error_reason: null,
      updated_at: now,
    });
  }

  async progress(id: number): Promise<CampaignProgress> {
    const rows = (await this.#deliveries(id)
      .select('status')
      .count({ n: '*' })
      .groupBy('status')) as { status: DeliveryStatus; n: number | string }[];
    const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<
      DeliveryStatus,
      number
    >;
    for (const row of rows) counts[row.status] = Number(row.n);
    const total = STATUSES.reduce((sum, status) => sum + counts[status], 0);
    return { ...counts, total, left: counts.queued + counts.sending };
  }

  /**
   * Enqueues the audience of a running campaign, chunk by chunk, stopping early if the
   * campaign is paused or cancelled meanwhile. Safe to call again after an interruption.
   */
  async enqueue(id: number): Promise<number> {
    const campaign = await this.get(id);
    const range = await this.#audience.idRange();
    const filter = JSON.parse(campaign.filter) as unknown;
    let added = 0;
    let interrupted = false;
    if (range) {
      added = await enqueueAudience(this.#db, {
        dedupePrefix: `campaign:${id}:`,
        channel: campaign.channel,
        accountId: campaign.account_id,
        source: 'campaign',
        sourceId: String(id),
        campaignId: id,
        kind: campaign.kind,
        templateId: campaign.template_id,
        runAt: this.#now(),
        idRange: range,
        select: (ids) => this.#audience.select(filter, campaign.channel, ids),
        shouldContinue: async () => {
          interrupted = (await this.get(id)).status !== 'running';
          return !interrupted;
        },
      });
    }
    await this.#db('recado_campaigns')
      .where({ id })
      .update({
        enqueued: this.#db.raw('?? + ?', ['enqueued', added]),
        enqueue_finished_at: interrupted ? null : toSqlTime(this.#now()),
        updated_at: toSqlTime(this.#now()),
      });
    // A pause or cancel that landed while a chunk was being inserted missed that chunk's rows.
    if (interrupted) await this.#applyStatusToQueued(id);
    this.#logger.info(
      { event: 'campaign.enqueued', campaignId: id, added, interrupted },
      'enqueued',
    );
    return added;
  }

  /** Periodic: starts scheduled campaigns whose time came. Returns the ids started. */
  async startDue(): Promise<number[]> {
    const due = await this.#db<CampaignRow>('recado_campaigns')
      .where('status', 'scheduled')
      .where('scheduled_at', '<=', toSqlTime(this.#now()))
      .pluck('id');
    const started: number[] = [];
    for (const id of due) {
      try {
        await this.start(Number(id));
        started.push(Number(id));
      } catch (error) {
        // Another scheduler started it first; the conditional update refused this one.
        if (!(error instanceof RecadoError && error.code === 'RECADO_CAMPAIGN_STATE')) throw error;
      }
    }
    return started;
  }

  /** Periodic: finishes enqueues that were interrupted and completes finished campaigns. */
  async settle(): Promise<void> {
    const unfinished = await this.#db<CampaignRow>('recado_campaigns')
      .where('status', 'running')
      .whereNull('enqueue_finished_at')
      .pluck('id');
    for (const id of unfinished) await this.enqueue(Number(id));

    const busy = this.#db('recado_deliveries')
      .select(this.#db.raw('1'))
      .whereRaw('?? = ??', ['recado_deliveries.campaign_id', 'recado_campaigns.id'])
      .whereIn('status', ['queued', 'sending']);
    await this.#db('recado_campaigns')
      .where('status', 'running')
      .whereNotNull('enqueue_finished_at')
      .whereNotExists(busy)
      .update({
        status: 'completed',
        finished_at: toSqlTime(this.#now()),
        updated_at: toSqlTime(this.#now()),
      });
  }

  async #applyStatusToQueued(id: number): Promise<void> {
    const { status } = await this.get(id);
    const queued = this.#deliveries(id).where('status', 'queued');
    if (status === 'paused') await queued.update({ run_at: PAUSED_RUN_AT });
    if (status === 'cancelled') {
      await queued.update({ status: 'cancelled', updated_at: toSqlTime(this.#now()) });
    }
  }

  async #transition(id: number, action: CampaignAction, extra: Record<string, unknown> = {}) {
    const changed = await this.#db('recado_campaigns')
      .where({ id })
      .whereIn('status', allowedFrom(action))
      .update({ status: targetOf(action), updated_at: toSqlTime(this.#now()), ...extra });
    if (changed === 1) {
      this.#logger.info({ event: `campaign.${action}`, campaignId: id }, `campaign ${action}`);
      return;
    }
    throw refuse(action, (await this.get(id)).status);
  }

  #deliveries(id: number) {
    return this.#db('recado_deliveries').where('campaign_id', id);
  }
}
