import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { SMTP_SECURITIES, type SmtpSecurity } from '../../channels/email/config.js';
import { presetOf, SMTP_PRESET_IDS, type SmtpPresetId } from '../../channels/email/presets.js';
import { RecadoError } from '../../core/errors.js';

/**
 * An account as a form or an API sends it. Every field but `name` and `fromAddress` has a
 * default; a preset other than `custom` fills host, port, security, quota and rate when they
 * are left out. Empty strings count as "not given" for the optional fields.
 */
export interface SmtpAccountInput {
  readonly name?: unknown;
  /** Default `custom`. */
  readonly preset?: unknown;
  readonly host?: unknown;
  /** 1–65535. */
  readonly port?: unknown;
  /** `tls`, `starttls` or `none`. */
  readonly security?: unknown;
  /** Login; empty for a relay without AUTH. */
  readonly user?: unknown;
  /** Empty on update keeps the stored password. */
  readonly password?: unknown;
  readonly fromName?: unknown;
  readonly fromAddress?: unknown;
  readonly replyTo?: unknown;
  /** Messages per second, above 0; empty for no limit. */
  readonly perSecond?: unknown;
  /** Messages per day, 0 or more; empty for no limit. */
  readonly dailyQuota?: unknown;
  /** `{ domain, selector, privateKey }`; an empty key on update keeps the stored one. */
  readonly dkim?: unknown;
  /** PEM certificates of a private CA. */
  readonly tlsCa?: unknown;
  /** Default true. */
  readonly enabled?: unknown;
  /** Make this the default account; default false (the first account is made the default). */
  readonly isDefault?: unknown;
}

/** A checked input with its defaults; secrets still in the clear, empty meaning "keep". */
export interface AccountFields {
  readonly name: string;
  readonly preset: SmtpPresetId;
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly user: string;
  readonly password: string;
  readonly fromName: string;
  readonly fromAddress: string;
  readonly replyTo: string | null;
  readonly perSecond: number | null;
  readonly dailyQuota: number | null;
  readonly dkim: {
    readonly domain: string;
    readonly selector: string;
    readonly privateKey: string;
  } | null;
  readonly tlsCa: string | null;
  readonly enabled: boolean;
  readonly isDefault: boolean;
}

const HOST = '^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$';
const SELECTOR = '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$';
const CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/** Fields that end up in a header or an SMTP command, where a line break injects another. */
const ONE_LINE = ['name', 'host', 'user', 'fromName', 'fromAddress', 'replyTo'] as const;
/** Optional fields where an empty string means "none". */
const EMPTY_IS_NULL = ['replyTo', 'perSecond', 'dailyQuota', 'tlsCa', 'dkim'] as const;
const nullable = (type: string) => ({ type: [type, 'null'], default: null });

const ACCOUNT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'host', 'port', 'security', 'fromAddress'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120 },
    preset: { enum: SMTP_PRESET_IDS, default: 'custom' },
    host: { type: 'string', minLength: 1, maxLength: 253, pattern: HOST },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    security: { enum: SMTP_SECURITIES },
    user: { type: 'string', maxLength: 255, default: '' },
    password: { type: 'string', maxLength: 1024, default: '' },
    fromName: { type: 'string', maxLength: 120, default: '' },
    fromAddress: { type: 'string', maxLength: 254, format: 'email' },
    replyTo: { ...nullable('string'), maxLength: 254, format: 'email' },
    perSecond: { ...nullable('number'), exclusiveMinimum: 0, maximum: 1000 },
    dailyQuota: { ...nullable('integer'), minimum: 0, maximum: 10_000_000 },
    dkim: {
      ...nullable('object'),
      additionalProperties: false,
      required: ['domain', 'selector'],
      properties: {
        domain: { type: 'string', minLength: 1, maxLength: 253, pattern: HOST },
        selector: { type: 'string', minLength: 1, maxLength: 63, pattern: SELECTOR },
        privateKey: { type: 'string', maxLength: 16_384, default: '' },
      },
    },
    tlsCa: { ...nullable('string'), maxLength: 65_536, pattern: CERTIFICATE },
    enabled: { type: 'boolean', default: true },
    isDefault: { type: 'boolean', default: false },
  },
};

const ajv = new Ajv({ useDefaults: true, coerceTypes: true, allErrors: false, strict: false });
addFormats.default(ajv, ['email']);
const validate = ajv.compile(ACCOUNT_SCHEMA);

/**
 * Checks an account input against the schema and returns it with defaults applied. Throws
 * `RECADO_INPUT_INVALID` with details `{ field, reason, ...params }`: `field` is a dotted
 * name (`fromAddress`, `dkim.selector`), `reason` a locale key (`email.invalid.*`). A line
 * break in any one-line field is refused before anything else is looked at.
 */
