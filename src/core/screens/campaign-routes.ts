import type { Request, Response } from 'express';
import type { CampaignRow } from '../../campaigns/types.js';
import type { DeliveryStatus } from '../../queue/types.js';
import type { AppContext } from '../app-module.js';
import type { AppRoutes } from '../app-routes.js';
import { isRecadoError, RecadoError } from '../errors.js';
import { GroupStore } from '../groups/index.js';
import { runAction, scheduledAt, settleSoon, STATUS_ACTIONS } from './campaign-actions.js';
import { campaignFormInput, readCampaign } from './campaign-input.js';
import { CampaignLog, DELIVERY_STATUSES } from './campaign-log.js';
import { progressView } from './campaign-progress.js';
import { queueCampaignTest } from './campaign-test.js';
import { CampaignScreens, type CampaignPageData } from './campaign-view.js';
import { mountScreenAsset } from './assets.js';
import type { LocalDateTime } from './local-time.js';
import { formText, queryText, routeId } from './screen-kit.js';
import { TemplateStore } from './template-store.js';
import type { CampaignScreenOptions } from './types.js';

/** Campaigns a page of the list shows, newest first. */
const LIST_LIMIT = 100;
/** Recipients the page lists before a campaign starts. */
const FIRST_RECIPIENTS = 10;
/** Errors a form shows beside its fields instead of an error page. */
const FORM_ERRORS: ReadonlySet<string> = new Set([
  'RECADO_CAMPAIGN_INPUT_INVALID',
  'RECADO_CAMPAIGN_TEMPLATE_NEEDS_INVOICE',
  'RECADO_FILTER_INVALID',
  'RECADO_GROUP_NOT_FOUND',
  'RECADO_CAMPAIGN_TEST_RECIPIENT_INVALID',
  'RECADO_CAMPAIGN_AUDIENCE_EMPTY',
  'RECADO_CAMPAIGN_SCHEDULE_INVALID',
  'RECADO_CAMPAIGN_SCHEDULE_PAST',
]);

function formError(error: unknown): RecadoError {
  if (isRecadoError(error) && FORM_ERRORS.has(error.code)) return error;
  throw error;
}

/**
 * Mounts one channel's campaigns on an app's router:
 *
 * - `GET /campaigns` list (view) · `GET /campaigns/new` form (manage) · `POST /campaigns` create
 *   a draft (manage) · `GET /campaigns/:id[?status=failed&page=2]` page and log (view)
 * - `GET /campaigns/:id/progress` → `ProgressView` (view), polled by the page
 * - `POST /campaigns/:id/{test,schedule,start,pause,resume,cancel,resend}` (manage)
 *
 * A transition the status does not allow answers `RECADO_CAMPAIGN_STATE` (409), translated.
 */
