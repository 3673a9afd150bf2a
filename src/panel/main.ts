import { createServer, type Server } from 'node:http';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { RecadoError } from '../index.js';
import {
  checkConnection,
  DatabaseUrlError,
  openDatabase,
  parseDatabaseUrl,
  type DatabaseTarget,
} from '../lib/database.js';
import { BASE_LOCALE, Translator } from '../lib/i18n.js';
import { ConfigError, readConfig, type PanelConfig } from './config.js';
import { createPanel, type Panel } from './server.js';
import { startSinks, type Sinks } from './sinks/index.js';
import { join } from 'node:path';
import { PLUGIN_ROOT } from '../index.js';

/**
 * `npm start`: checks the configuration, the database and the port before it touches the
 * schema, so that a wrong setting stops start-up with one line and no half-made tables.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.logLevel });
  const target = parseDatabaseUrl(config.databaseUrl);
  const db = openDatabase(target, { log: logger.child({ component: 'knex' }) });
  try {
    await checkConnection(db);
  } catch (cause) {
    throw new RecadoError(
      'RECADO_DATABASE_UNREACHABLE',
      { target: describeTarget(target), reason: (cause as Error).message },
      { cause },
    );
  }

  const server = await listen(config);
  const address = `http://${config.bindAddress === '0.0.0.0' ? 'localhost' : config.bindAddress}:${config.port}`;
  const panel = await createPanel({
    db,
    logger,
    secret: config.secret,
    timeZone: config.timeZone,
    seedDemo: config.seedDemo,
    publicUrl: config.publicUrl ?? address,
    runScheduler: true,
    drainQueue: config.inlineWorker,
    encryptionKeys: process.env.RECADO_ENCRYPTION_KEYS,
  });
  server.removeAllListeners('request');
  server.on('request', panel.app);
  const sinks = await startSinks({
    db,
    logger,
    // 0 in the configuration means off; startSinks reads 0 as "any free port".
    smtpPort: config.smtpSinkPort || null,
    smsPort: config.smsSinkPort || null,
  });

  logger.info({ event: 'panel.started', address, database: target.dialect }, 'panel ready');
  process.stdout.write(
    `\nRecado reference panel: ${address}  (admin / admin, operador / operador)\n\n`,
  );
  handleSignals({ server, panel, sinks, db, logger });
}

/** Binds the port first; until the panel is built every request gets a 503. */
function listen(config: PanelConfig): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2' });
    res.end('Starting…');
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(new RecadoError('RECADO_PORT_IN_USE', { port: config.port }, { cause: error }));
      } else reject(error);
    });
    server.listen(config.port, config.bindAddress, () => resolve(server));
  });
}

function handleSignals(deps: {
  server: Server;
  panel: Panel;
  sinks: Sinks;
  db: Knex;
  logger: Logger;
}) {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    deps.logger.info({ event: 'panel.stopping', signal }, 'stopping');
    deps.server.close();
    deps.server.closeIdleConnections();
    await deps.panel.stop();
    await deps.sinks.close();
    await deps.db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));
}

function describeTarget(target: DatabaseTarget): string {
  return target.dialect === 'sqlite'
    ? target.filename
    : `${target.url.hostname}:${target.url.port || 3306}`;
}

/** One line, in the operator's language, saying what is wrong and how to fix it. */
function explain(error: unknown): string {
  const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
  const locale = i18n.resolve(process.env.RECADO_LOCALE ?? BASE_LOCALE);
  if (error instanceof RecadoError) return i18n.t(locale, error.messageKey, error.details);
  if (error instanceof DatabaseUrlError) {
    return i18n.t(locale, 'errors.database_url_invalid', { reason: error.message });
  }
  if (error instanceof ConfigError)
    return i18n.t(locale, 'errors.config_invalid', { reason: error.message });
  return i18n.t(locale, 'errors.startup_failed', {
    reason: (error as Error)?.message ?? String(error),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`recado: ${explain(error)}\n`);
  if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(error as Error)?.stack}\n`);
  process.exit(1);
});
