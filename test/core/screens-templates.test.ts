import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { startScreensApp, type ScreensApp, type ScreensSession } from './screens-harness.test.js';

const EMAIL = '/apps/email/templates';
const SMS = '/apps/sms/templates';

describeEachDatabase('templateRoutes', (database) => {
  let screens: ScreensApp;
  let admin: ScreensSession;
  let viewer: ScreensSession;
  const db = () => database().db;
  const saved = async () => (await db()('recado_templates').orderBy('id')) as Record<string, any>[];
  const create = (fields: Record<string, string>, path = EMAIL) => admin.post(path, fields);
  const emailTemplate = {
    name: 'Boas-vindas',
    subject: 'Olá, {{ customer.first_name }}',
    body: '<p>Seu plano: {{ customer.plan }}</p>',
  };

  /** A customer with an open invoice, the invoice due first, as the host tables hold them. */
  async function customerWithOpenInvoice() {
    const invoice = await db()('invoices')
      .where({ status: 'open' })
      .orderBy(['due_date', 'id'])
      .first();
    const customer = await db()('customers').where({ id: invoice.customer_id }).first();
    const first = await db()('invoices')
      .where({ status: 'open', customer_id: customer.id })
      .orderBy(['due_date', 'id'])
      .first();
    return { customer, invoice: first };
  }

  before(async () => {
    screens = await startScreensApp(database());
    admin = screens.session('admin');
    viewer = screens.session('viewer');
    await admin.get(`${EMAIL}/new`);
    await viewer.get(EMAIL);
  });
  after(async () => {
    await screens?.close();
  });
  beforeEach(async () => {
    await db()('recado_campaigns').delete();
    await db()('recado_templates').delete();
  });

  describe('POST /templates', () => {
    it('saves an e-mail template and lists it', async () => {
      const answer = await create(emailTemplate);

      expect(answer.status).to.equal(303);
      expect(answer.location).to.equal(`${EMAIL}?done=saved`);
      expect(await saved())
        .to.have.length(1)
        .and.to.have.nested.property('[0].channel', 'email');
      const list = await admin.get(answer.location!);
      expect(list.html).to.contain('Boas-vindas').and.to.contain('Modelo salvo.');
    });

    it('refuses an unknown variable with its line beside the field, and saves nothing', async () => {
      const body = '<p>Olá {{ customer.first_name }},</p>\n<p>{{ customer.apelido }}</p>';
      const answer = await create({ ...emailTemplate, body });

      expect(answer.status).to.equal(422);
      expect(answer.html).to.match(
        /data-issues="body">[\s\S]*data-line="2">Linha 2, coluna \d+: a variável customer\.apelido não existe\./,
      );
      expect(answer.html).to.contain('Olá {{ customer.first_name }}');
      expect(await saved()).to.deep.equal([]);
    });

    it("answers in the operator's language", async () => {
      const english = screens.session('admin', 'en');
      await english.get(`${EMAIL}/new`);

      const answer = await english.post(EMAIL, { ...emailTemplate, subject: '{{ cliente.nome }}' });
      expect(answer.status).to.equal(422);
      expect(answer.html).to.match(/Line 1, column \d+: there is no variable cliente\.nome\./);
      expect(await saved()).to.deep.equal([]);
    });

    it('refuses a name another template of the channel has, whatever its case', async () => {
      await create(emailTemplate);

      const answer = await create({ ...emailTemplate, name: 'BOAS-VINDAS' });
      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain(
        'Já existe um modelo chamado «Boas-vindas». Escolha outro nome.',
      );
      expect(await saved()).to.have.length(1);
    });

    it('keeps SMS templates apart from e-mail ones, without a subject', async () => {
      await create({ name: 'Boas-vindas', body: 'Oi {{ customer.first_name }}!' }, SMS);

      const [row] = await saved();
      expect(row).to.include({ channel: 'sms', subject: null });
      expect((await admin.get(EMAIL)).html).to.contain('Nenhum modelo cadastrado ainda.');
    });

    it('answers 403 to an operator who may only read, and saves nothing', async () => {
      const answer = await viewer.post(EMAIL, emailTemplate);

      expect(answer.status).to.equal(403);
      expect(answer.html).to.contain('Você não tem permissão');
      expect(await saved()).to.deep.equal([]);
    });

    it('answers 403 without the CSRF token, and saves nothing', async () => {
      const answer = await admin.post(EMAIL, { ...emailTemplate, _csrf: '' });

      expect(answer.status).to.equal(403);
      expect(answer.html).to.contain('O formulário expirou');
      expect(await saved()).to.deep.equal([]);
    });
  });

  describe('POST /templates/:id', () => {
    it('changes a template and keeps its id', async () => {
      await create(emailTemplate);
      const [before] = await saved();

      const answer = await admin.post(`${EMAIL}/${before!.id}`, {
        ...emailTemplate,
        subject: 'Novo assunto',
      });
      expect(answer.status).to.equal(303);
      const [after] = await saved();
      expect(after).to.include({ id: before!.id, subject: 'Novo assunto' });
    });

    it('answers 404 for a template of the other channel', async () => {
      await create({ name: 'Aviso', body: 'Oi' }, SMS);
      const [row] = await saved();

      expect((await admin.get(`${EMAIL}/${row!.id}`)).status).to.equal(404);
    });
  });

  describe('POST /templates/:id/delete', () => {
    it('deletes a template no campaign uses', async () => {
      await create(emailTemplate);
      const [row] = await saved();

      const answer = await admin.post(`${EMAIL}/${row!.id}/delete`);
      expect(answer.location).to.equal(`${EMAIL}?done=deleted`);
      expect(await saved()).to.deep.equal([]);
    });

    it('refuses while a campaign that has not finished uses it, naming the campaign', async () => {
      await create(emailTemplate);
      const [row] = await saved();
      await screens.services.campaigns.create({
        channel: 'email',
        name: 'Black Friday',
        accountId: 7,
        templateId: row!.id,
        filter: { all: [] },
      });

      const answer = await admin.post(`${EMAIL}/${row!.id}/delete`);
      expect(answer.status).to.equal(409);
      expect(answer.html).to.contain(
        'Não é possível excluir o modelo «Boas-vindas»: ele ainda é usado por campanhas que não terminaram: «Black Friday».',
      );
      expect(await saved()).to.have.length(1);
    });
  });

  describe('POST /templates/preview', () => {
    it("renders with the picked customer's data and their open invoice", async () => {
      const { customer, invoice } = await customerWithOpenInvoice();
      const body =
        '<p>{{ customer.name }} deve {{ invoice.amount | money }} ({{ invoice.reference }})</p>';

      const answer = await admin.json('POST', `${EMAIL}/preview`, {
        subject: 'Fatura de {{ customer.first_name }}',
        body,
        customerId: customer.id,
      });
      expect(answer.status).to.equal(200);
      expect(answer.body.issues).to.deep.equal([]);
      expect(answer.body.customer).to.deep.equal({ id: customer.id, name: customer.name });
      expect(answer.body.invoice).to.deep.equal({ reference: invoice.reference });
      const amount = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' })
        .format(Number(invoice.amount))
        .replace(/\s/g, '\u00a0');
      expect(answer.body.body.replace(/\s/g, '\u00a0')).to.contain(amount);
      expect(answer.body.body).to.contain(invoice.reference);
      expect(answer.body.subject).to.match(/^Fatura de \S+$/);
    });

    it('renders with the example values when no customer is picked', async () => {
      const answer = await admin.json('POST', `${EMAIL}/preview`, {
        subject: 'Oi {{ customer.first_name }}',
        body: '<p>{{ provider.name }}</p>',
      });

      expect(answer.body).to.include({ subject: 'Oi Maria', customer: null });
      expect(answer.body.body).to.contain('<p>');
    });

    it('answers the issues with their line instead of a rendering', async () => {
      const answer = await admin.json('POST', `${EMAIL}/preview`, {
        subject: 'Oi',
        body: 'linha um\n{{ customer.apelido }}',
      });

      expect(answer.body.body).to.equal('');
      expect(answer.body.issues).to.have.length(1);
      expect(answer.body.issues[0]).to.include({ field: 'body', line: 2 });
      expect(answer.body.issues[0].message).to.contain('a variável customer.apelido não existe');
    });

    it('counts the rendered SMS, and the same text with its accents folded', async () => {
      const answer = await admin.json('POST', `${SMS}/preview`, {
        body: 'Atenção, {{ customer.first_name }}: sua fatura vence amanhã.',
      });

      expect(answer.body.sms.text).to.include({ encoding: 'UCS-2', segments: 1 });
      expect(answer.body.sms.folded).to.include({ encoding: 'GSM-7', segments: 1 });
      expect(answer.body.sms.text.characters).to.equal([...answer.body.body].length);
    });

    it('answers a 404 JSON error for a customer that does not exist', async () => {
      const answer = await admin.json('POST', `${EMAIL}/preview`, {
        subject: 'Oi',
        body: 'Oi',
        customerId: 999999,
      });

      expect(answer.status).to.equal(404);
      expect(answer.body.error).to.deep.equal({
        code: 'RECADO_CUSTOMER_NOT_FOUND',
        message: 'Cliente 999999 não encontrado.',
      });
    });

    it('answers 403 without the CSRF header', async () => {
      const response = await admin.fetch(`${EMAIL}/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject: 'Oi', body: 'Oi' }),
      });

      expect(response.status).to.equal(403);
    });
  });

  describe('GET /templates/customers', () => {
    it('finds customers by part of the name', async () => {
      const { customer } = await customerWithOpenInvoice();
      const part = String(customer.name).split(' ')[0]!;

      const answer = await viewer.json('GET', `${EMAIL}/customers?q=${encodeURIComponent(part)}`);
      expect(answer.status).to.equal(200);
      expect(answer.body.customers.length).to.be.within(1, 10);
      expect(
        answer.body.customers.map((found: { name: string }) => found.name).join('|'),
      ).to.contain(part);
    });
  });

  describe('GET /assets/template-editor.js', () => {
    it('serves the editor script to operators who may read', async () => {
      const response = await viewer.fetch('/apps/sms/assets/template-editor.js');

      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.contain('text/javascript');
    });
  });
});
