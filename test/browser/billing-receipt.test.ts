import { expect } from 'chai';
import { SmtpAccountStore } from '../../src/apps/email/accounts.js';
import { enableApp, outboxMessage, signIn, until, usePanelInBrowser } from '../support/browser.js';

/** How long the receipt may take: hook → queue → scheduler's worker → SMTP sink. */
const RECEIPT_WAIT_MS = 45_000;

describe('Cobrança receipt in Chromium', function () {
  this.timeout(120_000);
  const panel = usePanelInBrowser('Cobrança receipt in Chromium');

  it('signs the receipt of an invoice marked paid with the provider set on the settings page', async () => {
    const { browser, database, running, sinks } = panel();
    const page = await browser.newPage();
    await signIn(page, running.baseUrl);
    await enableApp(page, running.baseUrl, 'email');
    await enableApp(page, running.baseUrl, 'billing');
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

    await page.goto(`${running.baseUrl}/apps/billing/`);
    await page.getByRole('link', { name: 'Configurações', exact: true }).click();
    await page.getByLabel('Nome do provedor').fill('Fibra Rápida Telecom');
    await page.getByLabel('Telefone de atendimento').fill('(11) 4000-1234');
    await page.getByLabel('Site').fill('ftp://fibrarapida.com.br');
    await page.getByRole('button', { name: 'Salvar' }).click();
    const refused = page.locator('[data-error-field="site"]');
    expect(await refused.textContent()).to.contain('http:// ou https://');
    expect(await page.getByLabel('Nome do provedor').inputValue()).to.equal('Fibra Rápida Telecom');
    await page.getByLabel('Site').fill('https://fibrarapida.com.br');
    await page.getByRole('button', { name: 'Salvar' }).click();
    expect(await page.locator('[data-done="saved"]').textContent()).to.contain(
      'Configurações salvas',
    );

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

    const receipt = await outboxMessage(page, running.baseUrl, customer.email, RECEIPT_WAIT_MS);
    expect(receipt).to.contain(customer.email);
    expect(receipt).to.contain('Equipe Fibra Rápida Telecom');
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
    const settled = async () => {
      const now = await statuses();
      const busy = now.length === 0 || now.some((status) => ['queued', 'sending'].includes(status));
      return busy ? undefined : now;
    };
    const final = await until('the receipt delivery settled', settled, {
      timeoutMs: 5000,
      intervalMs: 250,
    });
    expect(final).to.deep.equal(['sent']);
  });
});
