/**
 * No tests here: the harness the screens tests share (named `.test.ts` only to sit with
 * them). It mounts `templateRoutes` and `campaignRoutes` of both channels on an express app
 * of its own, behind the real gate, with a stub host whose operator comes from a header, on
 * the database and services of a reference panel started for the suite.
 */
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import type { AppContext } from '../../src/core/app-module.js';
import { gateAppRouter } from '../../src/core/app-gate.js';
import { AppRoutes } from '../../src/core/app-routes.js';
import { filterBuilderAssets, groupRoutes } from '../../src/core/groups/index.js';
import type { Host } from '../../src/core/host.js';
import { loadManifest, type AppId } from '../../src/core/manifest.js';
import { resolveMapping } from '../../src/core/mapping.js';
import { PageRenderer } from '../../src/core/pages.js';
import {
  campaignRoutes,
  templateRoutes,
  type AccountChoice,
} from '../../src/core/screens/index.js';
import type { RecadoServices } from '../../src/core/services.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { CsrfGuard } from '../../src/lib/csrf.js';
import { Translator } from '../../src/lib/i18n.js';
import type { TestDatabase } from '../support/databases.js';
import { startTestPanel, TEST_SECRET, type RunningPanel } from '../support/panel.js';

/** Who a request is: `admin` manages both apps, `viewer` only reads them, `nobody` is signed out. */
export type Who = 'admin' | 'viewer' | 'nobody';

const PERMISSIONS: Readonly<Record<Who, readonly string[]>> = {
  admin: ['email.view', 'email.manage', 'sms.view', 'sms.manage'],
  viewer: ['email.view', 'sms.view'],
  nobody: [],
};

/** The app under test and what a test can change of it. */
export interface ScreensApp {
  readonly baseUrl: string;
  readonly services: RecadoServices;
  /** What each app's `AccountDirectory` answers; tests may change it. */
  readonly accounts: Record<'email' | 'sms', AccountChoice[]>;
  session(who: Who, locale?: string): ScreensSession;
  close(): Promise<void>;
}

/** What a test reads of an answer. */
export interface Answer {
  readonly status: number;
  readonly location: string | null;
  readonly html: string;
}

function stubHost(db: TestDatabase['db']): Host {
  const who = (req: express.Request) => (req.get('x-test-operator') ?? 'nobody') as Who;
  return {
    db,
    logger: pino({ level: 'silent' }),
    mountRouter: () => '',
    addMenuEntry: () => undefined,
    removeMenuEntries: () => undefined,
    operator: (req) =>
      who(req) === 'nobody'
        ? undefined
        : {
            id: who(req),
            name: `Operadora ${who(req)}`,
            locale: req.get('x-test-locale') ?? 'pt-BR',
          },
    can: (req, permission) => PERMISSIONS[who(req)]?.includes(permission) ?? false,
    renderPage: (_req, res, page) => {
      res
        .status(page.status ?? 200)
        .type('html')
        .send(`<!doctype html><main>${page.html}</main>`);
    },
  };
}

/** Starts a reference panel on the database, then the screens app on its services. */
export async function startScreensApp(database: TestDatabase): Promise<ScreensApp> {
  const panel: RunningPanel = await startTestPanel(database);
  const services = panel.panel.context.plugin.services;
  const manifest = loadManifest(join(PLUGIN_ROOT, 'plugin.json'));
  const host = stubHost(database.db);
  const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
  const csrf = new CsrfGuard({ secret: TEST_SECRET, cookieName: 'recado_csrf' });
  const pages = new PageRenderer({
    viewsDir: join(PLUGIN_ROOT, 'views'),
    host,
    i18n,
    csrf,
    logger: host.logger,
  });
  const accounts: ScreensApp['accounts'] = {
    email: [{ id: 7, name: 'Atendimento', isDefault: true }],
    sms: [{ id: 3, name: 'Zenvia', isDefault: true }],
  };

  const app = express();
  for (const channel of ['email', 'sms'] as const) {
    const appId: AppId = channel;
    const permissions = { view: `${channel}.view`, manage: `${channel}.manage` };
    const context: AppContext = {
      app: manifest.apps.find((entry) => entry.id === appId)!,
      host,
      db: database.db,
      mapping: resolveMapping(manifest),
      logger: host.logger,
      i18n,
      pages,
      basePath: `/apps/${channel}`,
      timeZone: 'America/Sao_Paulo',
      now: () => new Date(),
      services,
    };
    const routes = new AppRoutes({ appId, host, pages, i18n });
    groupRoutes(routes, context, permissions);
    filterBuilderAssets(routes, permissions.view);
    templateRoutes(routes, context, { channel, ...permissions });
    const directory = { list: async () => accounts[channel] };
    campaignRoutes(routes, context, { channel, ...permissions, accounts: directory });
    const inner = routes.router;
    const gate = gateAppRouter({ appId, isEnabled: () => true, host, csrf, pages, inner });
    app.use(`/apps/${channel}`, gate);
  }

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    services,
    accounts,
    session: (who, locale) => new ScreensSession(baseUrl, who, locale),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await panel.close();
    },
  };
}

/** One operator's requests: keeps the CSRF cookie and the token of the last page read. */
export class ScreensSession {
  readonly #baseUrl: string;
  readonly #headers: Record<string, string>;
  readonly #cookies = new Map<string, string>();
  token = '';

  constructor(baseUrl: string, who: Who, locale?: string) {
    this.#baseUrl = baseUrl;
    this.#headers = { 'x-test-operator': who, ...(locale ? { 'x-test-locale': locale } : {}) };
  }

  async get(path: string): Promise<Answer> {
    return this.#answer(await this.fetch(path));
  }

  /** Posts a form with the session's token unless the form brings its own `_csrf`. */
  async post(path: string, form: Record<string, string> = {}): Promise<Answer> {
    const body = new URLSearchParams({ _csrf: this.token, ...form });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    return this.#answer(await this.fetch(path, { method: 'POST', body, headers }));
  }

  /** A JSON request; a POST carries the token in `x-csrf-token`. */
  async json(method: 'GET' | 'POST', path: string, body?: unknown) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method === 'POST')
      Object.assign(headers, { 'content-type': 'application/json', 'x-csrf-token': this.token });
    const response = await this.fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers = { ...this.#headers, ...(init.headers as Record<string, string>), cookie };
    const response = await fetch(`${this.#baseUrl}${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      if (index > 0) this.#cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  }

  async #answer(response: Response): Promise<Answer> {
    const html = await response.text();
    // A page without a form (a reader's list) carries no token; the cookie's nonce signs one.
    const nonce = this.#cookies.get('recado_csrf');
    const signed = nonce && createHmac('sha256', TEST_SECRET).update(nonce).digest('base64url');
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? signed;
    if (token) this.token = token;
    return { status: response.status, location: response.headers.get('location'), html };
  }
}
