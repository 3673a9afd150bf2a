import { createServer } from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { loadManifest } from './core/manifest.js';
import { resolveMapping, type HostMappingInput } from './core/mapping.js';
import { RecadoServices } from './core/services.js';
import { APPS } from './apps/registry.js';
import { PLUGIN_ROOT } from './index.js';
import { checkConnection, openDatabase, parseDatabaseUrl } from './lib/database.js';
import { readFileSync } from 'node:fs';

/**
 * `npm run worker`: drains the delivery queue apart from the panel. Run as many as needed,
 * on as many machines, against the same MySQL database; they never take the same row.
 * Prometheus metrics are served on METRICS_PORT (default 9464, 0 turns them off).
 */
async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL || 'info' });
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  const db = openDatabase(target, { log: logger.child({ component: 'knex' }) });
  await checkConnection(db);
  const secret = process.env.RECADO_SECRET;
  if (!secret || secret.length < 32)
    throw new Error('RECADO_SECRET must be set (32+ characters), the same as the panel');

  const mappingFile = process.env.RECADO_MAPPING_FILE;
  const mappingInput = mappingFile
    ? (JSON.parse(readFileSync(mappingFile, 'utf8')) as HostMappingInput)
    : {};
  const services = new RecadoServices({
    db,
    logger,
    mapping: resolveMapping(loadManifest(join(PLUGIN_ROOT, 'plugin.json')), mappingInput),
    secret,
    timeZone: process.env.RECADO_TIMEZONE || 'America/Sao_Paulo',
    publicUrl: process.env.RECADO_PUBLIC_URL || 'http://127.0.0.1:3000',
    encryptionKeys: process.env.RECADO_ENCRYPTION_KEYS,
  });
  for (const app of APPS) app.channels?.(services);
  const scheduler = services.createScheduler();
  scheduler.start();

  const metricsPort = Number(process.env.METRICS_PORT ?? 9464);
  const metrics = createServer(async (req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': services.metrics.registry.contentType });
    res.end(await services.metrics.registry.metrics());
  });
  if (metricsPort > 0) metrics.listen(metricsPort, '127.0.0.1');

  const stop = async (signal: string): Promise<void> => {
    logger.info({ event: 'worker.stopping', signal }, 'stopping');
    metrics.close();
    await scheduler.stop();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));
  logger.info({ event: 'worker.started', metricsPort }, 'worker started');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `recado worker: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
