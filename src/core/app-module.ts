import type { Router } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Translator } from '../lib/i18n.js';
import type { PeriodicJob } from '../scheduler/scheduler.js';
import type { Host, HostEventHandler } from './host.js';
import type { AppId, AppManifest, HookName } from './manifest.js';
import type { HostMapping } from './mapping.js';
import type { PageRenderer } from './pages.js';
import type { RecadoServices } from './services.js';

/** What the core hands each app when it builds the app's routes and hooks. */
export interface AppContext {
  readonly app: AppManifest;
  readonly host: Host;
  readonly db: Knex;
  readonly mapping: HostMapping;
  /** Child logger with `app` set. */
  readonly logger: Logger;
  readonly i18n: Translator;
  readonly pages: PageRenderer;
  /** Path the host mounted the app at, for links and form actions. */
  readonly basePath: string;
  /** The provider's IANA time zone; due dates and send hours are read in it. */
  readonly timeZone: string;
  /** The current instant; injected so that tests control the date. */
  readonly now: () => Date;
  /** The shared core: filters, templates, campaigns, the queue. */
  readonly services: RecadoServices;
}

/**
 * The file contract of an app folder: `index.ts` exports one of these, built from the
 * folder's `routes.ts` (and `hooks.ts` where the app listens to host hooks).
 */
export interface AppModule {
  readonly id: AppId;
  /** Builds the app's router; every route in it declares the permission it needs. */
  routes(context: AppContext): Router;
  /**
   * Registers the channels the app brings (SMTP, SMS gateways) on the shared core. Called
   * once per process, whether or not the app is enabled, so that queued messages of an app
   * disabled meanwhile can still be sent or failed with a reason.
   */
  channels?(services: RecadoServices): void;
  /**
   * Routes reached without a session (unsubscribe pages, gateway webhooks), mounted under
   * the host's public path at `/<app id>`. Each must check its own signature or secret,
   * and answer 404 while the app is disabled if it should.
   */
  publicRoutes?(context: AppContext): Router;
  /** Handlers for host hooks; called only while the app is enabled. */
  hooks?(context: AppContext): Partial<Record<HookName, HostEventHandler>>;
  /**
   * The app's periodic jobs, built once when the scheduler starts; a run is skipped while
   * the app is disabled. Only processes that run the scheduler run them.
   */
  jobs?(context: AppContext): readonly PeriodicJob[];
  /**
   * Called each time an admin enables the app (first-enable setup: defaults, watermarks);
   * must be idempotent. A failure is logged and leaves the app enabled.
   */
  onEnable?(context: AppContext): Promise<void>;
}
