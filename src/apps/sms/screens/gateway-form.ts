import { GATEWAY_SPECS, type GatewayType } from '../../../channels/sms/gateway-types.js';
import type { GatewayInput } from '../gateway-input.js';
import type { Gateway } from '../gateway-rows.js';

/** How one form control is drawn. */
export type FieldKind =
  'text' | 'number' | 'select' | 'checkbox' | 'lines' | 'headers' | 'textarea';

/** One control of a gateway form: `name` is the posted field, `config.from` or `secrets.token`. */
export interface FormField {
  readonly name: string;
  /** Locale key of the label. */
  readonly label: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly options?: readonly string[];
  /** The schema's default, shown as a placeholder. */
  readonly placeholder?: string;
}

/** Posted values by field name, as strings: what the form shows back. */
export type FormValues = Record<string, string>;

interface SchemaProperty {
  type?: string | string[];
  enum?: readonly string[];
  default?: unknown;
  properties?: Record<string, SchemaProperty>;
  additionalProperties?: unknown;
}

interface ObjectSchema {
  required?: readonly string[];
  properties: Record<string, SchemaProperty>;
}

const LONG_TEXT = new Set(['bodyTemplate']);

/** The configuration controls of a type, in its schema's order; nested rules flattened. */
export function configFields(type: GatewayType): FormField[] {
  const schema = GATEWAY_SPECS[type].schema as ObjectSchema;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).flatMap(([key, property]) =>
    fieldsOf(`config.${key}`, property, required.has(key)),
  );
}

function fieldsOf(name: string, property: SchemaProperty, required: boolean): FormField[] {
  const label = `sms.screens.field.${name.slice('config.'.length)}`;
  const placeholder =
    typeof property.default === 'string' || typeof property.default === 'number'
      ? String(property.default)
      : undefined;
  const base = { name, label, required, ...(placeholder === undefined ? {} : { placeholder }) };
  if (property.enum) return [{ ...base, kind: 'select', options: property.enum }];
  if (property.type === 'boolean') return [{ ...base, kind: 'checkbox' }];
  if (property.type === 'integer' || property.type === 'number')
    return [{ ...base, kind: 'number' }];
  if (property.type === 'array') return [{ ...base, kind: 'lines' }];
  if (property.type === 'object' && property.properties) {
    return Object.entries(property.properties).flatMap(([key, inner]) =>
      fieldsOf(`${name}.${key}`, inner, false),
    );
  }
  if (property.type === 'object') return [{ ...base, kind: 'headers' }];
  return [{ ...base, kind: LONG_TEXT.has(name.slice(7)) ? 'textarea' : 'text' }];
}

/** The secret controls of a type; never pre-filled. */
export function secretFields(type: GatewayType): FormField[] {
  return Object.entries(GATEWAY_SPECS[type].secrets).map(([key, spec]) => ({
    name: `secrets.${key}`,
    label: `sms.screens.secret.${key}`,
    kind: 'text',
    required: spec.required,
  }));
}

/** The form's values for a stored gateway: every setting but the secrets. */
export function valuesOf(gateway: Gateway): FormValues {
  const values: FormValues = {
    name: gateway.name,
    ratePerSecond: gateway.ratePerSecond === null ? '' : String(gateway.ratePerSecond),
    dailyQuota: gateway.dailyQuota === null ? '' : String(gateway.dailyQuota),
    foldAccents: gateway.foldAccents ? '1' : '',
    enabled: gateway.enabled ? '1' : '',
    isDefault: gateway.isDefault ? '1' : '',
  };
  for (const field of configFields(gateway.type)) {
    values[field.name] = shown(field, lookup(gateway.config, field.name.split('.').slice(1)));
  }
  return values;
}

/** Values for a new gateway: enabled, folding accents, no limits. */
export function newValues(): FormValues {
  return {
    name: '',
    ratePerSecond: '',
    dailyQuota: '',
    foldAccents: '1',
    enabled: '1',
    isDefault: '',
  };
}

function lookup(config: Readonly<Record<string, unknown>>, path: string[]): unknown {
  let value: unknown = config;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

function shown(field: FormField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'checkbox') return value ? '1' : '';
  if (field.kind === 'lines') return (value as unknown[]).map(String).join('\n');
  if (field.kind === 'headers') {
    return Object.entries(value as Record<string, string>)
      .map(([header, text]) => `${header}: ${text}`)
      .join('\n');
  }
  return String(value);
}

/** The posted form's values, kept as typed so the form can show them back. */
export function postedValues(type: GatewayType, body: Record<string, unknown>): FormValues {
  const names = ['name', 'ratePerSecond', 'dailyQuota', 'foldAccents', 'enabled', 'isDefault'];
  const values: FormValues = {};
  for (const name of [...names, ...configFields(type).map((field) => field.name)]) {
    const value = body[name];
    values[name] = typeof value === 'string' ? value : '';
  }
  return values;
}

/** Turns posted values into the store's input; typing errors are left to its schemas. */
export function toInput(
  type: GatewayType,
  values: FormValues,
  body: Record<string, unknown>,
): GatewayInput {
  const config: Record<string, unknown> = {};
  for (const field of configFields(type)) {
    const value = parsed(field, values[field.name] ?? '');
    if (value !== undefined) place(config, field.name.split('.').slice(1), value);
  }
  const secrets: Record<string, string> = {};
  for (const field of secretFields(type)) {
    const value = body[field.name];
    if (typeof value === 'string' && value !== '') secrets[field.name.slice(8)] = value;
  }
  return {
    type,
    name: (values.name ?? '').trim(),
    config,
    secrets,
    ratePerSecond: numberOrNull(values.ratePerSecond),
    dailyQuota: numberOrNull(values.dailyQuota),
    foldAccents: values.foldAccents === '1',
    enabled: values.enabled === '1',
    isDefault: values.isDefault === '1',
  };
}

function parsed(field: FormField, raw: string): unknown {
  const text = raw.trim();
  if (field.kind === 'checkbox') return text === '1';
  if (text === '') return undefined;
  if (field.kind === 'number') return Number.isFinite(Number(text)) ? Number(text) : text;
  if (field.kind === 'lines') return lines(text);
  if (field.kind === 'headers') {
    return Object.fromEntries(
      lines(text).map((line) => {
        const colon = line.indexOf(':');
        return colon < 0 ? [line, ''] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      }),
    );
  }
  return field.kind === 'textarea' ? raw : text;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

function place(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (!head) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const inner = (target[head] ??= {}) as Record<string, unknown>;
  place(inner, rest, value);
}

function numberOrNull(raw: string | undefined): number | null {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  return Number(text.replace(',', '.'));
}
