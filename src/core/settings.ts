import type { Knex } from 'knex';
import { toSqlTime } from '../lib/time.js';

/**
 * Settings documents by area, stored as JSON in `recado_settings`. Each area validates its
 * own shape (a JSON Schema with defaults) before it saves; this store only keeps them.
 */
export class SettingsStore {
  readonly #db: Knex;

  constructor(deps: { db: Knex }) {
    this.#db = deps.db;
  }

  async read<T>(area: string, defaults: T): Promise<T> {
    const row = (await this.#db('recado_settings').where({ area }).first()) as
      { value: string } | undefined;
    return row ? { ...defaults, ...(JSON.parse(row.value) as Partial<T>) } : defaults;
  }

  async write(area: string, value: unknown, updatedBy?: string): Promise<void> {
    await this.writeMany({ [area]: value }, updatedBy);
  }

  /** Saves several areas at once: all of them or, when the database fails, none. */
  async writeMany(values: Readonly<Record<string, unknown>>, updatedBy?: string): Promise<void> {
    const stamp = toSqlTime(new Date());
    const rows = Object.entries(values).map(([area, value]) => ({
      area,
      value: JSON.stringify(value),
      updated_by: updatedBy ?? null,
      updated_at: stamp,
    }));
    if (rows.length === 0) return;
    await this.#db.transaction(async (trx) => {
      for (const row of rows) await trx('recado_settings').insert(row).onConflict('area').merge();
    });
  }
}

/**
 * The provider as messages quote it (`{{ provider.name }}` …); edited on the Cobrança
 * settings screen, checked by `parseProviderSettings` (src/apps/billing/settings-schema.ts).
 */
export interface ProviderSettings {
  readonly name: string;
  readonly phone: string | null;
  readonly site: string | null;
  readonly email: string | null;
}

/** Settings area of the provider's details in `recado_settings`. */
export const PROVIDER_AREA = 'provider';

export const DEFAULT_PROVIDER: ProviderSettings = {
  name: 'Seu Provedor',
  phone: null,
  site: null,
  email: null,
};
