import { RecadoError } from '../core/errors.js';
import type { CampaignStatus } from './types.js';

/** What an operator can do to a campaign. */
export type CampaignAction = 'schedule' | 'start' | 'pause' | 'resume' | 'cancel' | 'resend';

/** From which statuses each action is allowed, and the status it leads to. */
const TRANSITIONS: Readonly<
  Record<CampaignAction, { from: CampaignStatus[]; to: CampaignStatus }>
> = {
  schedule: { from: ['draft', 'scheduled'], to: 'scheduled' },
  start: { from: ['draft', 'scheduled'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'scheduled', 'running', 'paused'], to: 'cancelled' },
  resend: { from: ['running', 'paused', 'completed'], to: 'running' },
};

export function allowedFrom(action: CampaignAction): readonly CampaignStatus[] {
  return TRANSITIONS[action].from;
}

export function targetOf(action: CampaignAction): CampaignStatus {
  return TRANSITIONS[action].to;
}

/** The actions a campaign in a status offers, for the buttons of its page. */
export function actionsFor(status: CampaignStatus): CampaignAction[] {
  return (Object.keys(TRANSITIONS) as CampaignAction[]).filter((action) =>
    TRANSITIONS[action].from.includes(status),
  );
}

export function refuse(action: CampaignAction, status: CampaignStatus): RecadoError {
  return new RecadoError('RECADO_CAMPAIGN_STATE', {
    action: `campaigns.action.${action}`,
    status: `campaigns.status.${status}`,
  });
}
