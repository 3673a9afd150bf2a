import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import {
  GATEWAY_SPECS,
  GATEWAY_TYPES,
  type GatewayType,
} from '../../channels/sms/gateway-types.js';
import { RecadoError } from '../../core/errors.js';

/** A gateway as the settings screen sends it, for a create or an update. */
export interface GatewayInput {
  /** Fixed at creation; an update may leave it out but not change it. */
  readonly type?: GatewayType;
  /** Shown in lists; 1–120 characters. */
  readonly name: string;
  /** The type's settings; checked by the type's JSON Schema, defaults filled in. */
  readonly config: Record<string, unknown>;
  /**
   * Tokens and passwords by field. On an update a field left out or empty keeps the stored
   * value, and null clears an optional one.
   */
  readonly secrets?: Readonly<Record<string, string | null | undefined>>;
  /** Messages per second; null or absent for no limit. */
  readonly ratePerSecond?: number | null;
  /** Messages per provider day; null or absent for no limit. */
  readonly dailyQuota?: number | null;
  /** Fold accents to stay in GSM-7. Default true. */
  readonly foldAccents?: boolean;
  /** Default true. */
  readonly enabled?: boolean;
  /** Make this the gateway for messages without an account. Default false. */
  readonly isDefault?: boolean;
}

/** Input after checking: defaults applied, config filled in. */
export interface CheckedInput {
  readonly type: GatewayType;
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly secrets: Readonly<Record<string, string | null | undefined>>;
  readonly ratePerSecond: number | null;
  readonly dailyQuota: number | null;
  readonly foldAccents: boolean;
  readonly enabled: boolean;
  readonly isDefault: boolean;
}

const ajv = new Ajv({ useDefaults: true, allErrors: false });

const validateCommon = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['type', 'name', 'config'],
  properties: {
    type: { enum: GATEWAY_TYPES },
    name: { type: 'string', minLength: 1, maxLength: 120, pattern: '\\S' },
    config: { type: 'object' },
    secrets: {
      type: 'object',
      default: {},
      additionalProperties: {
        anyOf: [
          { type: 'string', maxLength: 1000, pattern: '^[^\\r\\n\\u0000]*$' },
          { type: 'null' },
        ],
      },
    },
    ratePerSecond: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 1000, default: null },
    dailyQuota: { type: ['integer', 'null'], minimum: 0, maximum: 10000000, default: null },
    foldAccents: { type: 'boolean', default: true },
    enabled: { type: 'boolean', default: true },
    isDefault: { type: 'boolean', default: false },
  },
});

const validators = new Map<GatewayType, ValidateFunction>(
  GATEWAY_TYPES.map((type) => [type, ajv.compile(GATEWAY_SPECS[type].schema)]),
);

/**
 * Checks a gateway's input against the common schema, then its configuration against its
 * type's schema and checks (placeholders, regular expressions). Throws
 * `RECADO_SMS_GATEWAY_INVALID` whose details name the field (a JSON pointer such as
 * `/config/from`) and a locale key for the reason. The input is not changed.
 */
export function checkGatewayInput(input: unknown, storedType?: GatewayType): CheckedInput {
  const copy = structuredClone(input ?? {}) as Record<string, unknown>;
  if (storedType && copy && typeof copy === 'object') {
    if (copy.type !== undefined && copy.type !== storedType) {
      throw invalid('/type', 'sms.reason.type_fixed', {});
    }
    copy.type = storedType;
  }
  if (!validateCommon(copy)) throw fromAjv(validateCommon.errors, '');

  const checked = copy as unknown as CheckedInput;
  const validate = validators.get(checked.type) as ValidateFunction;
  if (!validate(checked.config)) throw fromAjv(validate.errors, '/config');
  const problem = GATEWAY_SPECS[checked.type].check?.(checked.config);
  if (problem) {
    const params: Record<string, string> = problem.name === undefined ? {} : { name: problem.name };
    throw invalid(`/config${problem.field}`, `sms.reason.${problem.reason}`, params);
  }
  return checked;
}

/**
 * The stored configuration of a gateway with today's defaults filled in (a setting added in
 * a later version gets its default); the stored value itself when it no longer passes.
 */
export function withDefaults(
  type: GatewayType,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const copy = structuredClone(config);
  return validators.get(type)?.(copy) ? copy : config;
}

/** A `RECADO_SMS_GATEWAY_INVALID` naming the field and the locale key of the reason. */
export function invalid(
  field: string,
  reason: string,
  params: Record<string, string | number>,
): RecadoError {
  return new RecadoError('RECADO_SMS_GATEWAY_INVALID', { field: field || '/', reason, ...params });
}

const LIMIT_REASONS: Readonly<Record<string, string>> = {
  minimum: 'sms.reason.minimum',
  exclusiveMinimum: 'sms.reason.above',
  maximum: 'sms.reason.maximum',
  minLength: 'sms.reason.min_length',
  maxLength: 'sms.reason.max_length',
  maxItems: 'sms.reason.max_items',
  maxProperties: 'sms.reason.max_items',
};

function fromAjv(errors: ErrorObject[] | null | undefined, base: string): RecadoError {
  const error = errors?.[0];
  if (!error) return invalid(base, 'sms.reason.invalid', {});
  const field = `${base}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  const limit = LIMIT_REASONS[error.keyword];
  if (limit) return invalid(field, limit, { limit: Number(params.limit ?? params.comparison) });
  switch (error.keyword) {
    case 'required':
      return invalid(`${field}/${String(params.missingProperty)}`, 'sms.reason.required', {});
    case 'additionalProperties':
      return invalid(
        `${field}/${String(params.additionalProperty)}`,
        'sms.reason.unknown_field',
        {},
      );
    case 'enum':
      return invalid(field, 'sms.reason.not_an_option', {
        allowed: (params.allowedValues as unknown[]).join(', '),
      });
    case 'type':
      return invalid(field, 'sms.reason.type', { type: String(params.type) });
    case 'pattern':
    case 'propertyNames':
      return invalid(field, 'sms.reason.format', {});
    default:
      return invalid(field, 'sms.reason.invalid', {});
  }
}
