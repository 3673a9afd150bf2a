import type { Knex } from 'knex';
import type { AppId } from './manifest.js';

/** A row of `recado_apps`. */
interface AppStateRow {
  app_id: string;
  enabled: number | boolean;
  changed_by: string | null;
  changed_at: string;
}

/** Reads and writes which apps are enabled; the table is the truth across processes. */
export class AppStateStore {
  readonly #db: Knex;

  constructor(deps: { db: Knex }) {
    this.#db = deps.db;
  }

  async enabledApps(): Promise<Set<AppId>> {
    const rows = await this.#db<AppStateRow>('recado_apps').where({ enabled: true });
    return new Set(rows.map((row) => row.app_id as AppId));
  }

  async setEnabled(appId: AppId, enabled: boolean, changedBy: string | undefined): Promise<void> {
    const row = {
      app_id: appId,
      enabled,
      changed_by: changedBy ?? null,
      changed_at: new Date().toISOString().slice(0, 19).replace('T', ' '),
    };
    await this.#db('recado_apps').insert(row).onConflict('app_id').merge();
  }
}