export function parseAccountInput(input: unknown): AccountFields {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    invalid('', 'email.invalid.type_object');
  }
  const draft = prepare(input as Record<string, unknown>);
  if (!validate(draft)) {
    const errors = validate.errors ?? [];
    const first = errors.find((error) => error.keyword !== 'if') ?? errors[0];
    const problem = problemOf(first);
    invalid(problem.field, problem.reason, problem.params);
  }
  return draft as unknown as AccountFields;
}

/** Line breaks refused, text trimmed, empty optionals dropped, preset values filled in. */
function prepare(input: Record<string, unknown>): Record<string, unknown> {
  for (const field of ONE_LINE) {
    const value = input[field];
    if (typeof value === 'string' && /[\r\n\0]/.test(value)) {
      invalid(field, 'email.invalid.line_break');
    }
  }
  const draft: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    draft[key] = typeof value === 'string' && key !== 'password' ? value.trim() : value;
  }
  for (const field of EMPTY_IS_NULL) {
    if (draft[field] === '' || draft[field] === undefined) draft[field] = null;
  }
  fillFromPreset(draft, input);
  return draft;
}

/**
 * A preset's server for the connection fields left empty; its quota and rate only when the
 * input does not mention them (an emptied quota field means "no limit").
 */
function fillFromPreset(draft: Record<string, unknown>, input: Record<string, unknown>): void {
  const preset = presetOf(typeof draft.preset === 'string' ? draft.preset : undefined);
  const server = { host: preset.host, port: preset.port, security: preset.security };
  for (const [field, value] of Object.entries(server)) {
    const empty = draft[field] === undefined || draft[field] === '';
    if (empty && value !== undefined) draft[field] = value;
  }
  if (!('dailyQuota' in input)) draft.dailyQuota = preset.dailyQuota ?? null;
  if (!('perSecond' in input)) draft.perSecond = preset.perSecond ?? null;
}

interface Problem {
  readonly field: string;
  readonly reason: string;
  readonly params: Record<string, string | number>;
}

const PATTERN_REASONS: Readonly<Record<string, string>> = {
  [HOST]: 'email.invalid.host',
  [SELECTOR]: 'email.invalid.dkim_selector',
  [CERTIFICATE]: 'email.invalid.certificate',
};

const LIMIT_REASONS: Readonly<Record<string, string>> = {
  maxLength: 'email.invalid.too_long',
  minimum: 'email.invalid.minimum',
  maximum: 'email.invalid.maximum',
  exclusiveMinimum: 'email.invalid.positive',
};

function problemOf(error: ErrorObject | undefined): Problem {
  const field = (error?.instancePath ?? '').split('/').filter(Boolean).join('.');
  const params = (error?.params ?? {}) as Record<string, unknown>;
  const at = (name: unknown) => (field ? `${field}.${String(name)}` : String(name));
  const limit = LIMIT_REASONS[error?.keyword ?? ''];
  if (limit) return { field, reason: limit, params: { limit: Number(params.limit) } };
  switch (error?.keyword) {
    case 'required':
      return { field: at(params.missingProperty), reason: 'email.invalid.required', params: {} };
    case 'additionalProperties':
      return {
        field: at(params.additionalProperty),
        reason: 'email.invalid.unknown_field',
        params: {},
      };
    case 'minLength':
      return { field, reason: 'email.invalid.required', params: {} };
    case 'enum':
      return { field, reason: 'email.invalid.choice', params: { allowed: allowedOf(params) } };
    case 'format':
      return { field, reason: 'email.invalid.email', params: {} };
    case 'pattern':
      return {
        field,
        reason: PATTERN_REASONS[String(params.pattern)] ?? 'email.invalid.format',
        params: {},
      };
    case 'type':
      return { field, reason: `email.invalid.type_${typeOf(params.type)}`, params: {} };
    default:
      return { field, reason: 'email.invalid.format', params: {} };
  }
}

function allowedOf(params: Record<string, unknown>): string {
  return ((params.allowedValues as unknown[] | undefined) ?? []).join(', ');
}

/** `number` for both numeric types; the first of a union (`["number","null"]`). */
function typeOf(type: unknown): string {
  const first = String(type).split(',')[0] ?? 'string';
  return first === 'integer' ? 'number' : first;
}

/** Throws the input error of a field; `reason` is a locale key. */
export function invalid(
  field: string,
  reason: string,
  params: Record<string, string | number> = {},
): never {
  throw new RecadoError('RECADO_INPUT_INVALID', { ...params, field, reason });
}
