import { randomBytes } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { openDatabase, type Dialect } from '../../src/lib/database.js';
import { MYSQL_SERVER_URL, mysqlUnavailable, skipOrFail } from './services.js';

/** A throwaway database: in-memory SQLite, or a fresh MariaDB database dropped afterwards. */
export interface TestDatabase {
  readonly dialect: Dialect;
  readonly db: Knex;
  /** A `DATABASE_URL` that reaches the same database, for child processes. */
  readonly url: string;
  drop(): Promise<void>;
}

export const DIALECTS: readonly Dialect[] = ['sqlite', 'mysql'];

/** Creates a fresh, empty database of a dialect. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const db = openDatabase({ dialect: 'sqlite', filename: ':memory:' });
    return { dialect, db, url: 'sqlite::memory:', drop: () => db.destroy() };
  }
  const name = `recado_t_${randomBytes(5).toString('hex')}`;
  const server = new URL(MYSQL_SERVER_URL);
  const admin = knex({
    client: 'mysql2',
    connection: connectionOf(server),
    pool: { min: 0, max: 1 },
  });
  await admin.raw('create database ?? character set utf8mb4 collate utf8mb4_unicode_ci', [name]);
  await admin.destroy();

  const url = new URL(MYSQL_SERVER_URL);
  url.pathname = `/${name}`;
  const db = openDatabase({ dialect: 'mysql', url });
  const drop = async (): Promise<void> => {
    await db.destroy();
    const cleanup = knex({
      client: 'mysql2',
      connection: connectionOf(server),
      pool: { min: 0, max: 1 },
    });
    await cleanup.raw('drop database if exists ??', [name]);
    await cleanup.destroy();
  };
  return { dialect, db, url: url.toString(), drop };
}

function connectionOf(url: URL): Knex.MySql2ConnectionConfig {
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/**
 * Declares a suite once per database. Each suite gets a fresh database in `before` (MariaDB
 * suites skip, or fail under CI, when the server does not answer) and drops it in `after`.
 */
export function describeEachDatabase(
  title: string,
  body: (handle: () => TestDatabase) => void,
): void {
  for (const dialect of DIALECTS) {
    describe(`${title} [${dialect}]`, function () {
      let database: TestDatabase | undefined;
      before(async function () {
        if (dialect === 'mysql') {
          const reason = await mysqlUnavailable();
          if (reason) skipOrFail(this, `${title} [mysql]`, reason);
        }
        database = await createTestDatabase(dialect);
      });
      after(async () => {
        await database?.drop();
      });
      body(() => {
        if (!database) throw new Error('the test database is not ready');
        return database;
      });
    });
  }
}
