import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knex, { type Knex } from 'knex';

/** Which engine a handle talks to; the SQL that differs between them switches on this. */
export type Dialect = 'sqlite' | 'mysql';

/** Where the embedded database lives when `DATABASE_URL` is not set. */
export const DEFAULT_SQLITE_FILE = 'data/recado.sqlite';

/** A parsed `DATABASE_URL`. */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly filename: string }
  | { readonly dialect: 'mysql'; readonly url: URL };

/** Thrown for a `DATABASE_URL` that names no engine Recado runs on. */
export class DatabaseUrlError extends Error {}

/**
 * Reads a `DATABASE_URL`: `mysql://user:pass@host:port/db` (MySQL 8, MariaDB 10.6+),
 * `sqlite:path/to/file.sqlite`, `sqlite::memory:`, or nothing for the embedded default.
 */
export function parseDatabaseUrl(value: string | undefined): DatabaseTarget {
  if (!value) return { dialect: 'sqlite', filename: DEFAULT_SQLITE_FILE };
  if (value.startsWith('sqlite:')) {
    const filename = value.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!filename)
      throw new DatabaseUrlError('sqlite: needs a file name, e.g. sqlite:data/recado.sqlite');
    return { dialect: 'sqlite', filename };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DatabaseUrlError('not a URL; expected mysql://user:password@host:3306/database');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new DatabaseUrlError(`unsupported scheme "${url.protocol}"; use mysql:// or sqlite:`);
  }
  if (url.pathname.length <= 1) throw new DatabaseUrlError('the URL names no database');
  return { dialect: 'mysql', url };
}

/** Where knex's own warnings go: pino-shaped, so a pino logger fits. Default: nowhere. */
export interface DatabaseLog {
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** Options of `openDatabase`. */
export interface OpenOptions {
  /** Pool limits for MySQL; SQLite always uses one connection. Default 0–10. */
  readonly pool?: Knex.PoolConfig;
  /** Receives knex's warnings (for example a failed migration); default silent. */
  readonly log?: DatabaseLog;
}

const SILENT: DatabaseLog = { warn() {}, error() {}, debug() {} };

/** Opens a knex handle; nothing is queried until the first statement. */
export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Knex {
  const log = knexLog(options.log ?? SILENT);
  if (target.dialect === 'sqlite') return openSqlite(target.filename, log);
  const { url } = target;
  return knex({
    log,
    client: 'mysql2',
    connection: {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.slice(1)),
      // Dates and datetimes come back as the same strings SQLite returns.
      dateStrings: true,
      decimalNumbers: true,
      supportBigNumbers: true,
      charset: 'utf8mb4',
      timezone: 'Z',
      connectTimeout: 5000,
    },
    pool: { min: 0, max: 10, ...options.pool },
  });
}

function knexLog(log: DatabaseLog): Knex.Config['log'] {
  const text = (message: unknown): string =>
    typeof message === 'string' ? message : JSON.stringify(message);
  return {
    warn: (message: unknown) => log.warn(text(message)),
    error: (message: unknown) => log.error(text(message)),
    deprecate: (method: string, alternative: string) =>
      log.warn(`${method} is deprecated, use ${alternative}`),
    debug: (message: unknown) => log.debug(text(message)),
  };
}

function openSqlite(filename: string, log: Knex.Config['log']): Knex {
  if (filename !== ':memory:') mkdirSync(dirname(resolve(filename)), { recursive: true });
  return knex({
    log,
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite has a single writer, and an in-memory database lives in it.
    pool: {
      min: 1,
      max: 1,
      afterCreate(connection: { pragma(sql: string): unknown }, done: (error?: Error) => void) {
        connection.pragma('journal_mode = WAL');
        connection.pragma('foreign_keys = ON');
        connection.pragma('busy_timeout = 5000');
        done();
      },
    },
  });
}

export function dialectOf(db: Knex): Dialect {
  const client = String(db.client.config.client);
  return client === 'mysql2' || client === 'mysql' ? 'mysql' : 'sqlite';
}

/** Runs a trivial query so that a wrong address or password shows at start-up. */
export async function checkConnection(db: Knex): Promise<void> {
  await db.raw('select 1');
}
