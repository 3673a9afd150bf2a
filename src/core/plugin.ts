import express from 'express';
import type { Logger } from 'pino';
import { CsrfGuard } from '../lib/csrf.js';
import type { Translator } from '../lib/i18n.js';
import { migrateLatest } from '../lib/migrations.js';
import type { AppContext, AppModule } from './app-module.js';
import { gateAppRouter } from './app-gate.js';
import { AppStateStore } from './app-state.js';
import { RecadoError } from './errors.js';
import type { Host, HostEvent, HostEventHandler } from './host.js';
import type { AppId, AppManifest, HookName, PluginManifest } from './manifest.js';
import { verifyMapping, type HostMapping } from './mapping.js';
import { PageRenderer } from './pages.js';
import type { RecadoServices } from './services.js';
import type { PeriodicJob, Scheduler } from '../scheduler/scheduler.js';

/** Everything the plugin is built from; assembled once by `register`. */
export interface PluginDeps {
  readonly host: Host;
  readonly manifest: PluginManifest;
  readonly mapping: HostMapping;
  readonly apps: readonly AppModule[];
  readonly i18n: Translator;
  /** Absolute folder of the plugin's migrations. */
  readonly migrationsDir: string;
  /** Absolute folder of the eta views. */
  readonly viewsDir: string;
  /** Key for signing CSRF tokens and links; 32 characters or more. */
  readonly secret: string;
  /** The provider's IANA time zone. */
  readonly timeZone: string;
  /** The clock; `() => new Date()` outside tests. */
  readonly now: () => Date;
  /** The shared core: filters, templates, campaigns, queue and scheduler. */
  readonly services: RecadoServices;
  /** Whether this process runs the scheduler: the apps' periodic jobs and, maybe, the drain. */
  readonly runScheduler: boolean;
  /**
   * Whether that scheduler also drains the queue; default true. Off when `npm run worker`
   * processes drain it: the apps' jobs (Cobrança's rules, payment and delivery polling)
   * still run here, since the workers do not run them.
   */
  readonly drainQueue?: boolean;
}

/** One app as the running plugin holds it. */
interface MountedApp {
  readonly manifest: AppManifest;
  readonly module: AppModule;
  readonly context: AppContext;
  hooks: Partial<Record<HookName, HostEventHandler>>;
}

/**
 * The plugin inside a host: installs its schema, mounts the three apps behind a gate,
 * shows their menu entries while enabled, and relays host hooks to the enabled apps.
 */
export class RecadoPlugin {
  readonly manifest: PluginManifest;
  readonly #deps: PluginDeps;
  readonly #logger: Logger;
  readonly #state: AppStateStore;
  readonly #enabled = new Set<AppId>();
  readonly #apps = new Map<AppId, MountedApp>();
  readonly #listeners: [HookName, HostEventHandler][] = [];
  #scheduler: Scheduler | undefined;
  #started = false;

  constructor(deps: PluginDeps) {
    this.#deps = deps;
    this.manifest = deps.manifest;
    this.#logger = deps.host.logger.child({ plugin: deps.manifest.id });
    this.#state = new AppStateStore({ db: deps.host.db });
  }

  /** Checks the host tables against the mapping, then runs pending migrations. */
  async install(): Promise<void> {
    const started = Date.now();
    await verifyMapping(this.#deps.host.db, this.#deps.mapping);
    let applied: string[];
    try {
      applied = await migrateLatest(this.#deps.host.db, {
        directory: this.#deps.migrationsDir,
        tableName: `${this.manifest.tablePrefix}migrations`,
      });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new RecadoError('RECADO_MIGRATION_FAILED', { reason }, { cause });
    }
    const ms = Date.now() - started;
    this.#logger.info({ event: 'plugin.installed', applied: applied.length, ms }, 'schema ready');
  }

