import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { filterPreview, launchBrowser, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestPanel, type RunningPanel } from '../support/panel.js';

const CITY = { field: 'city', op: 'eq', value: 'Campinas' };
const CAMPINAS_OVERDUE = {
  all: [CITY, { all: [{ field: 'days_overdue', op: 'between', value: [1, 30] }] }],
};

describe('Filter builder in Chromium', function () {
  this.timeout(90000);
  let browser: Browser;
  let database: TestDatabase;
  let running: RunningPanel;
  const count = (filter: unknown) => running.panel.context.plugin.services.filters.count(filter);

  before(async function () {
    browser = await launchBrowser(this, 'Filter builder in Chromium');
    database = await createTestDatabase('sqlite');
    running = await startTestPanel(database);
  });
  after(async () => {
    await browser?.close();
    await running?.close();
    await database?.drop();
  });

  it('builds "Campinas and 1 to 30 days overdue" with a nested group, counts it live and saves it', async () => {
    const page = await browser.newPage();
    await signIn(page, running.baseUrl);
    await page.getByRole('link', { name: 'Marketplace' }).click();
    await page.locator('[data-app="email"]').getByRole('button', { name: 'Ativar' }).click();
    await page.waitForURL(`${running.baseUrl}/marketplace`);

    await page.goto(`${running.baseUrl}/apps/email/groups`);
    await page.getByRole('link', { name: 'Novo grupo' }).click();
    await page.waitForURL(`${running.baseUrl}/apps/email/groups/new`);
    expect(await filterPreview(page, { all: [] })).to.equal(String(await count({ all: [] })));
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));

    await page.getByLabel('Nome do grupo').fill('Campinas em atraso');
    await page.getByRole('button', { name: 'Adicionar condição' }).click();
    const city = page.getByRole('group', { name: 'Condição 1', exact: true });
    await city.getByLabel('Campo', { exact: true }).selectOption({ label: 'Cidade' });
    await city.getByLabel('Operador', { exact: true }).selectOption({ label: 'é igual a' });
    await city.getByLabel('Valor', { exact: true }).fill('Campinas');
    const inCampinas = await count({ all: [CITY] });
    expect(await filterPreview(page, { all: [CITY] })).to.equal(String(inCampinas));
    expect(inCampinas)
      .to.be.above(0)
      .and.below(await count({ all: [] }));

    await page.getByRole('button', { name: 'Adicionar grupo' }).click();
    const nested = page.getByRole('group', { name: 'Grupo 2', exact: true });
    await nested.getByLabel('Combinar').selectOption({ label: 'Todas estas condições' });
    const overdue = page.getByRole('group', { name: 'Condição 2', exact: true });
    await overdue.getByLabel('Campo', { exact: true }).selectOption({
      label: 'Dias de atraso da fatura mais antiga',
    });
    await overdue.getByLabel('Operador', { exact: true }).selectOption({ label: 'está entre' });
    await overdue.getByLabel('De', { exact: true }).fill('1');
    await overdue.getByLabel('Até', { exact: true }).fill('30');

    const expected = await count(CAMPINAS_OVERDUE);
    expect(await filterPreview(page, CAMPINAS_OVERDUE)).to.equal(String(expected));
    const text = await page.locator('[data-preview-count]').textContent();
    expect(text).to.match(
      new RegExp(
        `^(${expected} clientes atendem|1 cliente atende|Nenhum cliente atende) ao filtro$`,
      ),
    );
    expect(await page.locator('[data-preview-matches] li').count()).to.equal(
      Math.min(20, expected),
    );
    expect(
      await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument),
    ).to.equal(true);

    await page.getByRole('button', { name: 'Salvar grupo' }).click();
    await page.waitForURL(`${running.baseUrl}/apps/email/groups?done=saved`);
    await page.getByRole('status').filter({ hasText: 'Grupo salvo.' }).waitFor();
    const row = page.getByRole('row', { name: /Campinas em atraso/ });
    expect(await row.count()).to.equal(1);
    expect(await row.textContent()).to.contain(
      'Dias de atraso da fatura mais antiga está entre 1 e 30 dias',
    );
    const saved = await database.db('recado_groups').first('filter');
    expect(JSON.parse(saved.filter)).to.deep.equal(CAMPINAS_OVERDUE);
  });

  it('shows the server error next to the builder and marks the condition it names', async () => {
    const { plugin } = running.panel.context;
    if (!plugin.isEnabled('email')) await plugin.enable('email');
    const page = await browser.newPage();
    await signIn(page, running.baseUrl);
    await page.goto(`${running.baseUrl}/apps/email/groups/new`);
    await filterPreview(page, { all: [] });

    await page.getByRole('button', { name: 'Adicionar condição' }).click();
    const city = page.getByRole('group', { name: 'Condição 1', exact: true });
    await city.getByLabel('Campo', { exact: true }).selectOption({ label: 'Cidade' });

    const alert = page.locator('[data-preview-error]');
    await alert.filter({ hasText: 'o texto não pode ficar vazio' }).waitFor();
    expect(await alert.textContent()).to.equal(
      'O filtro não é válido em /all/0/value: o texto não pode ficar vazio',
    );
    expect(await city.getByLabel('Valor', { exact: true }).getAttribute('aria-invalid')).to.equal(
      'true',
    );

    await city.getByLabel('Valor', { exact: true }).fill('Sorocaba');
    await filterPreview(page, { all: [{ field: 'city', op: 'eq', value: 'Sorocaba' }] });
    expect(await alert.isHidden()).to.equal(true);
    await city.getByRole('button', { name: 'Remover condição' }).click();
    expect(await filterPreview(page, { all: [] })).to.equal(String(await count({ all: [] })));
  });
});
