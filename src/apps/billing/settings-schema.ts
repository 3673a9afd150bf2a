import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { RecadoError } from '../../core/errors.js';
import { PROVIDER_AREA, type ProviderSettings, type SettingsStore } from '../../core/settings.js';
import { ruleInvalid } from './rule-schema.js';

/** Settings area of the Cobrança app in `recado_settings`. */
export const BILLING_SETTINGS_AREA = 'billing';

/** When the payment poll runs. */
export type PollMode = 'auto' | 'always' | 'never';

/** The Cobrança app's settings; every field has a default. */
export interface BillingSettings {
  /**
   * `auto`: poll for paid invoices only when the host raises no hooks; `always`: also
   * beside the hooks, to catch a hook lost while the panel was down; `never`. Default `auto`.
   */
  readonly pollPayments: PollMode;
  /**
   * Days the poll looks back before its watermark, in days (0–30): many hosts write the
   * bank's payment date, a day or two in the past, when they settle a return file; dedupe
   * keys keep a receipt from going twice. Default 2.
   */
  readonly pollLookbackDays: number;
}

export const DEFAULT_BILLING_SETTINGS: BillingSettings = Object.freeze({
  pollPayments: 'auto',
  pollLookbackDays: 2,
});

/** JSON Schema of {@link BillingSettings}, defaults inside. */
export const BILLING_SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pollPayments: { enum: ['auto', 'always', 'never'], default: 'auto' },
    pollLookbackDays: { type: 'integer', minimum: 0, maximum: 30, default: 2 },
  },
} as const;

const validate = new Ajv({ useDefaults: true }).compile(BILLING_SETTINGS_SCHEMA);

/** Checks settings input; `RECADO_BILLING_SETTINGS_INVALID` names the field. */
export function parseBillingSettings(input: unknown): BillingSettings {
  const copy: unknown = structuredClone(input ?? {});
  if (!validate(copy)) throw ruleInvalid(validate.errors?.[0], 'RECADO_BILLING_SETTINGS_INVALID');
  return Object.freeze(copy as BillingSettings);
}

/** The stored settings with defaults for what is missing. */
export async function readBillingSettings(store: SettingsStore): Promise<BillingSettings> {
  return parseBillingSettings(await store.read(BILLING_SETTINGS_AREA, {}));
}

/** Validates, then saves; a bad input writes nothing. */
export async function writeBillingSettings(
  store: SettingsStore,
  input: unknown,
  updatedBy?: string,
): Promise<BillingSettings> {
  const settings = parseBillingSettings(input);
  await store.write(BILLING_SETTINGS_AREA, settings, updatedBy);
  return settings;
}

/**
 * The provider's details as messages quote them: a name (required), and a phone (at least
 * eight digits, with `+`, spaces, brackets, dots, slashes or hyphens), a site (http or https)
 * and an e-mail address, each optional (empty means none). Texts are trimmed.
 */
export const PROVIDER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 80 },
    phone: {
      type: ['string', 'null'],
      maxLength: 30,
      pattern: '^(|(?=(?:\\D*\\d){8})\\+?[0-9 ()./-]{8,30})$',
    },
    site: { type: ['string', 'null'], maxLength: 200, pattern: '^(|https?://[^\\s<>"]+)$' },
    email: {
      anyOf: [
        { type: 'null' },
        { type: 'string', maxLength: 0 },
        { type: 'string', maxLength: 254, format: 'email' },
      ],
    },
  },
} as const;

const providerAjv = new Ajv();
addFormats.default(providerAjv, ['email']);
const validateProvider = providerAjv.compile(PROVIDER_SCHEMA);

/** Why a provider field was refused, by field, where the general reasons say too little. */
const PROVIDER_REASONS: Readonly<Record<string, string>> = {
  phone: 'billing.reason.phone',
  site: 'billing.reason.site',
  email: 'billing.reason.email',
};

/**
 * Checks the provider's details; `RECADO_BILLING_SETTINGS_INVALID` names the field
 * (`provider/name` …). Texts come back trimmed, empty ones as null.
 */
export function parseProviderSettings(input: unknown): ProviderSettings {
  const trimmed = trimStrings(input);
  if (!validateProvider(trimmed)) {
    const error = validateProvider.errors?.[0];
    const { details } = ruleInvalid(error, 'RECADO_BILLING_SETTINGS_INVALID');
    const field = String(details.field);
    const special = error?.keyword === 'maxLength' ? undefined : PROVIDER_REASONS[field];
    throw new RecadoError('RECADO_BILLING_SETTINGS_INVALID', {
      ...details,
      field: `provider/${field}`,
      ...(special ? { reason: special } : {}),
    });
  }
  const provider = trimmed as unknown as Record<string, string | null | undefined>;
  const optional = (value: string | null | undefined) => (value ? value : null);
  return Object.freeze({
    name: provider.name as string,
    phone: optional(provider.phone),
    site: optional(provider.site),
    email: optional(provider.email),
  });
}

/**
 * Validates the provider's details and the app's settings, then saves both in one
 * transaction; a bad input in either writes neither.
 */
export async function writeProviderAndSettings(
  store: SettingsStore,
  input: { provider: unknown; settings: unknown },
  updatedBy?: string,
): Promise<{ provider: ProviderSettings; settings: BillingSettings }> {
  const provider = parseProviderSettings(input.provider);
  const settings = parseBillingSettings(input.settings);
  await store.writeMany(
    { [PROVIDER_AREA]: provider, [BILLING_SETTINGS_AREA]: settings },
    updatedBy,
  );
  return { provider, settings };
}

function trimStrings(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.trim() : value,
    ]),
  );
}
