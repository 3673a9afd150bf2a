import { actionsFor, type CampaignAction } from '../../campaigns/transitions.js';
import type { CampaignProgress, CampaignRow, CampaignStatus } from '../../campaigns/types.js';
import type { Translate } from './screen-kit.js';

/** Statuses after which nothing changes any more; the page stops asking. */
const FINAL: ReadonlySet<CampaignStatus> = new Set(['completed', 'cancelled']);

/** What `GET …/campaigns/:id/progress` answers, and what the page first shows. */
export interface ProgressView {
  readonly status: CampaignStatus;
  /** The status in the operator's language. */
  readonly statusLabel: string;
  /** Deliveries by status, their total, and `left` (queued and sending). */
  readonly counts: CampaignProgress;
  /** Deliveries that reached an outcome: everything but queued and sending. */
  readonly done: number;
  /** `done` of `total`, 0–100, rounded down so that 100 means every one. */
  readonly percent: number;
  /** Whether the audience is still being put in the queue (the total still grows). */
  readonly enqueuing: boolean;
  /**
   * What the operator may do now: `actionsFor` the status, less `resend` while nothing has
   * failed. The page shows those buttons only.
   */
  readonly actions: readonly CampaignAction[];
  /** Completed or cancelled: the numbers will not change again. */
  readonly final: boolean;
  /** The progress as a sentence, for screen readers. */
  readonly summary: string;
}

/** The progress of a campaign as the page and its script show it. */
export function progressView(
  campaign: CampaignRow,
  counts: CampaignProgress,
  t: Translate,
): ProgressView {
  const done = counts.total - counts.left;
  const percent = counts.total === 0 ? 0 : Math.floor((done * 100) / counts.total);
  const enqueuing = campaign.status === 'running' && !campaign.enqueue_finished_at;
  return {
    status: campaign.status,
    statusLabel: t(`campaigns.status.${campaign.status}`),
    counts,
    done,
    percent,
    enqueuing,
    actions: actionsFor(campaign.status).filter(
      (action) => action !== 'resend' || counts.failed > 0,
    ),
    final: FINAL.has(campaign.status),
    summary: t('screens.progress.summary', {
      percent,
      sent: counts.sent,
      failed: counts.failed,
      skipped: counts.skipped,
      left: counts.left,
      total: counts.total,
    }),
  };
}
