import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import pino from 'pino';
import sinon from 'sinon';
import { OperatorSession } from '../../src/panel/operators.js';
import { seedOperators } from '../../src/panel/seed/operators.js';
import { createPanel, type Panel, type PanelOptions } from '../../src/panel/server.js';
import type { TestDatabase } from './databases.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hmac-0123456789';

/** A panel listening on a random local port. */
export interface RunningPanel {
  readonly panel: Panel;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Builds the reference panel on a test database, seeded with the demo provider. */
export async function startTestPanel(
  database: TestDatabase,
  options: Partial<PanelOptions> = {},
): Promise<RunningPanel> {
  const panel = await createPanel({
    db: database.db,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    secret: TEST_SECRET,
    timeZone: 'America/Sao_Paulo',
    seedDemo: true,
    ...options,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = panel.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    panel,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await panel.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An operator who holds only `permissions` and signs in with the login as password. */
export interface LimitedOperator {
  readonly login: string;
  readonly name: string;
  readonly permissions: readonly string[];
}

/** The panel of a route suite, for its tests. */
export interface PanelRoutes {
  running(): RunningPanel;
  /** The spy on the host's `raise`: a fresh one for each test. */
  raise(): sinon.SinonSpy;
}

/**
 * Declares, inside a `describe`, the hooks of a route suite: before it, a panel without the
 * demo provider, its clock stopped at `now`, with the stock operators and `limited`; a spy on
 * the host's `raise` around each test; the panel stopped after the suite. The suite's own
 * `before` runs after the panel has started.
 */
export function usePanelRoutes(
  database: () => TestDatabase,
  now: Date,
  limited: LimitedOperator,
): PanelRoutes {
  let running: RunningPanel | undefined;
  let raise: sinon.SinonSpy | undefined;

  before(async () => {
    const { db } = database();
    running = await startTestPanel(database(), { seedDemo: false, now: () => now });
    await seedOperators(db);
    await new OperatorSession({ db }).create({
      ...limited,
      password: limited.login,
      isAdmin: false,
    });
  });
  beforeEach(() => {
    raise = sinon.spy(started().panel.context.host, 'raise');
  });
  afterEach(() => {
    sinon.restore();
  });
  after(async () => {
    await running?.close();
  });

  const started = () => {
    if (!running) throw new Error('the panel is not running');
    return running;
  };
  const spy = () => {
    if (!raise) throw new Error('the spy on raise exists only while a test runs');
    return raise;
  };
  return { running: started, raise: spy };
}

/** Inserts an active customer in Campinas on the 300 Mega plan, due on the 10th; returns its id. */
export async function insertCustomer(
  db: Knex,
  overrides: Record<string, unknown>,
): Promise<number> {
  const [id] = await db('customers').insert({
    name: 'Cliente de Teste',
    email: null,
    mobile: null,
    status: 'active',
    plan: 'Fibra 300 Mega',
    city: 'Campinas',
    state: 'SP',
    neighbourhood: 'Centro',
    due_day: 10,
    birth_date: null,
    created_at: '2025-01-02 12:00:00',
    ...overrides,
  });
  return Number(id);
}

/** A running test panel with `admin` and `operador` signed in; see `useSignedInPanel`. */
export interface SignedInPanel {
  readonly running: RunningPanel;
  /** Holds every permission. */
  readonly admin: PanelClient;
  /** The stock operator: the apps' view permissions, none of their manage ones. */
  readonly operator: PanelClient;
}

/**
 * Declares, inside a `describe`, a panel on the test database with the demo provider and
 * all three apps enabled, `admin` and `operador` signed in, stopped after the suite. Read
 * the result inside tests and hooks declared after this call.
 */
export function useSignedInPanel(database: () => TestDatabase): () => SignedInPanel {
  let signedIn: SignedInPanel | undefined;
  before(async () => {
    const running = await startTestPanel(database());
    const admin = new PanelClient(running.baseUrl);
    const operator = new PanelClient(running.baseUrl);
    signedIn = { running, admin, operator };
    await admin.login('admin', 'admin');
    await operator.login('operador', 'operador');
    await admin.get('/marketplace');
    for (const app of ['billing', 'email', 'sms']) await admin.post(`/marketplace/${app}/enable`);
  });
  after(async () => {
    await signedIn?.running.close();
  });
  return () => {
    if (!signedIn) throw new Error('the panel is not running');
    return signedIn;
  };
}

/** What a test needs of a response: status, where it redirects, and the page. */
export interface PageResponse {
  readonly status: number;
  readonly location: string | null;
  readonly html: string;
}

/**
 * A browser-like HTTP client: keeps cookies, does not follow redirects, and reads the CSRF
 * token from the last page it fetched.
 */
export class PanelClient {
  readonly #baseUrl: string;
  readonly #cookies = new Map<string, string>();
  #lastToken: string | undefined;

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl;
  }

  async get(path: string): Promise<PageResponse> {
    return this.#request('GET', path);
  }

  /** Posts a form; the CSRF token of the last page is added unless `_csrf` is given. */
  async post(path: string, form: Record<string, string> = {}): Promise<PageResponse> {
    const body = new URLSearchParams({ _csrf: this.#lastToken ?? '', ...form });
    return this.#request('POST', path, body);
  }

  /** Signs in through the login form. */
  async login(login: string, password: string): Promise<PageResponse> {
    await this.get('/login');
    return this.post('/login', { login, password });
  }

  async #request(method: string, path: string, body?: URLSearchParams): Promise<PageResponse> {
    const response = await fetch(`${this.#baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (pair && index > 0) this.#cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.#lastToken = token;
    return { status: response.status, location: response.headers.get('location'), html };
  }
}
