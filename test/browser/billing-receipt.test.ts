import { expect } from 'chai';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { SmtpAccountStore } from '../../src/apps/email/accounts.js';
import { startSinks, type Sinks } from '../../src/panel/sinks/index.js';
import { launchBrowser } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestPanel, type RunningPanel } from '../support/panel.js';

/** How long the receipt may take: hook → queue → scheduler's worker → SMTP sink. */
const RECEIPT_WAIT_MS = 45_000;

async function signIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Usuário').fill('admin');
  await page.getByLabel('Senha').fill('admin');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(`${baseUrl}/`);
}

async function enable(page: Page, baseUrl: string, app: string): Promise<void> {
  await page.goto(`${baseUrl}/marketplace`);
  await page.locator(`[data-app="${app}"]`).getByRole('button', { name: 'Ativar' }).click();
  await page.waitForURL(`${baseUrl}/marketplace`);
}

/** Reloads the outbox until a message to `recipient` is listed, or the wait runs out. */
async function receiptIn(page: Page, baseUrl: string, recipient: string): Promise<string> {
  const card = page.locator('[data-message]', {
    has: page.locator(`[data-recipient]:text-is("${recipient}")`),
  });
  const deadline = Date.now() + RECEIPT_WAIT_MS;
  while (Date.now() < deadline) {
    await page.goto(`${baseUrl}/outbox`);
    if ((await card.count()) > 0) return (await card.first().textContent()) ?? '';
    await page.waitForTimeout(1000);
  }
  throw new Error(`no message to ${recipient} in the outbox after ${RECEIPT_WAIT_MS} ms`);
}

describe('Cobrança receipt in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let database: TestDatabase;
  let sinks: Sinks;
  let running: RunningPanel;

  before(async function () {
    browser = await launchBrowser(this, 'Cobrança receipt in Chromium');
    database = await createTestDatabase('sqlite');
    running = await startTestPanel(database, { runScheduler: true });
    const logger = pino({ level: 'silent' });
    sinks = await startSinks({ db: database.db, logger, smtpPort: 0, smsPort: 0 });
  });
  after(async () => {
    await browser?.close();
    await running?.close();
    await sinks?.close();
    await database?.drop();
  });

  it('sends the receipt of an invoice marked paid on the invoices page to the test outbox', async () => {
    const page = await browser.newPage();
    await signIn(page, running.baseUrl);
    await enable(page, running.baseUrl, 'email');
    await enable(page, running.baseUrl, 'billing');
    const accounts = new SmtpAccountStore({
      db: database.db,
      vault: running.panel.context.plugin.services.vault,
    });
    await accounts.create({
      name: 'Sink de teste',
      host: '127.0.0.1',
      port: sinks.smtpPort,
      security: 'none',
      fromAddress: 'cobranca@provedor.test',
    });

    const receiptRule = (await database
      .db('recado_billing_rules')
      .where({ kind: 'payment_confirmed' })
      .first()) as { id: number; name: string };
    await page.goto(`${running.baseUrl}/apps/billing/rules`);
    const listed = page.locator(`tr[data-rule="${receiptRule.id}"][data-enabled="true"]`);
    expect(await listed.count(), 'the default receipt rule is on').to.equal(1);
    await page.goto(`${running.baseUrl}/invoices?filter=open`);
    const row = page
      .locator('tr[data-invoice]', { has: page.locator('[data-action="pay"]') })
      .first();
    const invoiceId = Number(await row.getAttribute('data-invoice'));
    const invoice = (await database.db('invoices').where({ id: invoiceId }).first()) as {
      customer_id: number;
    };
    const customer = (await database
      .db('customers')
      .where({ id: invoice.customer_id })
      .first()) as {
      email: string;
    };
    await row.getByRole('button', { name: 'Dar baixa' }).click();
    await page.waitForLoadState();

    const receipt = await receiptIn(page, running.baseUrl, customer.email);
    expect(receipt).to.contain(customer.email);
    // The sink stores the message before the worker records the delivery as sent.
    const statuses = async () =>
      (
        (await database.db('recado_deliveries').where({
          source: 'rule',
          source_id: String(receiptRule.id),
          invoice_id: invoiceId,
          channel: 'email',
        })) as { status: string }[]
      ).map((delivery) => delivery.status);
    for (let tries = 0; tries < 20 && (await statuses())[0] !== 'sent'; tries++) {
      await page.waitForTimeout(250);
    }
    expect(await statuses()).to.deep.equal(['sent']);
  });
});
