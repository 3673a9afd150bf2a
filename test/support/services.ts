import { existsSync } from 'node:fs';
import knex from 'knex';

/**
 * Which real services the tests may use. Under CI (`CI=true`) or with
 * `RECADO_TEST_REQUIRE=1` a missing service fails the run; otherwise its suites are skipped
 * and listed at the end with the reason.
 */
export const REQUIRE_SERVICES =
  process.env.CI === 'true' || process.env.RECADO_TEST_REQUIRE === '1';

/** Server URL (no database) of the MariaDB or MySQL the tests create their databases in. */
export const MYSQL_SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/** Chromium for the browser tests. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const skipped = new Map<string, string>();

/** Suites skipped in this run and why; printed after the run. */
export function skippedSuites(): ReadonlyMap<string, string> {
  return skipped;
}

/**
 * Called from a `before` hook: skips the suite (or fails it under CI) when a service is
 * missing.
 */
export function skipOrFail(context: Mocha.Context, suite: string, reason: string): never {
  if (REQUIRE_SERVICES) throw new Error(`${suite}: ${reason} (required under CI)`);
  skipped.set(suite, reason);
  context.skip();
}

let mysqlProbe: Promise<string | undefined> | undefined;

/** Undefined when MariaDB answers, else the reason it does not. Probed once per run. */
export function mysqlUnavailable(): Promise<string | undefined> {
  mysqlProbe ??= (async () => {
    const url = new URL(MYSQL_SERVER_URL);
    const db = knex({
      client: 'mysql2',
      connection: {
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        connectTimeout: 3000,
      },
      pool: { min: 0, max: 1 },
    });
    try {
      await db.raw('select 1');
      return undefined;
    } catch (error) {
      return `MariaDB at ${url.host} does not answer: ${(error as Error).message}`;
    } finally {
      await db.destroy();
    }
  })();
  return mysqlProbe;
}

export function chromiumUnavailable(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `no Chromium at ${CHROMIUM_PATH}`;
}
