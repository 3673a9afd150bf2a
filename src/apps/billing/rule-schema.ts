import { Ajv, type ErrorObject } from 'ajv';
import { RecadoError } from '../../core/errors.js';
import type { FilterTree } from '../../core/filters/index.js';
import type { Translator } from '../../lib/i18n.js';
import type { ChannelName } from '../../queue/types.js';

/** Every kind of rule, in the order the screens list them. */
export const RULE_KINDS = [
  'before_due',
  'on_due',
  'after_due',
  'invoice_created',
  'payment_confirmed',
  'customer_blocked',
  'customer_unblocked',
  'birthday',
] as const;

/**
 * What a rule reacts to. `before_due` / `after_due`: an open invoice whose due date is N days
 * ahead or behind; `on_due`: due today; `birthday`: the customer's birthday. Those four are
 * found by the periodic evaluation at the rule's hour. The other four answer a host hook (or
 * the payment poll) and are sent as soon as the event arrives.
 */
export type RuleKind = (typeof RULE_KINDS)[number];

/** Kinds the periodic evaluation finds by date. */
export const SCHEDULED_KINDS: readonly RuleKind[] = [
  'before_due',
  'on_due',
  'after_due',
  'birthday',
];

/** Kinds that take a step in days (`days`, 1–365). */
export const STEPPED_KINDS: readonly RuleKind[] = ['before_due', 'after_due'];

/** The channels a rule may send on. */
export const RULE_CHANNELS: readonly ChannelName[] = ['email', 'sms'];

/** A rule as a screen or an API sends it; `validateRuleInput` checks it. */
export interface RuleInput {
  readonly kind: RuleKind;
  /** Days before (`before_due`) or after (`after_due`) the due date, 1–365; ignored for other kinds. */
  readonly days?: number | null;
  /** Name operators see, 1–120 characters. */
  readonly name: string;
  /** One or both channels, no repeats. */
  readonly channels: readonly ChannelName[];
  /** Template id per channel (`recado_templates`); each channel of `channels` needs one. */
  readonly templates: { readonly email?: number | null; readonly sms?: number | null };
  /** Local hour (0–23, provider's zone) from which a scheduled rule sends. Default 9. */
  readonly sendHour?: number;
  /** Narrows whom the rule reaches (a filter tree); null or absent: no narrowing. */
  readonly filter?: FilterTree | null;
  /** Default true. */
  readonly enabled?: boolean;
  /** Order on screen, ascending; default after the last rule. */
  readonly position?: number;
}

/** A rule input after the schema, with its defaults applied. */
export interface CheckedRuleInput {
  readonly kind: RuleKind;
  readonly days: number | null;
  readonly name: string;
  readonly channels: readonly ChannelName[];
  readonly templates: { readonly email: number | null; readonly sms: number | null };
  readonly sendHour: number;
  readonly filter: FilterTree | null;
  readonly enabled: boolean;
  readonly position: number | null;
}

const templateId = { type: ['integer', 'null'], minimum: 1 } as const;

/** JSON Schema of {@link RuleInput}; defaults inside, nothing unknown accepted. */
export const RULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'channels', 'templates'],
  properties: {
    kind: { enum: [...RULE_KINDS] },
    days: { type: ['integer', 'null'], minimum: 1, maximum: 365, default: null },
    name: { type: 'string', minLength: 1, maxLength: 120, pattern: '\\S' },
    channels: {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
      items: { enum: [...RULE_CHANNELS] },
    },
    templates: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { email: templateId, sms: templateId },
    },
    sendHour: { type: 'integer', minimum: 0, maximum: 23, default: 9 },
    filter: { type: ['object', 'null'], default: null },
    enabled: { type: 'boolean', default: true },
    position: { type: ['integer', 'null'], minimum: 0, default: null },
  },
} as const;

const validate = new Ajv({ allErrors: false, useDefaults: true, allowUnionTypes: true }).compile(
  RULE_SCHEMA,
);

/**
 * Checks a rule's shape (the filter tree and the templates are checked by the store, which
 * has the database). Throws `RECADO_BILLING_RULE_INVALID` naming the field.
 */
export function validateRuleInput(input: unknown): CheckedRuleInput {
  const copy: unknown = structuredClone(input);
  if (!validate(copy)) throw ruleInvalid(validate.errors?.[0]);
  const rule = copy as Required<RuleInput>;
  const stepped = STEPPED_KINDS.includes(rule.kind);
  if (stepped && (rule.days === null || rule.days === undefined)) {
    throw new RecadoError('RECADO_BILLING_RULE_INVALID', {
      field: 'days',
      reason: 'billing.reason.required',
    });
  }
  return {
    kind: rule.kind,
    days: stepped ? rule.days : null,
    name: rule.name.trim(),
    channels: rule.channels,
    templates: { email: rule.templates.email ?? null, sms: rule.templates.sms ?? null },
    sendHour: rule.sendHour,
    filter: rule.filter,
    enabled: rule.enabled,
    position: rule.position,
  };
}

const REASONS: Readonly<Record<string, string>> = {
  required: 'billing.reason.required',
  additionalProperties: 'billing.reason.unknown_field',
  type: 'billing.reason.type',
  enum: 'billing.reason.enum',
  minimum: 'billing.reason.minimum',
  maximum: 'billing.reason.maximum',
  minLength: 'billing.reason.empty',
  pattern: 'billing.reason.empty',
  maxLength: 'billing.reason.too_long',
  minItems: 'billing.reason.min_items',
  maxItems: 'billing.reason.max_items',
  uniqueItems: 'billing.reason.repeated',
};

/** The field an ajv error is about, as a path without the leading slash (`templates/sms`). */
export function fieldOf(error: ErrorObject | undefined): string {
  const params = (error?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
  const base = error?.instancePath.replace(/^\//, '') ?? '';
  const leaf = params.missingProperty ?? params.additionalProperty;
  const field = leaf ? [base, leaf].filter(Boolean).join('/') : base;
  return field || '(root)';
}

/** A coded error for an ajv failure: the field, a locale key as reason, and its limit. */
export function ruleInvalid(
  error: ErrorObject | undefined,
  code:
    | 'RECADO_BILLING_RULE_INVALID'
    | 'RECADO_BILLING_SETTINGS_INVALID' = 'RECADO_BILLING_RULE_INVALID',
): RecadoError {
  const params = (error?.params ?? {}) as { limit?: number };
  const reason = REASONS[error?.keyword ?? ''] ?? 'billing.reason.invalid';
  return new RecadoError(code, { field: fieldOf(error), reason, limit: params.limit ?? '' });
}

/** The operator-facing text of a billing error: its reason translated, then the message. */
export function billingErrorText(i18n: Translator, locale: string, error: RecadoError): string {
  const details = error.details;
  const reason = details.reason ? i18n.t(locale, String(details.reason), details) : '';
  return i18n.t(locale, error.messageKey, { ...details, reason });
}
