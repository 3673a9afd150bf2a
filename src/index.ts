/**
 * Recado, the plugin entry.
 *
 * Glossary — the code uses exactly these words:
 * - account: a configured way to send, an SMTP account or an SMS gateway, with its rate and quota.
 * - filter: a JSON tree of conditions over customers and their invoices, compiled to one query.
 * - group: a filter saved under a name.
 * - campaign: a one-off send of one template to the customers a filter selects.
 * - rule: a Cobrança setting that sends a template when an invoice or customer event is due.
 * - delivery: one message to one recipient, a row of the queue.
 * - queued: a delivery waiting for its turn. sending: claimed by a worker, under a lease.
 * - sent: the channel accepted it. failed: it will not be sent, with the reason.
 * - skipped: not sent on purpose at send time (invoice paid, customer opted out, no address).
 * - cancelled: withdrawn by an operator before it was sent.
 * - unknown: the request went out and no answer came; it may or may not have arrived.
 * - lease: how long a worker may hold a claimed delivery before another may take it back.
 * - attempt: one try at sending a delivery; transient failures lead to another attempt.
 * - hook: an event the host raises (invoice.paid, customer.blocked …).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPS } from './apps/registry.js';
import { RecadoError } from './core/errors.js';
import type { Host } from './core/host.js';
import { loadManifest } from './core/manifest.js';
import { resolveMapping } from './core/mapping.js';
import { RecadoPlugin } from './core/plugin.js';
import { RecadoServices } from './core/services.js';
import type { WorkerSettings } from './scheduler/worker.js';
import { Translator } from './lib/i18n.js';
import { DEFAULT_TIME_ZONE } from './lib/time.js';

export type { Host, HostEvent, HostMenuEntry, HostOperator, HostPage } from './core/host.js';
export type { HostMappingInput } from './core/mapping.js';
export { RecadoError } from './core/errors.js';
export { RecadoPlugin } from './core/plugin.js';

/** The folder that holds `plugin.json`, `migrations`, `views` and `locales`. */
export const PLUGIN_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Options a host passes besides the contract object. */
export interface RegisterOptions {
  /** Key for CSRF tokens and signed links; 32 characters or more. From `RECADO_SECRET`. */
  readonly secret: string;
  /** Another manifest file, for tests; default `<root>/plugin.json`. */
  readonly manifestFile?: string;
  /** The provider's IANA time zone; default America/Sao_Paulo. */
  readonly timeZone?: string;
  /** The clock, for tests; default the system clock. */
  readonly now?: () => Date;
  /** Address the panel is reached at, for links in messages. Default http://127.0.0.1:3000. */
  readonly publicUrl?: string;
  /**
   * Run the scheduler in this process: the apps' periodic jobs (Cobrança's rules, payment and
   * delivery polling), campaign starts, lease reclaim and, unless `drainQueue` is false, the
   * queue's drain. Default true.
   */
  readonly runScheduler?: boolean;
  /** Drain the queue here too. Default true; false when `npm run worker` processes drain it. */
  readonly drainQueue?: boolean;
  /** Tunables of this process's worker. */
  readonly worker?: WorkerSettings;
  /** `RECADO_ENCRYPTION_KEYS` (`id:base64,…`); default a key derived from the secret. */
  readonly encryptionKeys?: string;
}

/**
 * The plugin entry: validates the manifest and the host's mapping and builds the plugin.
 * Nothing touches the database until `install()`.
 */
export function register(host: Host, options: RegisterOptions): RecadoPlugin {
  if (!host?.db || typeof host.mountRouter !== 'function' || !host.logger) {
    throw new RecadoError('RECADO_HOST_INVALID', {
      reason: 'db, logger and mountRouter are required',
    });
  }
  const manifest = loadManifest(options.manifestFile ?? join(PLUGIN_ROOT, 'plugin.json'));
  const mapping = resolveMapping(manifest, host.mapping);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const now = options.now ?? (() => new Date());
  const services = new RecadoServices({
    db: host.db,
    logger: host.logger.child({ plugin: manifest.id }),
    mapping,
    secret: options.secret,
    timeZone,
    now,
    publicUrl: options.publicUrl ?? 'http://127.0.0.1:3000',
    worker: options.worker,
    encryptionKeys: options.encryptionKeys,
  });
  return new RecadoPlugin({
    host,
    manifest,
    mapping,
    apps: APPS,
    i18n: Translator.fromDirectory(join(PLUGIN_ROOT, 'locales')),
    migrationsDir: join(PLUGIN_ROOT, 'migrations'),
    viewsDir: join(PLUGIN_ROOT, 'views'),
    secret: options.secret,
    timeZone,
    now,
    services,
    runScheduler: options.runScheduler ?? true,
    drainQueue: options.drainQueue ?? true,
  });
}
