import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { RecadoError } from './errors.js';

/** A menu entry an app adds to the host's navigation while it is enabled. */
export interface MenuEntryManifest {
  /** Unique across the plugin, `<app>.<name>`. */
  readonly id: string;
  /** Locale key of the label. */
  readonly label: string;
  /** Path inside the app's mount point, starting with `/`. */
  readonly path: string;
  /** Permission the operator needs to see the entry. */
  readonly permission: string;
}

/** A permission an app declares, for the host to grant to its operators. */
export interface PermissionManifest {
  /** `<app>.<verb>`, for example `sms.manage`. */
  readonly id: string;
  /** Locale key of its description. */
  readonly label: string;
}

/** One of the three apps as `plugin.json` declares it. */
export interface AppManifest {
  readonly id: AppId;
  /** Locale key of the display name. */
  readonly name: string;
  /** Locale key of the one-line description shown in the marketplace. */
  readonly description: string;
  /** Name of the icon in the host's icon set. */
  readonly icon: string;
  readonly permissions: readonly PermissionManifest[];
  readonly menu: readonly MenuEntryManifest[];
}

/** A host table the plugin reads, with the logical columns it needs from it. */
export interface HostTableManifest {
  /** Default table name; a host overrides it through its mapping. */
  readonly table: string;
  /** Logical column names; the mapping says what each is called in the host. */
  readonly columns: readonly string[];
}

/** The ids of the apps; fixed, since each has a folder under `src/apps`. */
export const APP_IDS = ['billing', 'email', 'sms'] as const;
export type AppId = (typeof APP_IDS)[number];

/** The host hooks the plugin knows how to listen to. */
export const HOOK_NAMES = [
  'invoice.created',
  'invoice.paid',
  'customer.blocked',
  'customer.unblocked',
] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** The parsed, validated and frozen `plugin.json`. */
export interface PluginManifest {
  readonly id: string;
  readonly name: string;
  /** Semantic version of the plugin. */
  readonly version: string;
  /** Module path of the plugin entry, relative to the manifest. */
  readonly entry: string;
  /** Folder of the plugin's migrations, relative to the manifest. */
  readonly migrations: string;
  /** Prefix of every table the plugin owns. */
  readonly tablePrefix: string;
  readonly apps: readonly AppManifest[];
  readonly hooks: readonly HookName[];
  readonly host: { readonly customers: HostTableManifest; readonly invoices: HostTableManifest };
}

const identifier = { type: 'string', pattern: '^[a-z][a-z0-9_.-]*$' } as const;
const localeKey = { type: 'string', pattern: '^[a-z][a-zA-Z0-9_.]*$' } as const;

const hostTable = {
  type: 'object',
  additionalProperties: false,
  required: ['table', 'columns'],
  properties: {
    table: { type: 'string', minLength: 1 },
    columns: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' } },
  },
} as const;

/** JSON Schema of `plugin.json`. */
export const MANIFEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'name',
    'version',
    'entry',
    'migrations',
    'tablePrefix',
    'apps',
    'hooks',
    'host',
  ],
  properties: {
    id: identifier,
    name: { type: 'string', minLength: 1 },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' },
    entry: { type: 'string', minLength: 1 },
    migrations: { type: 'string', minLength: 1 },
    tablePrefix: { type: 'string', pattern: '^[a-z][a-z0-9]*_$' },
    apps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'description', 'icon', 'permissions', 'menu'],
        properties: {
          id: { enum: [...APP_IDS] },
          name: localeKey,
          description: localeKey,
          icon: { type: 'string', minLength: 1 },
          permissions: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'label'],
              properties: { id: identifier, label: localeKey },
            },
          },
          menu: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'label', 'path', 'permission'],
              properties: {
                id: identifier,
                label: localeKey,
                path: { type: 'string', pattern: '^/' },
                permission: identifier,
              },
            },
          },
        },
      },
    },
    hooks: { type: 'array', uniqueItems: true, items: { enum: [...HOOK_NAMES] } },
    host: {
      type: 'object',
      additionalProperties: false,
      required: ['customers', 'invoices'],
      properties: { customers: hostTable, invoices: hostTable },
    },
  },
} as const;

const validate = new Ajv({ allErrors: false }).compile(MANIFEST_SCHEMA);

/** Parses and validates a manifest; the error names the file and the offending field. */
export function parseManifest(text: string, file: string): PluginManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RecadoError('RECADO_MANIFEST_INVALID', { file, field: '(json)', reason }, { cause });
  }
  if (!validate(data)) throw manifestError(file, validate.errors?.[0]);

  const manifest = data as unknown as PluginManifest;
  checkCrossReferences(manifest, file);
  return deepFreeze(manifest);
}

export function loadManifest(file: string): PluginManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RecadoError('RECADO_MANIFEST_UNREADABLE', { file, reason }, { cause });
  }
  return parseManifest(text, file);
}

function checkCrossReferences(manifest: PluginManifest, file: string): void {
  const seen = new Set<string>();
  manifest.apps.forEach((app, index) => {
    if (seen.has(app.id)) {
      throw invalid(file, `/apps/${index}/id`, `app "${app.id}" is declared twice`);
    }
    seen.add(app.id);
    const own = new Set(app.permissions.map((permission) => permission.id));
    app.menu.forEach((entry, entryIndex) => {
      if (!own.has(entry.permission)) {
        const field = `/apps/${index}/menu/${entryIndex}/permission`;
        throw invalid(file, field, `"${entry.permission}" is not one of the app's permissions`);
      }
    });
  });
}

function manifestError(file: string, error: ErrorObject | undefined): RecadoError {
  if (!error) return invalid(file, '(root)', 'does not match the schema');
  const field = error.instancePath || '(root)';
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String(error.params.additionalProperty)})`
      : error.keyword === 'required'
        ? ` (${String(error.params.missingProperty)})`
        : '';
  return invalid(file, field, `${error.message ?? 'is invalid'}${extra}`);
}

function invalid(file: string, field: string, reason: string): RecadoError {
  return new RecadoError('RECADO_MANIFEST_INVALID', { file, field, reason });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
