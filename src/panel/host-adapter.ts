import type { Express, Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Host, HostEvent, HostMenuEntry, HostOperator, HostPage } from '../index.js';
import type { Layout } from './layout.js';
import type { OperatorSession } from './operators.js';

type HookName = Parameters<NonNullable<Host['on']>>[0];
type Handler = Parameters<NonNullable<Host['on']>>[1];

/**
 * The reference panel's side of the plugin contract: menu entries, mounting, operators,
 * permissions, the layout and the hooks, built only from what the panel itself has.
 */
export class PanelHost implements Host {
  readonly db: Knex;
  readonly logger: Logger;
  readonly #app: Express;
  readonly #layout: Layout;
  readonly #sessions: OperatorSession;
  readonly #menu = new Map<string, HostMenuEntry>();
  readonly #handlers = new Map<HookName, Set<Handler>>();

  constructor(deps: {
    db: Knex;
    logger: Logger;
    app: Express;
    layout: Layout;
    sessions: OperatorSession;
  }) {
    this.db = deps.db;
    this.logger = deps.logger;
    this.#app = deps.app;
    this.#layout = deps.layout;
    this.#sessions = deps.sessions;
  }

  mountRouter(appId: string, router: Router): string {
    const path = `/apps/${appId}`;
    this.#app.use(path, router);
    return path;
  }

  mountPublicRouter(router: Router): string {
    this.#app.use('/recado', router);
    return '/recado';
  }

  addMenuEntry(entry: HostMenuEntry): void {
    this.#menu.set(entry.id, entry);
  }

  removeMenuEntries(appId: string): void {
    for (const [id, entry] of this.#menu) if (entry.appId === appId) this.#menu.delete(id);
  }

  /** The plugin's entries the operator of this request may see. */
  menuFor(req: Request): HostMenuEntry[] {
    return [...this.#menu.values()].filter((entry) => this.can(req, entry.permission));
  }

  operator(req: Request): HostOperator | undefined {
    const operator = this.#sessions.current(req);
    return operator && { id: operator.id, name: operator.name, locale: operator.locale };
  }

  can(req: Request, permission: string): boolean {
    return this.#sessions.current(req)?.can(permission) ?? false;
  }

  renderPage(req: Request, res: Response, page: HostPage): void {
    this.#layout.send(req, res, { title: page.title, html: page.html, status: page.status });
  }

  on(hook: HookName, handler: Handler): void {
    const set = this.#handlers.get(hook) ?? new Set<Handler>();
    set.add(handler);
    this.#handlers.set(hook, set);
  }

  off(hook: HookName, handler: Handler): void {
    this.#handlers.get(hook)?.delete(handler);
  }

  /** Raises a hook and waits for every listener; a failing listener is logged, not thrown. */
  async raise(hook: HookName, event: HostEvent): Promise<void> {
    const handlers = [...(this.#handlers.get(hook) ?? [])];
    const results = await Promise.allSettled(handlers.map(async (handler) => handler(event)));
    for (const result of results) {
      if (result.status === 'rejected') {
        this.logger.error({ err: result.reason, event: 'panel.hook.failed', hook }, 'hook failed');
      }
    }
  }
}
