import type { Logger } from 'pino';
import type { Campaigns } from '../../campaigns/campaigns.js';
import type { CampaignAction } from '../../campaigns/transitions.js';
import { RecadoError } from '../errors.js';
import { localToInstant, type LocalDateTime } from './local-time.js';

/** How long a start or resume may hold the page before it answers anyway, in ms. */
const ACTION_WAIT_MS = 2_000;

/** Buttons that only change the status; each answers with the campaign page. */
export const STATUS_ACTIONS: readonly StatusAction[] = [
  'start',
  'pause',
  'resume',
  'cancel',
  'resend',
];

/** An action of a button; scheduling takes a date and has its own route. */
export type StatusAction = Exclude<CampaignAction, 'schedule'>;

/** Runs one button's action on the campaign. */
export function runAction(
  campaigns: Campaigns,
  action: StatusAction,
  id: number,
): Promise<unknown> {
  if (action === 'start') return campaigns.start(id);
  if (action === 'pause') return campaigns.pause(id);
  if (action === 'resume') return campaigns.resume(id);
  if (action === 'cancel') return campaigns.cancel(id);
  return campaigns.resendFailed(id);
}

/**
 * Waits for an action up to `ACTION_WAIT_MS`. Starting (and resuming) enqueues the whole
 * audience, chunk by chunk, which can take longer than an operator should wait for a page:
 * past the wait the page answers and the enqueue goes on, its total growing on the progress
 * bar. A refusal (the status does not allow it) comes at once, so it still reaches the page.
 */
export async function settleSoon(
  action: Promise<unknown>,
  logger: Logger,
  fields: { campaignId: number; action: string },
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'waited'>((resolve) => {
    timer = setTimeout(() => resolve('waited'), ACTION_WAIT_MS);
  });
  try {
    if ((await Promise.race([action, waited])) !== 'waited') return;
  } finally {
    clearTimeout(timer);
  }
  action.catch((error: unknown) => {
    // The campaigns.settle job finishes an enqueue that stopped half-way.
    logger.error({ err: error, event: 'campaign.action.failed', ...fields }, 'action failed');
  });
}

/** The instant a posted local date and time stand for in `timeZone`; it must be after `now`. */
export function scheduledAt(local: LocalDateTime, timeZone: string, now: Date): Date {
  const at = localToInstant(local, timeZone);
  if (!at) throw new RecadoError('RECADO_CAMPAIGN_SCHEDULE_INVALID');
  if (at.getTime() <= now.getTime()) {
    throw new RecadoError('RECADO_CAMPAIGN_SCHEDULE_PAST', { date: local.date, time: local.time });
  }
  return at;
}
