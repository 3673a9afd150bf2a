import { Ajv } from 'ajv';
import type { Knex } from 'knex';
import { RecadoError } from './errors.js';
import type { HostTableManifest, PluginManifest } from './manifest.js';

/** Host values of a status column for each status the plugin understands. */
export interface StatusValues {
  readonly [status: string]: string;
}

/** One host table: its real name and the real name of each logical column. */
export interface TableMapping {
  readonly table: string;
  /** Logical column → host column. */
  readonly columns: Readonly<Record<string, string>>;
  /** Plugin status → host value stored in the mapped `status` column. */
  readonly statusValues: StatusValues;
}

/** The resolved mapping of the host tables the plugin reads. */
export interface HostMapping {
  readonly customers: TableMapping;
  readonly invoices: TableMapping;
}

/** What a host may override; anything left out keeps its default. */
export interface HostMappingInput {
  readonly customers?: Partial<{
    table: string;
    columns: Record<string, string>;
    statusValues: Record<string, string>;
  }>;
  readonly invoices?: Partial<{
    table: string;
    columns: Record<string, string>;
    statusValues: Record<string, string>;
  }>;
}

/** Default host statuses: the reference panel stores the plugin's own words. */
const DEFAULT_STATUS_VALUES = {
  customers: { active: 'active', blocked: 'blocked', cancelled: 'cancelled' },
  invoices: { open: 'open', paid: 'paid', cancelled: 'cancelled' },
} as const;

const tableInput = {
  type: 'object',
  additionalProperties: false,
  properties: {
    table: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    columns: {
      type: 'object',
      additionalProperties: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    },
    statusValues: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

const validateInput = new Ajv().compile({
  type: 'object',
  additionalProperties: false,
  properties: { customers: tableInput, invoices: tableInput },
});

/** camelCase logical name → the snake_case column the reference panel uses. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Joins the defaults from `plugin.json` with a host's overrides and checks the result. */
export function resolveMapping(
  manifest: PluginManifest,
  input: HostMappingInput = {},
): HostMapping {
  if (!validateInput(input)) {
    const error = validateInput.errors?.[0];
    const field = error?.instancePath || '(root)';
    throw new RecadoError('RECADO_MAPPING_INVALID', { field, reason: error?.message ?? '' });
  }
  return Object.freeze({
    customers: resolveTable('customers', manifest.host.customers, input.customers),
    invoices: resolveTable('invoices', manifest.host.invoices, input.invoices),
  });
}

function resolveTable(
  name: keyof typeof DEFAULT_STATUS_VALUES,
  declared: HostTableManifest,
  input: HostMappingInput['customers'] = {},
): TableMapping {
  const known = new Set(declared.columns);
  for (const logical of Object.keys(input.columns ?? {})) {
    if (!known.has(logical)) {
      const reason = `"${logical}" is not a column Recado reads; expected one of ${declared.columns.join(', ')}`;
      throw new RecadoError('RECADO_MAPPING_INVALID', {
        field: `/${name}/columns/${logical}`,
        reason,
      });
    }
  }
  const columns = Object.fromEntries(
    declared.columns.map((logical) => [logical, input.columns?.[logical] ?? snakeCase(logical)]),
  );
  return Object.freeze({
    table: input.table ?? declared.table,
    columns: Object.freeze(columns),
    statusValues: Object.freeze({ ...DEFAULT_STATUS_VALUES[name], ...input.statusValues }),
  });
}

/** Checks that every mapped table and column exists in the host database. */
export async function verifyMapping(db: Knex, mapping: HostMapping): Promise<void> {
  for (const [name, table] of Object.entries(mapping) as [string, TableMapping][]) {
    if (!(await db.schema.hasTable(table.table))) {
      throw new RecadoError('RECADO_MAPPING_MISSING_TABLE', { mapping: name, table: table.table });
    }
    const present = new Set(Object.keys(await db(table.table).columnInfo()));
    for (const [logical, column] of Object.entries(table.columns)) {
      if (!present.has(column)) {
        throw new RecadoError('RECADO_MAPPING_MISSING_COLUMN', {
          mapping: name,
          table: table.table,
          column,
          logical,
        });
      }
    }
  }
}

/** The host column for a logical one; a name outside the manifest is a programming error. */
export function columnOf(table: TableMapping, logical: string): string {
  const column = table.columns[logical];
  if (column === undefined)
    throw new Error(`no column "${logical}" in the mapping of ${table.table}`);
  return column;
}

/** The host value stored for one of the plugin's statuses. */
export function statusOf(table: TableMapping, status: string): string {
  const value = table.statusValues[status];
  if (value === undefined)
    throw new Error(`no status "${status}" in the mapping of ${table.table}`);
  return value;
}
