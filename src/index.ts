import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { billingApp } from './apps/billing/index.js';
import { emailApp } from './apps/email/index.js';
import { smsApp } from './apps/sms/index.js';
import type { AppModule } from './core/app-module.js';
import { RecadoError } from './core/errors.js';
import type { Host } from './core/host.js';
import { loadManifest } from './core/manifest.js';
import { resolveMapping } from './core/mapping.js';
import { RecadoPlugin } from './core/plugin.js';
import { Translator } from './lib/i18n.js';
import { DEFAULT_TIME_ZONE } from './lib/time.js';

export type { Host, HostEvent, HostMenuEntry, HostOperator, HostPage } from './core/host.js';
export type { HostMappingInput } from './core/mapping.js';
export { RecadoError } from './core/errors.js';
export { RecadoPlugin } from './core/plugin.js';

/** The folder that holds `plugin.json`, `migrations`, `views` and `locales`. */
export const PLUGIN_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The app folders, in marketplace order. */
const APPS: readonly AppModule[] = [billingApp, emailApp, smsApp];

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
  return new RecadoPlugin({
    host,
    manifest,
    mapping: resolveMapping(manifest, host.mapping),
    apps: APPS,
    i18n: Translator.fromDirectory(join(PLUGIN_ROOT, 'locales')),
    migrationsDir: join(PLUGIN_ROOT, 'migrations'),
    viewsDir: join(PLUGIN_ROOT, 'views'),
    secret: options.secret,
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    now: options.now ?? (() => new Date()),
  });
}
