import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestPanel, type RunningPanel } from '../support/panel.js';

describe('Marketplace in Chromium', function () {
  this.timeout(60000);
  let browser: Browser;
  let database: TestDatabase;
  let running: RunningPanel;

  before(async function () {
    browser = await launchBrowser(this, 'Marketplace in Chromium');
    database = await createTestDatabase('sqlite');
    running = await startTestPanel(database);
  });
  after(async () => {
    await browser?.close();
    await running?.close();
    await database?.drop();
  });

  it('lets the admin enable SMS and shows its menu entry, which the operator without the permission does not see', async () => {
    const adminPage = await browser.newPage();
    await signIn(adminPage, running.baseUrl, 'admin', 'admin');
    expect(await adminPage.locator('[data-menu="sms.home"]').count()).to.equal(0);

    await adminPage.getByRole('link', { name: 'Marketplace' }).click();
    const smsCard = adminPage.locator('[data-app="sms"]');
    await smsCard.getByRole('button', { name: 'Ativar' }).click();
    await adminPage.waitForURL(`${running.baseUrl}/marketplace`);

    expect(await smsCard.getAttribute('data-enabled')).to.equal('true');
    await adminPage.locator('[data-menu="sms.home"]').click();
    await adminPage.waitForURL(`${running.baseUrl}/apps/sms`);
    expect(await adminPage.locator('h1').first().textContent()).to.equal('SMS');

    const operatorContext = await browser.newContext();
    const operatorPage = await operatorContext.newPage();
    await signIn(operatorPage, running.baseUrl, 'operador', 'operador');
    expect(await operatorPage.locator('[data-menu="sms.home"]').count()).to.equal(0);
    const direct = await operatorPage.goto(`${running.baseUrl}/apps/sms`);
    expect(direct?.status()).to.equal(403);
    await operatorContext.close();
  });
});