export function campaignRoutes(
  routes: AppRoutes,
  context: AppContext,
  options: CampaignScreenOptions,
): void {
  const { services, db } = context;
  const { campaigns, filters } = services;
  const templates = new TemplateStore({ db, channel: options.channel, now: context.now });
  const groups = new GroupStore({ db, filters, now: context.now });
  const log = new CampaignLog({ db, mapping: context.mapping });
  const screens = new CampaignScreens(context, options);
  const self = (campaign: { id: number }) => `${screens.kit.base}/${campaign.id}`;

  const load = async (req: Request): Promise<CampaignRow> => {
    const campaign = await campaigns.get(routeId(req, 'RECADO_CAMPAIGN_NOT_FOUND'));
    if (campaign.channel !== options.channel) {
      throw new RecadoError('RECADO_CAMPAIGN_NOT_FOUND', { id: campaign.id });
    }
    return campaign;
  };
  const choices = async () => ({
    templates: await templates.list(),
    accounts: await options.accounts.list(),
    groups: await groups.list(),
    presets: groups.presets(),
  });

  const showPage = async (
    req: Request,
    res: Response,
    campaign: CampaignRow,
    extra: Pick<CampaignPageData, 'error' | 'typed'> = {},
  ) => {
    const status = queryText(req, 'status') as DeliveryStatus | undefined;
    const logStatus = status && DELIVERY_STATUSES.includes(status) ? status : undefined;
    const page = Number(queryText(req, 'page') ?? 1) || 1;
    const filter = JSON.parse(campaign.filter) as unknown;
    const before = campaign.status === 'draft' || campaign.status === 'scheduled';
    const [template, accounts, counts, tests, entries] = await Promise.all([
      campaign.template_id === null
        ? undefined
        : templates.get(campaign.template_id).catch(() => undefined),
      options.accounts.list(),
      campaigns.progress(campaign.id),
      log.tests(campaign.id),
      log.page(campaign.id, { status: logStatus, page }),
    ]);
    const audience = before
      ? {
          count: await filters.count(filter),
          first: (await filters.page(filter, { limit: FIRST_RECIPIENTS })).matches,
        }
      : undefined;
    screens.page(req, res, {
      campaign,
      template,
      account: accounts.find((account) => account.id === campaign.account_id),
      progress: progressView(campaign, counts, screens.kit.translate(req)),
      audience,
      tests,
      log: entries,
      logStatus,
      ...extra,
    });
  };

  mountScreenAsset(routes, 'campaignProgress', options.view);
  routes.get('/campaigns', options.view, async (req, res) => {
    const rows = (await db('recado_campaigns')
      .where({ channel: options.channel })
      .orderBy('id', 'desc')
      .limit(LIST_LIMIT)) as CampaignRow[];
    const counts = await log.counts(rows.map((row) => Number(row.id)));
    screens.list(
      req,
      res,
      rows.map((campaign) => ({ campaign, counts: counts.get(Number(campaign.id)) ?? {} })),
    );
  });
  routes.get('/campaigns/new', options.manage, async (req, res) => {
    const form = campaignFormInput({ filter: JSON.stringify({ all: [] }) });
    screens.form(req, res, form, await choices());
  });
  routes.post('/campaigns', options.manage, async (req, res) => {
    const form = campaignFormInput(req.body);
    const offered = await choices();
    let id: number;
    try {
      const campaign = await readCampaign(form, {
        ...offered,
        channel: options.channel,
        filters,
        groupStore: groups,
      });
      const createdBy = context.host.operator(req)?.name.slice(0, 64);
      id = await campaigns.create({ ...campaign, createdBy });
    } catch (error) {
      return screens.form(req, res, form, offered, formError(error));
    }
    res.redirect(303, `${self({ id })}?done=created`);
  });
  routes.json('get', '/campaigns/:id/progress', options.view, async (req) => {
    const campaign = await load(req);
    return progressView(
      campaign,
      await campaigns.progress(campaign.id),
      screens.kit.translate(req),
    );
  });
  routes.get('/campaigns/:id', options.view, async (req, res) => {
    await showPage(req, res, await load(req));
  });
  routes.post('/campaigns/:id/test', options.manage, async (req, res) => {
    const campaign = await load(req);
    const to = formText(req, 'to');
    try {
      await queueCampaignTest({ db, filters, now: context.now }, campaign, to);
    } catch (error) {
      return showPage(req, res, campaign, {
        error: { form: 'test', error: formError(error) },
        typed: { to },
      });
    }
    res.redirect(303, `${self(campaign)}?done=test`);
  });
  routes.post('/campaigns/:id/schedule', options.manage, async (req, res) => {
    const campaign = await load(req);
    const local: LocalDateTime = { date: formText(req, 'date'), time: formText(req, 'time') };
    try {
      await campaigns.schedule(campaign.id, scheduledAt(local, context.timeZone, context.now()));
    } catch (error) {
      const refused = { form: 'schedule' as const, error: formError(error) };
      return showPage(req, res, campaign, { error: refused, typed: { schedule: local } });
    }
    res.redirect(303, `${self(campaign)}?done=schedule`);
  });
  for (const action of STATUS_ACTIONS) {
    routes.post(`/campaigns/:id/${action}`, options.manage, async (req, res) => {
      const campaign = await load(req);
      const done = runAction(campaigns, action, campaign.id);
      await settleSoon(done, context.logger, { campaignId: campaign.id, action });
      res.redirect(303, `${self(campaign)}?done=${action}`);
    });
  }
}
