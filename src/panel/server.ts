import { join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import cookieSession from 'cookie-session';
import { Eta } from 'eta';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { PLUGIN_ROOT, register, type HostMappingInput, type RecadoPlugin } from '../index.js';
import { CsrfGuard } from '../lib/csrf.js';
import { Translator } from '../lib/i18n.js';
import { migrateLatest } from '../lib/migrations.js';
import { PanelHost } from './host-adapter.js';
import { Layout } from './layout.js';
import { OperatorSession } from './operators.js';
import { authRoutes } from './routes/auth.js';
import { customerRoutes } from './routes/customers.js';
import { invoiceRoutes } from './routes/invoices.js';
import { marketplaceRoutes } from './routes/marketplace.js';
import { outboxRoutes } from './routes/outbox.js';
import { PANEL_MIGRATIONS } from './paths.js';
import { seedDemo } from './seed/demo.js';

/** What the panel is built from. */
export interface PanelOptions {
  readonly db: Knex;
  readonly logger: Logger;
  /** Signs the session cookie and is handed to the plugin; 32 characters or more. */
  readonly secret: string;
  readonly timeZone: string;
  /** Seeds the demo provider when the database has no operators yet. Default false. */
  readonly seedDemo?: boolean;
  /** Renamed host tables or columns, passed through to the plugin. */
  readonly mapping?: HostMappingInput;
  /** The clock, for tests. Default the system clock. */
  readonly now?: () => Date;
  /** Address the panel is reached at, for links in messages. */
  readonly publicUrl?: string;
  /** Run the plugin's scheduler in this process. Default false; `npm start` turns it on. */
  readonly runScheduler?: boolean;
  /** With the scheduler on, drain the queue too. Default true; off when workers run apart. */
  readonly drainQueue?: boolean;
  /** Keys for credentials at rest, passed to the plugin. */
  readonly encryptionKeys?: string;
}

/** Every helper a panel route needs, in one object. */
export interface PanelContext {
  readonly db: Knex;
  readonly logger: Logger;
  readonly layout: Layout;
  readonly sessions: OperatorSession;
  readonly host: PanelHost;
  readonly plugin: RecadoPlugin;
  readonly i18n: Translator;
  readonly now: () => Date;
  readonly timeZone: string;
}

/** The reference panel: its own tables and pages, with Recado plugged in through the contract. */
export interface Panel {
  readonly app: Express;
  readonly context: PanelContext;
  stop(): Promise<void>;
}

export { PANEL_MIGRATIONS } from './paths.js';

export async function createPanel(options: PanelOptions): Promise<Panel> {
  const { db, logger } = options;
  await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
  if (options.seedDemo) {
    await seedDemo(db, { now: options.now?.() ?? new Date(), logger, timeZone: options.timeZone });
  }

  const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
  const sessions = new OperatorSession({ db });
  const csrf = new CsrfGuard({ secret: options.secret, cookieName: 'panel_csrf' });
  const eta = new Eta({ views: join(PLUGIN_ROOT, 'views'), autoEscape: true, cache: true });
  const layout = new Layout({ eta, i18n, csrf, sessions });

  const app = express();
  app.disable('x-powered-by');
  app.use(express.static(join(PLUGIN_ROOT, 'views', 'panel', 'assets'), { index: false }));
  app.use(
    cookieSession({
      name: 'panel_session',
      keys: [options.secret],
      sameSite: 'lax',
      httpOnly: true,
    }),
  );
  app.use(sessions.middleware);
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(csrfCheck(csrf, layout));

  const host = new PanelHost({ db, logger, app, layout, sessions });
  layout.usePluginMenu((req) => host.menuFor(req));
  const plugin = register(host, {
    secret: options.secret,
    timeZone: options.timeZone,
    now: options.now,
    publicUrl: options.publicUrl,
    runScheduler: options.runScheduler ?? false,
    drainQueue: options.drainQueue ?? true,
    encryptionKeys: options.encryptionKeys,
  });
  const context: PanelContext = {
    db,
    logger,
    layout,
    sessions,
    host,
    plugin,
    i18n,
    now: options.now ?? (() => new Date()),
    timeZone: options.timeZone,
  };

  app.use(authRoutes(context));
  app.use(customerRoutes(context));
  app.use(invoiceRoutes(context));
  app.use(marketplaceRoutes(context));
  app.use(outboxRoutes(context));

  await plugin.install();
  await plugin.start();

  app.use((req: Request, res: Response) => {
    const t = layout.translate(req);
    res.status(404);
    layout.view(req, res, 'message', { title: t('errors.title'), message: t('errors.not_found') });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: error, event: 'panel.request.failed', path: req.path }, 'request failed');
    const t = layout.translate(req);
    res.status(500);
    layout.view(req, res, 'message', { title: t('errors.title'), message: t('errors.internal') });
  });

  return { app, context, stop: () => plugin.stop() };
}

/** The panel's own forms; the plugin's routers check their own tokens. */
function csrfCheck(csrf: CsrfGuard, layout: Layout) {
  return (req: Request, res: Response, next: NextFunction) => {
    // Plugin apps check their own tokens; its public routes (/recado) carry signed tokens.
    if (req.path.startsWith('/apps/') || req.path.startsWith('/recado/')) return next();
    if (req.method === 'GET' || req.method === 'HEAD' || csrf.verify(req)) return next();
    const t = layout.translate(req);
    res.status(403);
    layout.view(req, res, 'message', {
      title: t('errors.title'),
      message: t('errors.csrf_invalid'),
    });
  };
}
