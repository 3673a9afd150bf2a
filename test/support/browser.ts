import { setTimeout as delay } from 'node:timers/promises';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_TIME_ZONE } from '../../src/lib/time.js';
import type { PanelOptions } from '../../src/panel/server.js';
import { startSinks, type Sinks } from '../../src/panel/sinks/index.js';
import { isAllowed, nextAllowed, PRESET_SCHEDULES } from '../../src/scheduler/gate/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { startTestPanel, type RunningPanel } from './panel.js';
import { CHROMIUM_PATH, chromiumUnavailable, skipOrFail } from './services.js';

/** Flags for Debian's Chromium on a machine with no network but the loopback. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium for a suite, or skips it (fails under CI) when it is missing. */
export async function launchBrowser(context: Mocha.Context, suite: string): Promise<Browser> {
  const missing = chromiumUnavailable();
  if (missing) skipOrFail(context, suite, missing);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Chromium, a seeded panel running its scheduler, and the SMTP and SMS sinks of its outbox. */
export interface PanelInBrowser {
  readonly browser: Browser;
  readonly database: TestDatabase;
  readonly running: RunningPanel;
  readonly sinks: Sinks;
  /** Stops everything, in the reverse order of starting. */
  close(): Promise<void>;
}

/**
 * Starts what a browser test of sending needs, from a suite's `before` hook: Chromium (the
 * suite is skipped, or fails under CI, without it), a panel on a fresh SQLite database with
 * the demo provider and the scheduler on, and both sinks on free ports. `options` go to the
 * panel, e.g. a clock.
 */
async function startPanelInBrowser(
  context: Mocha.Context,
  suite: string,
  options: Partial<PanelOptions> = {},
): Promise<PanelInBrowser> {
  const browser = await launchBrowser(context, suite);
  const started: { close(): Promise<void> }[] = [{ close: () => browser.close() }];
  const close = async () => {
    for (const part of [...started].reverse()) await part.close();
  };
  try {
    const database = await createTestDatabase('sqlite');
    started.push({ close: () => database.drop() });
    const running = await startTestPanel(database, { runScheduler: true, ...options });
    started.push(running);
    const logger = pino({ level: 'silent' });
    const sinks = await startSinks({ db: database.db, logger, smtpPort: 0, smsPort: 0 });
    started.push(sinks);
    return { browser, database, running, sinks, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Declares, inside a `describe`, the `before` and `after` hooks that start and stop a
 * `PanelInBrowser` for the suite; returns its getter, for the tests.
 */
export function usePanelInBrowser(
  suite: string,
  options: () => Partial<PanelOptions> = () => ({}),
): () => PanelInBrowser {
  let fixture: PanelInBrowser | undefined;
  before(async function () {
    fixture = await startPanelInBrowser(this, suite, options());
  });
  after(async () => {
    await fixture?.close();
  });
  return () => {
    if (!fixture) throw new Error(`${suite}: the panel is not running`);
    return fixture;
  };
}

/**
 * A panel clock inside the marketing sending hours (`br-marketing`) for at least the next
 * two hours: the real clock when it already is, else the real clock moved forward to the
 * next such time. The send gate holds marketing outside those hours, so without it a
 * campaign test run at night or on a Sunday would wait for the morning.
 */
export function marketingHoursClock(timeZone = DEFAULT_TIME_ZONE): () => Date {
  const schedule = PRESET_SCHEDULES['br-marketing'];
  const later = (instant: Date, ms: number) => new Date(instant.getTime() + ms);
  let at = nextAllowed(new Date(), schedule, timeZone);
  while (!isAllowed(later(at, 2 * 3_600_000), schedule, timeZone)) {
    at = nextAllowed(later(at, 15 * 60_000), schedule, timeZone);
  }
  const shift = at.getTime() - Date.now();
  return () => new Date(Date.now() + Math.max(0, shift));
}

/** Signs in on the login form; the demo seed's admin unless other credentials are given. */
export async function signIn(
  page: Page,
  baseUrl: string,
  login = 'admin',
  password = 'admin',
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Usuário').fill(login);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(`${baseUrl}/`);
}

/** Turns an app on with its card's "Ativar" button in the marketplace. */
export async function enableApp(page: Page, baseUrl: string, app: string): Promise<void> {
  await page.goto(`${baseUrl}/marketplace`);
  await page.locator(`[data-app="${app}"]`).getByRole('button', { name: 'Ativar' }).click();
  await page.waitForURL(`${baseUrl}/marketplace`);
}

/**
 * Asks `read` every `intervalMs` until it answers something other than undefined, and
 * returns that. Past `timeoutMs` it throws, naming `what` was awaited.
 */
export async function until<T>(
  what: string,
  read: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 500 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`${what}: still not so after ${timeoutMs} ms`);
    await delay(intervalMs);
  }
}

/** One message of the test outbox page, as its card shows it. */
export interface OutboxCard {
  readonly recipient: string;
  /** Empty for an SMS. */
  readonly subject: string;
  readonly body: string;
}

/**
 * Reloads the outbox until a message to `recipient` is listed and returns its card's text;
 * throws once `timeoutMs` has passed.
 */
export async function outboxMessage(
  page: Page,
  baseUrl: string,
  recipient: string,
  timeoutMs: number,
): Promise<string> {
  const card = page.locator('[data-message]', {
    has: page.locator(`[data-recipient]:text-is("${recipient}")`),
  });
  return until(
    `a message to ${recipient} in the outbox`,
    async () => {
      await page.goto(`${baseUrl}/outbox`);
      return (await card.count()) > 0 ? ((await card.first().textContent()) ?? '') : undefined;
    },
    { timeoutMs, intervalMs: 1000 },
  );
}

/** Every message of a channel in the outbox, walking its pages with the "next" link. */
export async function readOutbox(
  page: Page,
  baseUrl: string,
  channel: 'email' | 'sms',
): Promise<OutboxCard[]> {
  await page.goto(`${baseUrl}/outbox?channel=${channel}`);
  const cards: OutboxCard[] = [];
  for (;;) {
    for (const card of await page.locator('[data-message]').all()) {
      const subject = card.locator('.subject');
      cards.push({
        recipient: (await card.locator('[data-recipient]').textContent()) ?? '',
        subject: (await subject.count()) > 0 ? ((await subject.textContent()) ?? '') : '',
        body: (await card.locator('.body').textContent()) ?? '',
      });
    }
    const next = page.locator('a[rel="next"]');
    if ((await next.count()) === 0) return cards;
    await next.click();
    await page.waitForLoadState();
  }
}

/**
 * Waits until the filter builder's hidden input holds `filter` and its preview counts that
 * very filter; returns the count the preview shows.
 */
export async function filterPreview(page: Page, filter: unknown): Promise<string> {
  const json = JSON.stringify(filter);
  await page.waitForFunction((expected) => {
    // Runs in the page; the test project has no DOM types.
    const doc = (globalThis as any).document;
    const count = doc.querySelector('[data-preview-count]');
    const input = doc.querySelector('[data-filter-input]');
    return input?.value === expected && count?.dataset.filter === expected;
  }, json);
  return (await page.locator('[data-preview-count]').getAttribute('data-count')) ?? '';
}

/** The channels' words on the shared template and campaign screens. */
const SCREEN_LABELS = {
  email: { body: 'Corpo do e-mail (HTML)', account: 'Conta SMTP' },
  sms: { body: 'Texto do SMS', account: 'Gateway de SMS' },
} as const;

/** A template as typed in the editor; `subject` for e-mail only. */
export interface TemplateText {
  readonly name: string;
  readonly subject?: string;
  readonly body: string;
}

/** Creates a template in the app's template editor. `appUrl` is e.g. `<base>/apps/email`. */
export async function createTemplate(
  page: Page,
  appUrl: string,
  channel: 'email' | 'sms',
  template: TemplateText,
): Promise<void> {
  await page.goto(`${appUrl}/templates`);
  await page.getByRole('link', { name: 'Novo modelo' }).click();
  await page.getByLabel('Nome do modelo').fill(template.name);
  if (template.subject !== undefined) {
    await page.getByLabel('Assunto', { exact: true }).fill(template.subject);
  }
  await page.getByLabel(SCREEN_LABELS[channel].body).fill(template.body);
  await page.getByRole('button', { name: 'Salvar modelo' }).click();
  await page.waitForURL(`${appUrl}/templates?done=saved`);
}

/** A marketing campaign to the customers of one city, as the campaign form takes it. */
export interface CityCampaign {
  readonly name: string;
  readonly city: string;
  /** Names of the template and of the SMTP account or gateway, as the selects list them. */
  readonly template: string;
  readonly account: string;
}

/**
 * Creates a marketing campaign draft on the campaign form, its audience built in the filter
 * builder as "Cidade é igual a <city>". Returns the campaign's id and the audience count the
 * builder's preview showed.
 */
export async function createCityCampaign(
  page: Page,
  appUrl: string,
  channel: 'email' | 'sms',
  campaign: CityCampaign,
): Promise<{ id: number; previewCount: number }> {
  await page.goto(`${appUrl}/campaigns`);
  await page.getByRole('link', { name: 'Nova campanha' }).click();
  await page.getByLabel('Nome da campanha').fill(campaign.name);
  await page.getByLabel('Montar um filtro').check();
  await page.getByRole('button', { name: 'Adicionar condição' }).click();
  const condition = page.getByRole('group', { name: 'Condição 1', exact: true });
  await condition.getByLabel('Campo', { exact: true }).selectOption({ label: 'Cidade' });
  await condition.getByLabel('Operador', { exact: true }).selectOption({ label: 'é igual a' });
  await condition.getByLabel('Valor', { exact: true }).fill(campaign.city);
  const filter = { all: [{ field: 'city', op: 'eq', value: campaign.city }] };
  const previewCount = Number(await filterPreview(page, filter));

  await page.getByLabel('Modelo', { exact: true }).selectOption({ label: campaign.template });
  const account = page.getByLabel(SCREEN_LABELS[channel].account, { exact: true });
  // The default account's option reads "<name> (padrão)".
  const option = account.locator('option', { hasText: campaign.account });
  await account.selectOption((await option.getAttribute('value')) ?? '');
  await page.getByLabel('Marketing', { exact: true }).check();
  await page.getByRole('button', { name: 'Criar rascunho' }).click();
  await page.waitForURL(/\/campaigns\/\d+\?done=created$/);
  const id = Number(/\/campaigns\/(\d+)/.exec(page.url())?.[1]);
  return { id, previewCount };
}

/** The figures of a campaign's progress panel. */
export interface ProgressFigures {
  readonly queued: number;
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
  readonly left: number;
}

/**
 * Presses "Iniciar agora" on the campaign page, then watches the page, without reloading
 * it, until its progress bar stands at 100 % and the campaign reads "concluída". Returns
 * the figures the page shows then. Throws past `timeoutMs`.
 */
export async function startAndWatch(page: Page, timeoutMs: number): Promise<ProgressFigures> {
  await page.getByRole('button', { name: 'Iniciar agora' }).click();
  await page.getByRole('status').filter({ hasText: 'Campanha iniciada.' }).waitFor();
  await page.evaluate(() => Object.assign(globalThis, { recadoSameDocument: true }));

  const bar = page.getByRole('progressbar', { name: 'Andamento' });
  const deadline = Date.now() + timeoutMs;
  try {
    await bar.and(page.locator('[value="100"]')).waitFor({ timeout: timeoutMs });
    await page
      .locator('[data-status-label]', { hasText: 'concluída' })
      .waitFor({ timeout: Math.max(1, deadline - Date.now()) });
  } catch (error) {
    const shown = await page.locator('[data-progress-summary]').textContent();
    throw new Error(`the campaign did not finish in ${timeoutMs} ms; the page shows: ${shown}`, {
      cause: error,
    });
  }
  const same = await page.evaluate(
    () => (globalThis as { recadoSameDocument?: boolean }).recadoSameDocument,
  );
  if (same !== true) throw new Error('the campaign page reloaded instead of updating itself');

  const figure = async (name: string) =>
    Number(await page.locator(`[data-count="${name}"]`).textContent());
  return {
    queued: await figure('queued'),
    sent: await figure('sent'),
    failed: await figure('failed'),
    skipped: await figure('skipped'),
    left: await figure('left'),
  };
}
