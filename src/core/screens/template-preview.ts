import type { ChannelName } from '../../queue/types.js';
import {
  buildRenderContext,
  checkTemplate,
  findVariable,
  foldToGsm,
  smsTextInfo,
  TemplateError,
  type ProviderInput,
  type SmsTextInfo,
  type TemplateEngine,
  type TemplateField,
  type TemplateIssue,
} from '../../templates/index.js';
import type { PreviewData } from './preview-data.js';
import type { Translate } from './screen-kit.js';

/** One problem of a previewed template, as the editor shows it beside its field. */
export interface PreviewIssue {
  readonly field: TemplateField;
  /** What is wrong (`required`, `unknown_variable` …), for the editor to pick what to show. */
  readonly code: TemplateIssue['code'];
  readonly line: number;
  readonly column: number;
  /** In the operator's language, with the line in it. */
  readonly message: string;
}

/** What `POST …/templates/preview` answers. */
export interface TemplatePreview {
  /** The rendered subject (e-mail), or null. */
  readonly subject: string | null;
  /** The rendered body: HTML for e-mail (shown in a sandboxed frame), text for SMS. */
  readonly body: string;
  /** Empty when the template rendered. */
  readonly issues: readonly PreviewIssue[];
  /** The customer whose data filled the template; null for the example values. */
  readonly customer: { readonly id: number; readonly name: string } | null;
  /** The open invoice the template was rendered with, if the customer has one. */
  readonly invoice: { readonly reference: string } | null;
  /** SMS only: length and parts of the rendered text, and of it with accents folded. */
  readonly sms?: { readonly text: SmsTextInfo; readonly folded: SmsTextInfo };
}

/** What a preview request carries; the fields are untrusted. */
export interface PreviewRequest {
  readonly subject: string;
  readonly body: string;
  readonly customerId?: number;
}

/** Everything a preview is rendered from. */
export interface PreviewDeps {
  readonly channel: ChannelName;
  readonly data: PreviewData;
  readonly templates: TemplateEngine;
  readonly provider: () => Promise<ProviderInput>;
  readonly now: () => Date;
}

/** Translates an issue; its message key already carries the line and column. */
export function issueText(issue: TemplateIssue, t: Translate): PreviewIssue {
  const { field, code, line, column } = issue;
  return { field, code, line, column, message: t(issue.messageKey, issue.params) };
}

/**
 * Renders a template as it is being written: checked first (so an unknown variable is named
 * with its line, never rendered as blank), then rendered with the picked customer's data
 * and their open invoice, or with the example values when no customer is picked. The
 * unsubscribe link is the example one, so a preview never carries a working opt-out link.
 */
export async function previewTemplate(
  deps: PreviewDeps,
  request: PreviewRequest,
  t: Translate,
): Promise<TemplatePreview> {
  const { channel } = deps;
  const template = { subject: channel === 'email' ? request.subject : null, body: request.body };
  const check = checkTemplate(template, { channel });
  const empty = { subject: null, body: '', customer: null, invoice: null };
  if (!check.ok) return { ...empty, issues: check.issues.map((issue) => issueText(issue, t)) };
  if (request.customerId === undefined) {
    return withSms(channel, {
      ...empty,
      subject: check.preview?.subject ?? null,
      body: check.preview?.body ?? '',
      issues: [],
    });
  }

  const customer = await deps.data.customer(request.customerId);
  const invoice = await deps.data.openInvoice(customer.id);
  const about = {
    customer: { id: customer.id, name: customer.name },
    invoice: invoice && { reference: invoice.reference },
  };
  const unsubscribeUrl = String(findVariable('unsubscribe_url')?.example ?? '');
  const context = buildRenderContext({
    customer,
    invoice,
    provider: await deps.provider(),
    unsubscribeUrl,
    now: deps.now(),
  });
  try {
    const format = channel === 'email' ? 'html' : 'text';
    const rendered = deps.templates.render(template, context, { format });
    return withSms(channel, { ...about, ...rendered, issues: [] });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { ...empty, ...about, issues: [issueText(error.issue, t)] };
  }
}

function withSms(channel: ChannelName, preview: TemplatePreview): TemplatePreview {
  if (channel !== 'sms') return preview;
  const sms = { text: smsTextInfo(preview.body), folded: smsTextInfo(foldToGsm(preview.body)) };
  return { ...preview, sms };
}
