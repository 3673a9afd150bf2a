import { expect } from 'chai';
import type { Knex } from 'knex';
import { describeEachDatabase } from '../support/databases.js';
import { insertCustomer, PanelClient, usePanelRoutes } from '../support/panel.js';

/** 12:00 in São Paulo on 10 December 2026. */
const NOW = new Date('2026-12-10T15:00:00Z');

async function statusOf(db: Knex, id: number): Promise<string> {
  return ((await db('customers').where({ id }).first()) as { status: string }).status;
}

function rowsOf(html: string): number {
  return html.match(/<tr data-customer="/g)?.length ?? 0;
}

describeEachDatabase('Customer routes', (database) => {
  const { running, raise } = usePanelRoutes(database, NOW, {
    login: 'financeiro',
    name: 'Só Faturas',
    permissions: ['invoices.view'],
  });
  let db: Knex;
  let admin: PanelClient;
  let operator: PanelClient;
  const ids = { joao: 0, percent: 0, hundred: 0, blocked: 0, cancelled: 0 };

  before(async () => {
    db = database().db;
    ids.joao = await insertCustomer(db, {
      name: 'João da Silva Araújo',
      email: 'joao.araujo@exemplo.com.br',
      mobile: '5511987654321',
      city: 'São Paulo',
      neighbourhood: 'Pinheiros',
      due_day: 15,
    });
    ids.percent = await insertCustomer(db, { name: 'Desconto 100% Fibra Ltda' });
    ids.hundred = await insertCustomer(db, { name: 'Desconto 1000 Fibra Ltda' });
    ids.blocked = await insertCustomer(db, { name: 'Bruna Bloqueada', status: 'blocked' });
    ids.cancelled = await insertCustomer(db, { name: 'Carlos Cancelado', status: 'cancelled' });
    for (let n = 1; n <= 30; n += 1) {
      await insertCustomer(db, { name: `Paginado ${String(n).padStart(2, '0')}` });
    }
    admin = new PanelClient(running().baseUrl);
    operator = new PanelClient(running().baseUrl);
    await admin.login('admin', 'admin');
    await operator.login('operador', 'operador');
  });

  describe('GET /customers', () => {
    it('lists a customer with place, plan, status, e-mail, a readable mobile and the due day', async () => {
      const page = await operator.get('/customers?q=Araújo');

      expect(page.status).to.equal(200);
      expect(rowsOf(page.html)).to.equal(1);
      expect(page.html).to.contain('São Paulo · Pinheiros');
      expect(page.html).to.contain('Fibra 300 Mega');
      expect(page.html).to.contain('<span class="badge active">Ativo</span>');
      expect(page.html).to.contain('joao.araujo@exemplo.com.br');
      expect(page.html).to.contain('(11) 98765-4321');
      expect(page.html).to.contain('<td>15</td>');
    });

    it('finds a name whatever its case and accents, on both databases', async () => {
      for (const term of ['JOÃO DA SILVA', 'joao da silva', 'ARAUJO']) {
        const page = await operator.get(`/customers?q=${encodeURIComponent(term)}`);
        expect(rowsOf(page.html), term).to.equal(1);
        expect(page.html).to.contain(`data-customer="${ids.joao}"`);
      }
    });

    it('finds a customer by e-mail, by mobile digits however they are typed, and by city', async () => {
      for (const term of ['JOAO.ARAUJO@', '98765-4321', '(11) 98765', 'sao paulo']) {
        const page = await operator.get(`/customers?q=${encodeURIComponent(term)}`);
        expect(rowsOf(page.html), term).to.equal(1);
        expect(page.html).to.contain(`data-customer="${ids.joao}"`);
      }
    });

    it('takes % and _ in the term literally', async () => {
      const percent = await operator.get(`/customers?q=${encodeURIComponent('100%')}`);
      const underscore = await operator.get(`/customers?q=${encodeURIComponent('Desconto_')}`);

      expect(rowsOf(percent.html)).to.equal(1);
      expect(percent.html).to.contain(`data-customer="${ids.percent}"`);
      expect(rowsOf(underscore.html)).to.equal(0);
    });

    it('filters by status', async () => {
      const page = await operator.get('/customers?status=blocked');

      expect(rowsOf(page.html)).to.equal(1);
      expect(page.html).to.contain(`data-customer="${ids.blocked}"`);
    });

    it('pages 25 at a time, shows the total and keeps the search in the links', async () => {
      const first = await operator.get('/customers?q=paginado');
      expect(rowsOf(first.html)).to.equal(25);
      expect(first.html).to.contain('data-total="30"');
      expect(first.html).to.contain('href="/customers?q=paginado&amp;page=2" rel="next"');
      expect(first.html).not.to.contain('rel="prev"');

      const second = await operator.get('/customers?q=paginado&page=2');
      expect(rowsOf(second.html)).to.equal(5);
      expect(second.html).to.contain('Paginado 30');
      expect(second.html).to.contain('href="/customers?q=paginado" rel="prev"');
      expect(second.html).not.to.contain('rel="next"');
    });

    it('sends a visitor to sign in and refuses an operator without customers.view', async () => {
      const visitor = await new PanelClient(running().baseUrl).get('/customers');
      const finance = new PanelClient(running().baseUrl);
      await finance.login('financeiro', 'financeiro');
      const refused = await finance.get('/customers');

      expect(visitor.status).to.equal(303);
      expect(visitor.location).to.equal('/login?next=%2Fcustomers');
      expect(refused.status).to.equal(403);
      expect(refused.html).to.contain('Você não tem permissão');
    });
  });

  describe('GET /customers/:id', () => {
    it('shows the details, the invoices and the buttons the operator may use', async () => {
      await db('invoices').insert({
        customer_id: ids.joao,
        reference: 'FAT202611000001',
        amount: 99.9,
        due_date: '2026-11-15',
        status: 'open',
        created_at: '2026-11-01 12:00:00',
      });
      const page = await operator.get(`/customers/${ids.joao}`);

      expect(page.status).to.equal(200);
      expect(page.html).to.contain('<h1>João da Silva Araújo');
      expect(page.html).to.contain('Pinheiros, São Paulo / SP');
      expect(page.html).to.contain('FAT202611000001');
      expect(page.html).to.match(/R\$\s99,90/);
      expect(page.html).to.contain('Vencida há 25 dias');
      expect(page.html).to.contain('data-action="block"');
      expect(page.html).to.contain('data-action="issue"');
      expect(page.html).to.contain('data-action="pay"');
    });

    it('answers 404 in the operator language for an unknown or non-numeric id', async () => {
      for (const path of ['/customers/999999', '/customers/abc', '/customers/1e3']) {
        const page = await operator.get(path);
        expect(page.status, path).to.equal(404);
        expect(page.html).to.contain('Página não encontrada.');
        expect(page.html).not.to.match(/at .*\.ts:\d+/);
      }
    });
  });

  describe('POST /customers/:id/block', () => {
    it('blocks an active customer and raises customer.blocked once', async () => {
      const id = await insertCustomer(db, { name: 'Ana Ativa' });
      await operator.get(`/customers/${id}`);
      const posted = await operator.post(`/customers/${id}/block`);

      expect(posted.status).to.equal(303);
      expect(posted.location).to.equal(`/customers/${id}`);
      expect(await statusOf(db, id)).to.equal('blocked');
      expect(raise().callCount).to.equal(1);
      expect(raise().firstCall.args[0]).to.equal('customer.blocked');
      expect(raise().firstCall.args[1]).to.deep.equal({ customerId: id, occurredAt: NOW });
      expect((await operator.get(`/customers/${id}`)).html).to.contain('Cliente bloqueado.');
    });

    it('changes nothing and raises nothing for a blocked or a cancelled customer, and says so', async () => {
      await operator.get(`/customers/${ids.blocked}`);
      await operator.post(`/customers/${ids.blocked}/block`);
      const blocked = await operator.get(`/customers/${ids.blocked}`);
      await operator.post(`/customers/${ids.cancelled}/block`);
      const cancelled = await operator.get(`/customers/${ids.cancelled}`);

      expect(raise().called).to.equal(false);
      expect(await statusOf(db, ids.cancelled)).to.equal('cancelled');
      expect(blocked.html).to.contain('Nada foi alterado: o cliente já está bloqueado.');
      expect(cancelled.html).to.contain('o cliente está cancelado');
    });

    it('refuses a post without a valid CSRF token and changes nothing', async () => {
      const id = await insertCustomer(db, { name: 'Célia Sem Token' });
      const posted = await operator.post(`/customers/${id}/block`, { _csrf: 'forged' });

      expect(posted.status).to.equal(403);
      expect(await statusOf(db, id)).to.equal('active');
      expect(raise().called).to.equal(false);
    });

    it('answers 404 for an unknown customer and raises nothing', async () => {
      await operator.get('/customers');
      const posted = await operator.post('/customers/999999/block');

      expect(posted.status).to.equal(404);
      expect(posted.html).to.contain('Página não encontrada.');
      expect(raise().called).to.equal(false);
    });

    it('refuses an operator without customers.block', async () => {
      const id = await insertCustomer(db, { name: 'Dora Protegida' });
      const finance = new PanelClient(running().baseUrl);
      await finance.login('financeiro', 'financeiro');
      const posted = await finance.post(`/customers/${id}/block`);

      expect(posted.status).to.equal(403);
      expect(await statusOf(db, id)).to.equal('active');
    });
  });

  describe('POST /customers/:id/unblock', () => {
    it('unblocks a blocked customer and raises customer.unblocked once', async () => {
      const id = await insertCustomer(db, { name: 'Elias Em Dia', status: 'blocked' });
      await operator.get(`/customers/${id}`);
      await operator.post(`/customers/${id}/unblock`);
      await operator.post(`/customers/${id}/unblock`);

      expect(await statusOf(db, id)).to.equal('active');
      expect(raise().callCount).to.equal(1);
      expect(raise().firstCall.args).to.deep.equal([
        'customer.unblocked',
        { customerId: id, occurredAt: NOW },
      ]);
      expect((await operator.get(`/customers/${id}`)).html).to.contain('o cliente já está ativo');
    });
  });

  describe('POST /customers/:id/invoices', () => {
    async function issue(client: PanelClient, id: number) {
      const page = await client.get(`/customers/${id}`);
      const seen = /name="seen" value="(\d+)"/.exec(page.html)?.[1] ?? '';
      return { seen, posted: await client.post(`/customers/${id}/invoices`, { seen }) };
    }

    it('issues the next monthly invoice on the due day and raises invoice.created', async () => {
      const id = await insertCustomer(db, { name: 'Fábio Mensal', due_day: 31 });
      await db('invoices').insert({
        customer_id: id,
        reference: 'ANTIGA-1',
        amount: 119.9,
        due_date: '2027-01-31',
        status: 'open',
        created_at: '2026-12-01 12:00:00',
      });
      const { posted } = await issue(operator, id);

      const invoice = await db('invoices').where({ customer_id: id }).orderBy('id', 'desc').first();
      expect(posted.status).to.equal(303);
      expect(invoice.due_date).to.equal('2027-02-28');
      expect(Number(invoice.amount)).to.equal(119.9);
      expect(invoice.status).to.equal('open');
      expect(invoice.reference).to.equal(`2027-02/${String(invoice.id).padStart(6, '0')}`);
      expect(invoice.digitable_line.replace(/\D/g, '')).to.have.length(47);
      expect(invoice.pix_code).to.match(/^000201.*6304[0-9A-F]{4}$/);
      expect(invoice.payment_link).to.equal(`https://pagar.example.com/f/${invoice.reference}`);
      expect(raise().callCount).to.equal(1);
      expect(raise().firstCall.args).to.deep.equal([
        'invoice.created',
        { customerId: id, invoiceId: invoice.id, occurredAt: NOW },
      ]);
      expect((await operator.get(`/customers/${id}`)).html).to.contain(
        'Fatura gerada com vencimento em 28/02/2027.',
      );
    });

    it('prices a first invoice from the plan and dates it on the next due day', async () => {
      const id = await insertCustomer(db, {
        name: 'Gabi Primeira',
        plan: '500 Mega',
        due_day: 5,
      });
      await issue(operator, id);

      const invoice = await db('invoices').where({ customer_id: id }).first();
      expect(invoice.due_date).to.equal('2027-01-05');
      expect(Number(invoice.amount)).to.equal(119.9);
    });

    it('issues once when the same form is posted twice', async () => {
      const id = await insertCustomer(db, { name: 'Hugo Duplo' });
      const { seen } = await issue(operator, id);
      const again = await operator.post(`/customers/${id}/invoices`, { seen });

      expect(again.status).to.equal(303);
      const issued = await db('invoices').where({ customer_id: id }).count({ count: '*' }).first();
      expect(Number(issued?.count)).to.equal(1);
      expect(raise().withArgs('invoice.created').callCount).to.equal(1);
      expect((await operator.get(`/customers/${id}`)).html).to.contain('Nenhuma fatura foi gerada');
    });

    it('issues nothing for a cancelled customer', async () => {
      await operator.get(`/customers/${ids.cancelled}`);
      await operator.post(`/customers/${ids.cancelled}/invoices`, { seen: '0' });

      expect(await db('invoices').where({ customer_id: ids.cancelled }).first()).to.equal(
        undefined,
      );
      expect(raise().called).to.equal(false);
    });
  });
});
