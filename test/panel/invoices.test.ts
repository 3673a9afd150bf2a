import { expect } from 'chai';
import type { Knex } from 'knex';
import { describeEachDatabase } from '../support/databases.js';
import { insertCustomer, PanelClient, usePanelRoutes } from '../support/panel.js';

/** 12:00 in São Paulo on 10 December 2026. */
const NOW = new Date('2026-12-10T15:00:00Z');

async function insertInvoice(db: Knex, values: Record<string, unknown>): Promise<number> {
  const [id] = await db('invoices').insert({
    amount: 99.9,
    status: 'open',
    created_at: '2026-11-01 12:00:00',
    ...values,
  });
  return Number(id);
}

function invoiceIds(html: string): number[] {
  return [...html.matchAll(/<tr data-invoice="(\d+)"/g)].map((match) => Number(match[1]));
}

describeEachDatabase('Invoice routes', (database) => {
  const { running, raise } = usePanelRoutes(database, NOW, {
    login: 'consulta',
    name: 'Só Consulta',
    permissions: ['invoices.view'],
  });
  let db: Knex;
  let operator: PanelClient;
  let maria: number;
  const ids = { overdue: 0, yesterday: 0, today: 0, open: 0, paid: 0, cancelled: 0 };

  before(async () => {
    db = database().db;
    maria = await insertCustomer(db, { name: 'Maria Conceição' });
    const rest = { customer_id: maria };
    ids.overdue = await insertInvoice(db, {
      ...rest,
      reference: 'REF-VENCIDA',
      due_date: '2026-12-07',
    });
    ids.yesterday = await insertInvoice(db, {
      ...rest,
      reference: 'REF-ONTEM',
      due_date: '2026-12-09',
    });
    ids.today = await insertInvoice(db, { ...rest, reference: 'REF-HOJE', due_date: '2026-12-10' });
    ids.open = await insertInvoice(db, {
      ...rest,
      reference: 'REF-ABERTA',
      due_date: '2027-01-10',
      amount: 1234.5,
    });
    ids.paid = await insertInvoice(db, {
      ...rest,
      reference: 'REF-PAGA',
      due_date: '2026-11-10',
      status: 'paid',
      paid_at: '2026-11-09 13:00:00',
      paid_amount: 99.9,
    });
    ids.cancelled = await insertInvoice(db, {
      ...rest,
      reference: 'REF-CANCELADA',
      due_date: '2026-10-10',
      status: 'cancelled',
    });
    const paged = await insertCustomer(db, { name: 'Paginação Teste' });
    for (let n = 1; n <= 30; n += 1) {
      const day = String(n).padStart(2, '0');
      await insertInvoice(db, {
        customer_id: paged,
        reference: `PAG-${day}`,
        due_date: `2025-01-${day}`,
      });
    }
    operator = new PanelClient(running().baseUrl);
    await operator.login('operador', 'operador');
  });

  describe('GET /invoices', () => {
    it('shows customer, reference, amount in reais, due date and status in Portuguese', async () => {
      const page = await operator.get('/invoices?q=maria');

      expect(page.status).to.equal(200);
      expect(page.html).to.contain(`<a href="/customers/${maria}">Maria Conceição</a>`);
      expect(page.html).to.match(/R\$\s1\.234,50/);
      expect(page.html).to.contain('10/01/2027');
      expect(page.html).to.contain('Vencida há 3 dias');
      expect(page.html).to.contain('Vencida há 1 dia<');
      expect(page.html).to.contain('Vence hoje');
      expect(page.html).to.contain('Em aberto');
      expect(page.html).to.contain('Paga em 09/11/2026');
      expect(page.html).to.contain('Cancelada');
    });

    it('writes amounts, dates and statuses the English way for an English-speaking operator', async () => {
      const english = new PanelClient(running().baseUrl);
      await english.login('operador', 'operador');
      await english.post('/locale', { locale: 'en', next: '/' });
      const page = await english.get('/invoices?q=maria');

      expect(page.html).to.contain('R$1,234.50');
      expect(page.html).to.contain('01/10/2027');
      expect(page.html).to.contain('Overdue by 3 days');
    });

    it('finds invoices by customer name whatever the case and accents, and by reference', async () => {
      const byName = await operator.get(`/invoices?q=${encodeURIComponent('MARIA CONCEICAO')}`);
      const byReference = await operator.get('/invoices?q=ref-hoje');

      expect(invoiceIds(byName.html)).to.have.length(6);
      expect(invoiceIds(byReference.html)).to.deep.equal([ids.today]);
    });

    it('filters open, overdue, due today, paid and cancelled invoices', async () => {
      const listed = async (filter: string) =>
        invoiceIds((await operator.get(`/invoices?q=maria&filter=${filter}`)).html).sort();

      expect(await listed('open')).to.deep.equal(
        [ids.overdue, ids.yesterday, ids.today, ids.open].sort(),
      );
      expect(await listed('overdue')).to.deep.equal([ids.overdue, ids.yesterday].sort());
      expect(await listed('due_today')).to.deep.equal([ids.today]);
      expect(await listed('paid')).to.deep.equal([ids.paid]);
      expect(await listed('cancelled')).to.deep.equal([ids.cancelled]);
    });

    it('pages 25 at a time and keeps the search and filter in the links', async () => {
      const first = await operator.get('/invoices?q=PAG-&filter=overdue');
      const second = await operator.get('/invoices?q=PAG-&filter=overdue&page=2');

      expect(invoiceIds(first.html)).to.have.length(25);
      expect(first.html).to.contain('data-total="30"');
      expect(first.html).to.contain(
        'href="/invoices?q=PAG-&amp;filter=overdue&amp;page=2" rel="next"',
      );
      expect(invoiceIds(second.html)).to.have.length(5);
      expect(second.html).to.contain('href="/invoices?q=PAG-&amp;filter=overdue" rel="prev"');
    });
  });

  describe('POST /invoices/:id/pay', () => {
    async function invoice(id: number) {
      return db('invoices').where({ id }).first();
    }

    it('marks an open invoice paid in full now and raises invoice.paid once', async () => {
      await operator.get('/invoices');
      const posted = await operator.post(`/invoices/${ids.overdue}/pay`, {
        back: '/invoices?filter=overdue',
      });

      const row = await invoice(ids.overdue);
      expect(posted.status).to.equal(303);
      expect(posted.location).to.equal('/invoices?filter=overdue');
      expect(row.status).to.equal('paid');
      expect(row.paid_at).to.equal('2026-12-10 15:00:00');
      expect(Number(row.paid_amount)).to.equal(99.9);
      expect(raise().callCount).to.equal(1);
      expect(raise().firstCall.args).to.deep.equal([
        'invoice.paid',
        { invoiceId: ids.overdue, customerId: maria, occurredAt: NOW },
      ]);
      expect((await operator.get('/invoices')).html).to.contain('fatura REF-VENCIDA paga');
    });

    it('pays once and raises once when the button is clicked twice at the same time', async () => {
      await operator.get('/invoices');
      const posts = await Promise.all([
        operator.post(`/invoices/${ids.yesterday}/pay`),
        operator.post(`/invoices/${ids.yesterday}/pay`),
      ]);

      expect(posts.map((posted) => posted.status)).to.deep.equal([303, 303]);
      expect(raise().withArgs('invoice.paid').callCount).to.equal(1);
      expect((await invoice(ids.yesterday)).status).to.equal('paid');
    });

    it('changes nothing and raises nothing for a paid or a cancelled invoice, and says so', async () => {
      await operator.get('/invoices');
      await operator.post(`/invoices/${ids.paid}/pay`);
      const paid = await operator.get('/invoices');
      await operator.post(`/invoices/${ids.cancelled}/pay`);
      const cancelled = await operator.get('/invoices');

      expect(raise().called).to.equal(false);
      expect((await invoice(ids.paid)).paid_at).to.equal('2026-11-09 13:00:00');
      expect((await invoice(ids.cancelled)).status).to.equal('cancelled');
      expect(paid.html).to.contain('Nada foi alterado: a fatura REF-PAGA já estava paga.');
      expect(cancelled.html).to.contain('a fatura REF-CANCELADA está cancelada');
    });

    it('refuses a post without a valid CSRF token and changes nothing', async () => {
      const posted = await operator.post(`/invoices/${ids.today}/pay`, { _csrf: '' });

      expect(posted.status).to.equal(403);
      expect(posted.html).to.contain('O formulário expirou');
      expect((await invoice(ids.today)).status).to.equal('open');
      expect(raise().called).to.equal(false);
    });

    it('refuses an operator without invoices.pay', async () => {
      const reader = new PanelClient(running().baseUrl);
      await reader.login('consulta', 'consulta');
      const list = await reader.get('/invoices');
      const posted = await reader.post(`/invoices/${ids.today}/pay`);

      expect(list.status).to.equal(200);
      expect(list.html).not.to.contain('data-action="pay"');
      expect(posted.status).to.equal(403);
      expect((await invoice(ids.today)).status).to.equal('open');
    });

    it('answers 404 in the operator language for an unknown or non-numeric id', async () => {
      await operator.get('/invoices');
      for (const path of ['/invoices/999999/pay', '/invoices/abc/pay', '/invoices/-1/pay']) {
        const posted = await operator.post(path);
        expect(posted.status, path).to.equal(404);
        expect(posted.html).to.contain('Página não encontrada.');
      }
      expect(raise().called).to.equal(false);
    });

    it('returns only to a page of this panel', async () => {
      await operator.get('/invoices');
      const posted = await operator.post(`/invoices/${ids.open}/pay`, {
        back: '//evil.example.com/',
      });

      expect(posted.location).to.equal('/invoices');
    });
  });
});
