import { Ajv } from 'ajv';
import type { SettingsStore } from '../../core/settings.js';
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
