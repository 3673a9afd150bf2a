import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

/** A migration module: `up` applies one concern, `down` takes it back. */
export interface MigrationModule {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.(ts|js)$/;

/**
 * Lists the migrations of one folder, ordered by their timestamp prefix. Works the same when
 * run from TypeScript sources and from the compiled output, because it loads each file by
 * URL with a dynamic import instead of relying on knex's own file loader.
 */
export class FolderMigrationSource implements Knex.MigrationSource<string> {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async getMigrations(): Promise<string[]> {
    return readdirSync(this.#dir)
      .filter((file) => MIGRATION_FILE.test(file) && !file.endsWith('.d.ts'))
      .sort();
  }

  getMigrationName(file: string): string {
    return file.replace(/\.(ts|js)$/, '');
  }

  async getMigration(file: string): Promise<Knex.Migration> {
    const module = (await import(pathToFileURL(join(this.#dir, file)).href)) as MigrationModule;
    return { up: module.up, down: module.down };
  }
}

/** Where a set of migrations lives and which table records them. */
export interface MigrationSet {
  /** Absolute folder of the migration files. */
  readonly directory: string;
  /** Table that records which of them ran; one per owner so host and plugin never mix. */
  readonly tableName: string;
}

/**
 * Runs the pending migrations of a set. MySQL commits every DDL statement on its own, so a
 * failing batch cannot be undone by a transaction: the migrations of the batch that did run
 * are rolled back through their `down`, leaving the schema as it was before the call.
 */
export async function migrateLatest(db: Knex, set: MigrationSet): Promise<string[]> {
  const config: Knex.MigratorConfig = {
    migrationSource: new FolderMigrationSource(set.directory),
    tableName: set.tableName,
  };
  const [, pending] = (await db.migrate.list(config)) as [unknown[], unknown[]];
  if (pending.length === 0) return [];

  const batchBefore = await latestBatch(db, set.tableName);
  try {
    const [, applied] = (await db.migrate.latest(config)) as [number, string[]];
    return applied;
  } catch (error) {
    // Only a batch that this call recorded is rolled back, never an earlier one.
    if ((await latestBatch(db, set.tableName)) > batchBefore) await db.migrate.rollback(config);
    throw error;
  }
}

async function latestBatch(db: Knex, tableName: string): Promise<number> {
  if (!(await db.schema.hasTable(tableName))) return 0;
  const row = (await db(tableName).max({ batch: 'batch' }).first()) as
    { batch: unknown } | undefined;
  return Number(row?.batch ?? 0);
}
