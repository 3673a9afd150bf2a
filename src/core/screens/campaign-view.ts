import type { Request, Response } from 'express';
import type { CampaignRow } from '../../campaigns/types.js';
import { fromSqlTime } from '../../lib/time.js';
import type { DeliveryStatus } from '../../queue/types.js';
import type { AppContext } from '../app-module.js';
import type { RecadoError } from '../errors.js';
import type { FilterMatch, FilterTree } from '../filters/index.js';
import {
  describeFilter,
  filterBuilderView,
  type PresetGroup,
  type SavedGroup,
} from '../groups/index.js';
import { CAMPAIGN_NAME_MAX, inputOf, type CampaignFormInput } from './campaign-input.js';
import { DELIVERY_STATUSES, type LogEntry, type LogPage } from './campaign-log.js';
import type { ProgressView } from './campaign-progress.js';
import { instantToLocal, type LocalDateTime } from './local-time.js';
import { ScreenKit, type Translate } from './screen-kit.js';
import type { SavedTemplate } from './template-store.js';
import type { AccountChoice, ScreenOptions } from './types.js';

/** What the campaign form offers. */
export interface CampaignFormChoices {
  readonly templates: readonly SavedTemplate[];
  readonly accounts: readonly AccountChoice[];
  readonly groups: readonly SavedGroup[];
  readonly presets: readonly PresetGroup[];
}

/** Everything the campaign page shows, loaded by the route. */
export interface CampaignPageData {
  readonly campaign: CampaignRow;
  readonly template: SavedTemplate | undefined;
  readonly account: AccountChoice | undefined;
  readonly progress: ProgressView;
  /** Count and first recipients; only before the campaign starts. */
  readonly audience?: { readonly count: number; readonly first: readonly FilterMatch[] };
  readonly tests: readonly LogEntry[];
  readonly log: LogPage;
  readonly logStatus: DeliveryStatus | undefined;
  /** A refused test or schedule, shown beside its form; the typed values come back. */
  readonly error?: { readonly form: 'test' | 'schedule'; readonly error: RecadoError };
  readonly typed?: { readonly to?: string; readonly schedule?: LocalDateTime };
}

/** Texts of the progress script. */
const SCRIPT_TEXTS = ['poll_failed', 'finished', 'confirm_cancel'] as const;

/** Renders the campaign pages of one app (`views/shared/campaign*.eta`). */
export class CampaignScreens {
  readonly kit: ScreenKit;

  constructor(context: AppContext, options: ScreenOptions) {
    this.kit = new ScreenKit(context, options, 'campaigns');
  }

  list(
    req: Request,
    res: Response,
    rows: readonly { campaign: CampaignRow; counts: Record<string, number> }[],
  ) {
    const t = this.kit.translate(req);
    const when = this.#when(req);
    this.kit.render(req, res, 'shared/campaigns', {
      title: t(`screens.campaigns.title.${this.kit.options.channel}`),
      campaigns: rows.map(({ campaign, counts }) => {
        const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
        const left = (counts.queued ?? 0) + (counts.sending ?? 0);
        return {
          id: campaign.id,
          name: campaign.name,
          status: campaign.status,
          statusLabel: t(`campaigns.status.${campaign.status}`),
          sent: counts.sent ?? 0,
          failed: counts.failed ?? 0,
          skipped: counts.skipped ?? 0,
          left,
          total,
          when: when(campaign.scheduled_at ?? campaign.created_at),
        };
      }),
    });
  }

  form(
    req: Request,
    res: Response,
    form: CampaignFormInput,
    choices: CampaignFormChoices,
    error?: RecadoError,
  ) {
    const t = this.kit.translate(req);
    const locale = this.kit.locale(req);
    const field = error && { ...this.kit.fieldError(req, inputOf(error), error) };
    const path = error?.code === 'RECADO_FILTER_INVALID' ? String(error.details.path ?? '') : '';
    const builder = filterBuilderView(this.kit.context, locale, {
      filter: parseOr(form.filter, { all: [] }),
      error: field?.field === 'filter' ? { message: field.message, path } : undefined,
    });
    const words = { t, locale };
    this.kit.render(
      req,
      res,
      'shared/campaign-form',
      {
        title: t('screens.campaign.new_title'),
        input: form,
        nameMax: CAMPAIGN_NAME_MAX,
        error: field ?? null,
        builder,
        templates: choices.templates.map((template) => ({ id: template.id, name: template.name })),
        accounts: choices.accounts,
        defaultAccount: choices.accounts.find((account) => account.isDefault)?.id ?? null,
        groups: [
          ...choices.presets.map((preset) => ({
            ref: preset.ref,
            name: t(preset.label),
            summary: describeFilter(preset.filter, words),
          })),
          ...choices.groups.map((group) => ({
            ref: `group:${group.id}`,
            name: group.name,
            summary: describeFilter(group.filter, words),
          })),
        ],
      },
      error ? 422 : 200,
    );
  }

