import type { Request, Response } from 'express';
import type { AppContext } from '../../../core/app-module.js';
import { errorText } from '../../../core/app-routes.js';
import { isRecadoError, type RecadoError } from '../../../core/errors.js';
import { filterBuilderView, postedFilterInput } from '../../../core/groups/index.js';
import { RULE_CHANNELS, RULE_KINDS, STEPPED_KINDS, billingErrorText } from '../rule-schema.js';
import type { BillingRule } from '../rules.js';
import { renderPage, wordsFor } from './page.js';

/** Errors the rule form shows next to a field, with the operator's input kept. */
export const RULE_FORM_ERRORS: ReadonlySet<string> = new Set([
  'RECADO_BILLING_RULE_INVALID',
  'RECADO_BILLING_TEMPLATE_MISSING',
  'RECADO_FILTER_INVALID',
]);

/** The form's fields as posted (or as a saved rule fills them): strings, shown back as is. */
export interface RuleFormValues {
  readonly kind: string;
  readonly days: string;
  readonly name: string;
  readonly channels: readonly string[];
  readonly templates: { readonly email: string; readonly sms: string };
  readonly sendHour: string;
  /** The filter as posted, or null when the rule reaches everyone its kind selects. */
  readonly filter: unknown;
}

type Body = Record<string, unknown> | undefined;

const text = (body: Body, name: string): string => {
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
};

/** What the form posted, for showing it back. Broken filter JSON reads as `{all: []}`. */
export function postedValues(body: Body): RuleFormValues {
  let filter: unknown = null;
  if (text(body, 'use_filter') !== '') {
    try {
      filter = postedFilterInput(body);
    } catch {
      filter = { all: [] };
    }
  }
  return {
    kind: text(body, 'kind'),
    days: text(body, 'days').trim(),
    name: text(body, 'name'),
    channels: RULE_CHANNELS.filter((channel) => text(body, `channel_${channel}`) !== ''),
    templates: { email: text(body, 'template_email'), sms: text(body, 'template_sms') },
    sendHour: text(body, 'send_hour').trim(),
    filter,
  };
}

/** The rule input the store validates: numbers where a number is meant, else the text. */
export function ruleInput(body: Body, current?: BillingRule): Record<string, unknown> {
  const values = postedValues(body);
  const number = (value: string) =>
    value === '' ? null : /^\d+$/.test(value) ? Number(value) : value;
  return {
    kind: values.kind,
    days: STEPPED_KINDS.includes(values.kind as never) ? number(values.days) : null,
    name: values.name,
    channels: values.channels,
    templates: {
      email: values.channels.includes('email') ? number(values.templates.email) : null,
      sms: values.channels.includes('sms') ? number(values.templates.sms) : null,
    },
    sendHour: values.sendHour === '' ? 9 : number(values.sendHour),
    // Unset `use_filter` saves no filter; a broken one is refused by `postedFilterInput`.
    filter: text(body, 'use_filter') === '' ? null : postedFilterInput(body),
    enabled: current?.enabled ?? true,
  };
}

/** A saved rule as the form fills it. */
export function savedValues(rule: BillingRule): RuleFormValues {
  const id = (value: number | null) => (value === null ? '' : String(value));
  return {
    kind: rule.kind,
    days: rule.days === null ? '' : String(rule.days),
    name: rule.name,
    channels: rule.channels,
    templates: { email: id(rule.templates.email), sms: id(rule.templates.sms) },
    sendHour: String(rule.sendHour),
    filter: rule.filter,
  };
}

/** The form field a refused input is about: `days`, `name`, `channels`, `templates/sms` … */
export function errorField(error: RecadoError): string {
  if (error.code === 'RECADO_FILTER_INVALID') return 'filter';
  const field = String(error.details.field ?? '');
  if (field.startsWith('templates/')) return field.split('/').slice(0, 2).join('/');
  return field.split('/')[0] || 'form';
}

interface Template {
  readonly id: number;
  readonly channel: string;
  readonly name: string;
}

/** Renders the rule form: empty, a saved rule, or a refused input with its message. */
export async function showRuleForm(
  context: AppContext,
  req: Request,
  res: Response,
  form: { rule?: BillingRule; values: RuleFormValues; error?: unknown },
): Promise<void> {
  const words = wordsFor(context, req);
  const error = isRecadoError(form.error) ? form.error : undefined;
  const message =
    error && error.code === 'RECADO_FILTER_INVALID'
      ? errorText(context.i18n, words.locale, error)
      : error && billingErrorText(context.i18n, words.locale, error);
  const field = error ? errorField(error) : null;
  const templates = (await context
    .db('recado_templates')
    .select('id', 'channel', 'name')
    .orderBy([{ column: 'channel' }, { column: 'name' }])) as Template[];
  const builder = filterBuilderView(context, words.locale, {
    filter: form.values.filter ?? { all: [] },
    error:
      field === 'filter' && message
        ? { message, path: String(error?.details.path ?? '') }
        : undefined,
  });
  const base = context.basePath.replace(/\/$/, '');
  const title = form.rule
    ? words.t('billing.screens.rules.edit_title', { name: form.rule.name })
    : words.t('billing.screens.rules.new_title');

  renderPage(
    context,
    req,
    res,
    'apps/billing/rule-form',
    {
      title,
      action: form.rule ? `${base}/rules/${form.rule.id}` : `${base}/rules`,
      values: form.values,
      kinds: RULE_KINDS.map((id) => ({ id, label: words.t(`billing.kind.${id}`) })),
      stepped: STEPPED_KINDS,
      channels: RULE_CHANNELS.map((id) => ({
        id,
        label: words.t(`billing.channel.${id}`),
        templates: templates.filter((template) => template.channel === id),
      })),
      hours: Array.from({ length: 24 }, (_, hour) => hour),
      error: error && { code: error.code, field, message },
      builder,
    },
    error?.status,
  );
}
