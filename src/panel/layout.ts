import type { Request, Response } from 'express';
import type { Eta } from 'eta';
import { CSRF_FIELD, type CsrfGuard } from '../lib/csrf.js';
import type { MessageParams, Translator } from '../lib/i18n.js';
import type { HostMenuEntry } from '../index.js';
import type { OperatorSession, SessionData } from './operators.js';

/** The panel's own navigation; plugin entries follow these. */
const PANEL_MENU = [
  { href: '/customers', label: 'panel.menu.customers', permission: 'customers.view' },
  { href: '/invoices', label: 'panel.menu.invoices', permission: 'invoices.view' },
  { href: '/outbox', label: 'panel.menu.outbox', permission: 'outbox.view' },
  { href: '/marketplace', label: 'panel.menu.marketplace', permission: 'marketplace.manage' },
] as const;

/** Page content handed to the layout. */
export interface LayoutPage {
  readonly title: string;
  readonly html: string;
  readonly status?: number;
}

/** Renders panel views and wraps every page, the plugin's too, in the panel's layout. */
export class Layout {
  readonly #eta: Eta;
  readonly #i18n: Translator;
  readonly #csrf: CsrfGuard;
  readonly #sessions: OperatorSession;
  #pluginMenu: (req: Request) => HostMenuEntry[] = () => [];

  constructor(deps: { eta: Eta; i18n: Translator; csrf: CsrfGuard; sessions: OperatorSession }) {
    this.#eta = deps.eta;
    this.#i18n = deps.i18n;
    this.#csrf = deps.csrf;
    this.#sessions = deps.sessions;
  }

  /** Where the plugin's menu entries come from; set once the host object exists. */
  usePluginMenu(source: (req: Request) => HostMenuEntry[]): void {
    this.#pluginMenu = source;
  }

  /** pt-BR unless the operator chose another language; the browser's preference is not used. */
  locale(req: Request): string {
    const session = req.session as SessionData | null | undefined;
    return this.#i18n.resolve(this.#sessions.current(req)?.locale ?? session?.locale);
  }

  translate(req: Request): (key: string, params?: MessageParams) => string {
    const locale = this.locale(req);
    return (key, params) => this.#i18n.t(locale, key, params);
  }

  /** Renders `views/panel/<view>.eta` as a full page. */
  view(
    req: Request,
    res: Response,
    view: string,
    data: { title: string } & Record<string, unknown>,
  ) {
    const html = this.#eta.render(`panel/${view}`, { ...this.#helpers(req, res), ...data });
    this.send(req, res, { title: data.title, html, status: res.statusCode });
  }

  send(req: Request, res: Response, page: LayoutPage): void {
    const operator = this.#sessions.current(req);
    const t = this.translate(req);
    const panelMenu = operator
      ? PANEL_MENU.filter((entry) => operator.can(entry.permission)).map((entry) => ({
          href: entry.href,
          label: t(entry.label),
        }))
      : [];
    const locale = this.locale(req);
    const pluginMenu = operator
      ? this.#pluginMenu(req).map((entry) => ({
          href: entry.href,
          label: entry.label(locale),
          id: entry.id,
        }))
      : [];
    const html = this.#eta.render('panel/layout', {
      ...this.#helpers(req, res),
      title: page.title,
      body: page.html,
      operator,
      panelMenu,
      pluginMenu,
      locales: this.#i18n.locales,
      path: req.originalUrl,
    });
    res
      .status(page.status ?? 200)
      .type('html')
      .send(html);
  }

  #helpers(req: Request, res: Response) {
    return {
      t: this.translate(req),
      locale: this.locale(req),
      csrf: { field: CSRF_FIELD, token: this.#csrf.token(req, res) },
    };
  }
}