  page(req: Request, res: Response, data: CampaignPageData): void {
    const t = this.kit.translate(req);
    const locale = this.kit.locale(req);
    const { campaign } = data;
    const when = this.#when(req);
    const base = `${this.kit.base}/${campaign.id}`;
    const error = data.error && this.kit.fieldError(req, data.error.form, data.error.error);
    const nextHour = new Date(this.kit.context.now().getTime() + 3_600_000);
    this.kit.render(
      req,
      res,
      'shared/campaign',
      {
        title: campaign.name,
        campaign: {
          id: campaign.id,
          name: campaign.name,
          kindLabel: t(`screens.campaign.kind.${campaign.kind}`),
          audience: describeFilter(JSON.parse(campaign.filter) as FilterTree, { t, locale }),
          template: data.template?.name ?? t('screens.campaign.template_gone'),
          account: data.account?.name ?? t('screens.campaign.account_gone'),
          created: when(campaign.created_at),
          scheduled: when(campaign.scheduled_at),
          started: when(campaign.started_at),
          finished: when(campaign.finished_at),
        },
        self: base,
        progress: data.progress,
        progressJson: JSON.stringify(data.progress),
        audience: data.audience && {
          count: data.audience.count,
          first: data.audience.first.map((match) => ({
            id: match.id,
            name: match.name,
            address: this.kit.options.channel === 'email' ? match.email : match.mobile,
          })),
        },
        tests: data.tests.map((entry) => this.#entry(entry, t, when)),
        log: {
          ...data.log,
          entries: data.log.entries.map((entry) => this.#entry(entry, t, when)),
          status: data.logStatus ?? '',
          statuses: DELIVERY_STATUSES.map((status) => ({
            status,
            label: t(`screens.delivery.${status}`),
          })),
        },
        done: typeof req.query.done === 'string' ? req.query.done : null,
        error: error ?? null,
        typed: {
          to: data.typed?.to ?? '',
          schedule: data.typed?.schedule ?? instantToLocal(nextHour, this.kit.context.timeZone),
        },
        timeZone: this.kit.context.timeZone,
        scriptJson: JSON.stringify({
          progressUrl: `${base}/progress`,
          text: Object.fromEntries(SCRIPT_TEXTS.map((key) => [key, t(`screens.progress.${key}`)])),
        }),
      },
      data.error?.error.status ?? 200,
    );
  }

  #entry(entry: LogEntry, t: Translate, when: (text: string | null) => string | null) {
    return {
      id: entry.id,
      customer: entry.customerName ?? (entry.customerId === null ? '' : `#${entry.customerId}`),
      recipient: entry.recipient ?? '',
      status: entry.status,
      statusLabel: t(`screens.delivery.${entry.status}`),
      reason: this.#reason(entry, t),
      sent: entry.sentAt ? when(entry.sentAt.toISOString()) : null,
      attempts: entry.attempts,
    };
  }

  /** A known code in the operator's language; otherwise the reason the worker recorded. */
  #reason(entry: LogEntry, t: Translate): string {
    if (!entry.errorCode && !entry.errorReason) return '';
    const key = `screens.reason.${entry.errorCode ?? ''}`;
    const known = entry.errorCode && this.kit.context.i18n.has(key) ? t(key) : undefined;
    return known ?? entry.errorReason ?? entry.errorCode ?? '';
  }

  /** A stored UTC time (or ISO text) in the provider's zone and the operator's words. */
  #when(req: Request): (text: string | null) => string | null {
    const format = new Intl.DateTimeFormat(this.kit.locale(req), {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: this.kit.context.timeZone,
    });
    return (text) => {
      if (!text) return null;
      return format.format(text.includes('T') ? new Date(text) : fromSqlTime(text));
    };
  }
}

function parseOr(text: string, fallback: unknown): unknown {
  try {
    return text.trim() ? (JSON.parse(text) as unknown) : fallback;
  } catch {
    return fallback;
  }
}
