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
    await this.#db('recado_settings')
      .insert({
        area,
        value: JSON.stringify(value),
        updated_by: updatedBy ?? null,
        updated_at: toSqlTime(new Date()),
      })
      .onConflict('area')
      .merge();
  }
}

/** The provider as messages quote it; edited on the Cobrança settings screen. */
export interface ProviderSettings {
  readonly name: string;
  readonly phone: string | null;
  readonly site: string | null;
  readonly email: string | null;
}

export const DEFAULT_PROVIDER: ProviderSettings = {
  name: 'Seu Provedor',
  phone: null,
  site: null,
  email: null,
};
