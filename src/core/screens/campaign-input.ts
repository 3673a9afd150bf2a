import type { NewCampaign } from '../../campaigns/types.js';
import type { ChannelName, DeliveryKind } from '../../queue/types.js';
import { checkTemplate } from '../../templates/index.js';
import { RecadoError } from '../errors.js';
import type { FilterTree } from '../filters/index.js';
import { readPostedFilter, type GroupStore } from '../groups/index.js';
import type { SavedTemplate } from './template-store.js';
import type { AccountChoice } from './types.js';

/** Longest campaign name, in characters; the column holds 160. */
export const CAMPAIGN_NAME_MAX = 160;

/** The campaign form as posted, kept as text to show it back when it is refused. */
export interface CampaignFormInput {
  readonly name: string;
  /** `group`: a saved group or preset; `filter`: the filter builder's tree. */
  readonly audience: 'group' | 'filter';
  /** `preset:<id>` or `group:<id>`. */
  readonly group: string;
  /** The builder's JSON text. */
  readonly filter: string;
  readonly templateId: string;
  readonly accountId: string;
  readonly kind: DeliveryKind;
}

/** What a campaign is checked against: the choices the form offered. */
export interface CampaignChoices {
  readonly channel: ChannelName;
  readonly templates: readonly SavedTemplate[];
  readonly accounts: readonly AccountChoice[];
  /** Resolves a group reference to the filter it holds. */
  readonly groupStore: Pick<GroupStore, 'filterOf'>;
  readonly filters: { validate(input: unknown): FilterTree };
}

/** Reads the posted fields; nothing is checked yet. */
export function campaignFormInput(body: unknown): CampaignFormInput {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '');
  return {
    name: text('name'),
    audience: text('audience') === 'group' ? 'group' : 'filter',
    group: text('group'),
    filter: text('filter'),
    templateId: text('template'),
    accountId: text('account'),
    kind: text('kind') === 'transactional' ? 'transactional' : 'marketing',
  };
}

/** A refusal of one input; `input` says which, so the form shows it there. */
function invalid(input: string, reason: string, extra: Record<string, string | number> = {}) {
  return new RecadoError('RECADO_CAMPAIGN_INPUT_INVALID', {
    input,
    field: `screens.campaign.${input}`,
    reason: `screens.campaign.reason.${reason}`,
    ...extra,
  });
}

/** The input a refusal belongs to, for the form. */
export function inputOf(error: RecadoError): string {
  if (error.code === 'RECADO_FILTER_INVALID') return 'filter';
  if (error.code === 'RECADO_GROUP_NOT_FOUND') return 'group';
  if (error.code === 'RECADO_CAMPAIGN_TEMPLATE_NEEDS_INVOICE') return 'template';
  return String(error.details.input ?? 'name');
}

function pick<T extends { id: number }>(choices: readonly T[], posted: string): T | undefined {
  return /^\d{1,9}$/.test(posted) ? choices.find((c) => c.id === Number(posted)) : undefined;
}

/**
 * The campaign the form describes, or the first refusal: `RECADO_CAMPAIGN_INPUT_INVALID`,
 * `RECADO_FILTER_INVALID`, `RECADO_GROUP_NOT_FOUND` or `RECADO_CAMPAIGN_TEMPLATE_NEEDS_INVOICE`.
 * A group's filter is copied: the campaign keeps it even if the group changes later.
 */
export async function readCampaign(
  form: CampaignFormInput,
  choices: CampaignChoices,
): Promise<Omit<NewCampaign, 'createdBy'>> {
  const name = form.name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name === '') throw invalid('name', 'required');
  if ([...name].length > CAMPAIGN_NAME_MAX) {
    throw invalid('name', 'too_long', { max: CAMPAIGN_NAME_MAX });
  }
  if (form.audience === 'group' && form.group === '') throw invalid('group', 'choose');
  const filter =
    form.audience === 'group'
      ? await choices.groupStore.filterOf(form.group)
      : readPostedFilter({ filter: form.filter }, choices.filters);

  const template = pick(choices.templates, form.templateId);
  if (!template) throw invalid('template', choices.templates.length ? 'choose' : 'no_templates');
  refuseInvoiceVariables(template, choices.channel);
  const account = pick(choices.accounts, form.accountId);
  if (!account) throw invalid('account', choices.accounts.length ? 'choose' : 'no_accounts');

  return {
    channel: choices.channel,
    name,
    accountId: account.id,
    templateId: template.id,
    filter,
    kind: form.kind,
  };
}

/**
 * Campaign messages are about a customer, never an invoice: a template that reads
 * `invoice.*` outside `{% if invoice %}` would fail for every recipient, so it is refused now.
 */
function refuseInvoiceVariables(template: SavedTemplate, channel: ChannelName): void {
  const check = checkTemplate(template, { channel, invoice: false });
  const issue = check.issues.find((found) => found.code === 'invoice_unavailable');
  if (!issue) return;
  throw new RecadoError('RECADO_CAMPAIGN_TEMPLATE_NEEDS_INVOICE', {
    template: template.name,
    variable: String(issue.params.variable ?? ''),
    line: issue.line,
  });
}