  /** Mounts every app (gated), restores which are enabled and subscribes to host hooks. */
  async start(): Promise<void> {
    if (this.#started) return;
    const { host } = this.#deps;
    const pages = new PageRenderer({
      viewsDir: this.#deps.viewsDir,
      host,
      i18n: this.#deps.i18n,
      csrf: this.#csrf(),
      logger: this.#logger,
    });
    for (const module of this.#deps.apps) {
      module.channels?.(this.#deps.services);
      this.#mount(module, pages);
    }
    this.#mountPublic();
    for (const appId of await this.#state.enabledApps()) this.#activate(appId);
    this.#subscribe();
    if (this.#deps.runScheduler) {
      this.#scheduler = this.#deps.services.createScheduler(this.#appJobs(), {
        drain: this.#deps.drainQueue ?? true,
      });
      this.#scheduler.start();
    }
    this.#started = true;
    this.#logger.info({ event: 'plugin.started', enabled: [...this.#enabled] }, 'plugin started');
  }

  /** Unsubscribes from the host; the routers stay mounted but answer nothing new. */
  async stop(): Promise<void> {
    for (const [hook, handler] of this.#listeners.splice(0)) this.#deps.host.off?.(hook, handler);
    await this.#scheduler?.stop();
    this.#scheduler = undefined;
    this.#started = false;
    this.#logger.info({ event: 'plugin.stopped' }, 'plugin stopped');
  }

  /** The shared core, for hosts and tests that act on campaigns or the queue directly. */
  get services(): RecadoServices {
    return this.#deps.services;
  }

  get apps(): readonly AppManifest[] {
    return this.manifest.apps;
  }

  isEnabled(appId: AppId): boolean {
    return this.#enabled.has(appId);
  }

  async enable(appId: AppId, changedBy?: string): Promise<void> {
    const app = this.#app(appId);
    await this.#state.setEnabled(appId, true, changedBy);
    this.#activate(appId);
    this.#logger.info({ event: 'plugin.app.enabled', app: appId, changedBy }, 'app enabled');
    try {
      await app.module.onEnable?.(app.context);
    } catch (error) {
      // The app stays enabled; its setup is idempotent and runs again on the next enable.
      app.context.logger.error({ err: error, event: 'plugin.app.setup_failed' }, 'setup failed');
    }
  }

  async disable(appId: AppId, changedBy?: string): Promise<void> {
    this.#app(appId);
    await this.#state.setEnabled(appId, false, changedBy);
    this.#enabled.delete(appId);
    this.#deps.host.removeMenuEntries(appId);
    this.#logger.info({ event: 'plugin.app.disabled', app: appId, changedBy }, 'app disabled');
  }

  #app(appId: AppId): MountedApp {
    const app = this.#apps.get(appId);
    if (!app) throw new RecadoError('RECADO_APP_UNKNOWN', { app: appId });
    return app;
  }

  /** Every app's periodic jobs, each run skipped while its app is disabled. */
  #appJobs(): PeriodicJob[] {
    return [...this.#apps].flatMap(([appId, app]) =>
      (app.module.jobs?.(app.context) ?? []).map((job) => ({
        ...job,
        run: () => (this.#enabled.has(appId) ? job.run() : Promise.resolve(undefined)),
      })),
    );
  }

  #csrf(): CsrfGuard {
    return new CsrfGuard({ secret: this.#deps.secret, cookieName: 'recado_csrf' });
  }

  #mount(module: AppModule, pages: PageRenderer): void {
    const manifest = this.manifest.apps.find((app) => app.id === module.id);
    if (!manifest) return;
    const { host } = this.#deps;
    let basePath = '';
    const context: AppContext = {
      app: manifest,
      host,
      db: host.db,
      mapping: this.#deps.mapping,
      logger: this.#logger.child({ app: module.id }),
      i18n: this.#deps.i18n,
      pages,
      timeZone: this.#deps.timeZone,
      now: this.#deps.now,
      services: this.#deps.services,
      get basePath() {
        return basePath;
      },
    };
    const router = gateAppRouter({
      appId: module.id,
      isEnabled: () => this.#enabled.has(module.id),
      host,
      csrf: this.#csrf(),
      pages,
      inner: module.routes(context),
    });
    basePath = host.mountRouter(module.id, router);
    this.#apps.set(module.id, { manifest, module, context, hooks: module.hooks?.(context) ?? {} });
  }

  /** One public router for the apps' session-less routes, each answering 404 while disabled. */
  #mountPublic(): void {
    const router = express.Router();
    for (const [appId, app] of this.#apps) {
      const routes = app.module.publicRoutes?.(app.context);
      if (!routes) continue;
      router.use(
        `/${appId}`,
        (_req, res, next) => {
          if (this.#enabled.has(appId)) return next();
          res.status(404).type('text').send('Not found');
        },
        routes,
      );
    }
    this.#deps.host.mountPublicRouter?.(router);
  }

  #activate(appId: AppId): void {
    const app = this.#apps.get(appId);
    if (!app || this.#enabled.has(appId)) return;
    this.#enabled.add(appId);
    const { i18n, host } = this.#deps;
    for (const entry of app.manifest.menu) {
      host.addMenuEntry({
        id: entry.id,
        appId,
        label: (locale) => i18n.t(locale, entry.label),
        href: joinPath(app.context.basePath, entry.path),
        permission: entry.permission,
        icon: app.manifest.icon,
      });
    }
  }

  #subscribe(): void {
    const { host } = this.#deps;
    if (!host.on) {
      this.#logger.warn({ event: 'plugin.hooks.unsupported' }, 'host raises no hooks');
      return;
    }
    for (const hook of this.manifest.hooks) {
      const handler = (event: HostEvent): Promise<void> => this.#dispatch(hook, event);
      host.on(hook, handler);
      this.#listeners.push([hook, handler]);
    }
  }

  async #dispatch(hook: HookName, event: HostEvent): Promise<void> {
    for (const [appId, app] of this.#apps) {
      const handler = app.hooks[hook];
      if (!handler || !this.#enabled.has(appId)) continue;
      try {
        await handler(event);
      } catch (error) {
        // One app's failure must not keep the hook from the others.
        app.context.logger.error({ err: error, event: 'plugin.hook.failed', hook }, 'hook failed');
      }
    }
  }
}

function joinPath(base: string, path: string): string {
  return path === '/' ? base || '/' : `${base.replace(/\/$/, '')}${path}`;
}
