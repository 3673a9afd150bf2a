import { expect } from 'chai';
import { enableApp, signIn, until, usePanelInBrowser } from '../support/browser.js';

describe('Template editor in Chromium', function () {
  this.timeout(120_000);
  const panel = usePanelInBrowser('Template editor in Chromium');

  it('counts an SMS as it is typed, inserts variables at the cursor and previews for a picked customer', async () => {
    const { browser, database, running } = panel();
    const page = await browser.newPage();
    await signIn(page, running.baseUrl);
    await enableApp(page, running.baseUrl, 'sms');
    await page.goto(`${running.baseUrl}/apps/sms/templates/new`);
    const body = page.getByLabel('Texto do SMS');
    const typed = page.locator('[data-sms-typed]');
    const issues = page.locator('[data-preview-issues] li');
    const previewText = page.locator('[data-preview-text]');
    const about = page.locator('[data-preview-about]');
    const text = async (locator: typeof typed) => (await locator.textContent()) ?? '';

    // The first preview has run (example values) and calls nothing out on an untouched form.
    await until('the first preview', async () =>
      (await text(about)).includes('valores de exemplo') ? true : undefined,
    );
    expect(await issues.count()).to.equal(0);
    expect(await text(typed)).to.equal('Como digitado: 0 caracteres, 0 SMS (GSM-7).');

    await body.fill('Oi, ');
    await page.getByRole('button', { name: 'Primeiro nome', exact: true }).click();
    const withName = 'Oi, {{ customer.first_name }}';
    expect(await body.inputValue()).to.equal(withName);
    expect(await text(typed)).to.equal(
      `Como digitado: ${withName.length} caracteres, 1 SMS (GSM-7).`,
    );
    await page.keyboard.insertText(' 🙂');
    expect(await text(typed)).to.contain('1 SMS (UCS-2)');
    expect(await text(typed)).to.contain(
      'Estes caracteres fazem cada SMS levar só 70 caracteres: 🙂',
    );

    const customer = (await database.db('customers').orderBy('id').first('id', 'name')) as {
      id: number;
      name: string;
    };
    await page.locator('[data-customer-search]').fill(customer.name);
    const option = page.locator(`[data-customer-select] option[value="${customer.id}"]`);
    await option.waitFor({ state: 'attached' });
    await page.locator('[data-customer-select]').selectOption(String(customer.id));
    const firstName = customer.name.split(' ')[0] as string;
    const shown = await until('the preview for the picked customer', async () => {
      const now = await text(previewText);
      return now.startsWith(`Oi, ${firstName}`) ? now : undefined;
    });
    expect(shown).to.equal(`Oi, ${firstName} 🙂`);
    expect(await text(about)).to.contain(`Com os dados de ${customer.name}`);

    await body.fill('');
    const called = await until('the empty text called out', async () =>
      (await issues.count()) > 0 ? text(issues.first()) : undefined,
    );
    expect(called).to.equal('Preencha este campo.');
  });

  it('names the field of each issue of an e-mail template in the preview', async () => {
    const { browser, running } = panel();
    const page = await browser.newPage();
    await signIn(page, running.baseUrl);
    await enableApp(page, running.baseUrl, 'email');
    await page.goto(`${running.baseUrl}/apps/email/templates/new`);
    const issues = page.locator('[data-preview-issues] li');

    await page.getByLabel('Assunto', { exact: true }).fill('Oi {{ customer.nome }}');
    await page.getByLabel('Corpo do e-mail (HTML)').fill('<p>Olá</p>');
    await page.getByLabel('Corpo do e-mail (HTML)').fill('');

    const listed = await until('both issues listed', async () => {
      const all = await issues.allTextContents();
      return all.length === 2 ? all : undefined;
    });
    expect(listed[0]).to.match(/^Assunto: /);
    expect(listed[1]).to.equal('Texto: Preencha este campo.');
  });
});
