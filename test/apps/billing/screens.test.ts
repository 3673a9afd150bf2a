import { expect } from 'chai';
import type { BillingRule } from '../../../src/apps/billing/index.js';
import { SmtpAccountStore } from '../../../src/apps/email/accounts.js';
import { describeEachDatabase } from '../../support/databases.js';
import { useSignedInPanel, type PanelClient } from '../../support/panel.js';
import { Clock, engineFor } from './fixtures.js';

/** The plugin's CSRF token on a page with the filter builder. */
function pluginToken(html: string): string {
  const token = /data-csrf="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no plugin CSRF token on the page');
  return token;
}

/** The rule form's fields for a saved rule. */
function formOf(rule: BillingRule | undefined): Record<string, string> {
  if (!rule) throw new Error('no rule');
  const form: Record<string, string> = {
    kind: rule.kind,
    days: rule.days === null ? '' : String(rule.days),
    name: rule.name,
    send_hour: String(rule.sendHour),
  };
  for (const channel of rule.channels) {
    form[`channel_${channel}`] = 'on';
    form[`template_${channel}`] = String(rule.templates[channel]);
  }
  return form;
}

describeEachDatabase('billing screens', (database) => {
  const panel = useSignedInPanel(database);
  let admin: PanelClient;
  let operator: PanelClient;
  let adminToken: string;
  let operatorToken: string;
  const engine = () => engineFor(database().db, new Clock(new Date())).engine;
  const count = async () =>
    Number(
      ((await database().db('recado_billing_rules').count({ n: '*' })) as { n: unknown }[])[0]?.n,
    );
  const emailTemplate = async () =>
    (
      (await database().db('recado_templates').where({ channel: 'email' }).first('id')) as {
        id: number;
      }
    ).id;

  before(async () => {
    ({ admin, operator } = panel());
    adminToken = pluginToken((await admin.get('/apps/billing/rules/new')).html);
    operatorToken = pluginToken((await operator.get('/apps/email/groups/new')).html);
  });

  describe('GET /', () => {
    it('warns, channel by channel, when enabled rules send where no account can', async () => {
      const { db } = database();
      await db('recado_email_accounts').delete();
      await db('recado_sms_gateways').delete();
      const unsent = async () =>
        [...(await admin.get('/apps/billing/')).html.matchAll(/data-unsent-channel="(\w+)"/g)].map(
          (match) => match[1],
        );

      const before = await unsent();
      await new SmtpAccountStore({
        db,
        vault: panel().running.panel.context.plugin.services.vault,
      }).create({
        name: 'Cobrança',
        host: '127.0.0.1',
        port: 2525,
        security: 'none',
        fromAddress: 'cobranca@provedor.test',
      });
      const after = await unsent();

      expect(before).to.deep.equal(['email', 'sms']);
      expect(after).to.deep.equal(['sms']);
      expect((await admin.get('/apps/billing/')).html).to.contain(
        'Há regras que enviam SMS, mas nenhum gateway de SMS está ativo',
      );
      await db('recado_email_accounts').delete();
    });

    it('draws the three charts as SVG with a title, and the overdue numbers of overdueByAge', async () => {
      const page = await admin.get('/apps/billing/');
      const ages = await engine().dashboard.overdueByAge();

      expect(page.status).to.equal(200);
      for (const chart of ['billing-overdue', 'billing-sent', 'billing-recovered']) {
        expect(page.html).to.match(new RegExp(`<svg[^>]+id="${chart}"[^>]+role="img"`));
        expect(page.html).to.contain(`<title id="${chart}-title">`);
      }
      for (const age of ages) {
        expect(page.html).to.contain(
          `data-bucket="${age.bucket}" data-customers="${age.customers}" data-invoices="${age.invoices}" data-amount="${age.amount}"`,
        );
      }
      const customers = ages.reduce((sum, age) => sum + age.customers, 0);
      expect(customers).to.be.above(0);
      expect(page.html).to.contain(`data-figure="customers">${customers}<`);
      expect(page.html)
        .to.contain('href="/apps/billing/rules"')
        .and.contain('/apps/billing/dry-run');
    });
  });

  describe('POST /rules', () => {
    it('shows the form back with 422 and the message next to the days field, saving nothing', async () => {
      const before = await count();

      const answer = await admin.post('/apps/billing/rules', {
        _csrf: adminToken,
        kind: 'after_due',
        days: '',
        name: 'Cinco dias depois',
        channel_email: 'on',
        template_email: String(await emailTemplate()),
        send_hour: '10',
      });

      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain('data-error-field="days"');
      expect(answer.html).to.contain('A regra é inválida no campo days: é obrigatório.');
      expect(answer.html).to.contain('value="Cinco dias depois"');
      expect(await count()).to.equal(before);
    });

    it('creates a rule and lists it', async () => {
      const answer = await admin.post('/apps/billing/rules', {
        _csrf: adminToken,
        kind: 'after_due',
        days: '5',
        name: 'Cinco dias depois',
        channel_email: 'on',
        template_email: String(await emailTemplate()),
        send_hour: '10',
      });

      expect(answer.status).to.equal(303);
      expect(answer.location).to.equal('/apps/billing/rules?done=saved');
      const saved = await database()
        .db('recado_billing_rules')
        .where({ name: 'Cinco dias depois' })
        .first();
      expect(saved).to.include({ kind: 'after_due', channels: 'email' });
      expect(Number(saved.days)).to.equal(5);
      expect((await admin.get('/apps/billing/rules')).html).to.contain('Cinco dias depois');
    });

    it('refuses a post without a valid CSRF token with 403, saving nothing', async () => {
      const before = await count();
      for (const token of ['', 'forged']) {
        const answer = await admin.post('/apps/billing/rules', {
          _csrf: token,
          kind: 'on_due',
          name: 'X',
        });
        expect(answer.status, token).to.equal(403);
      }
      expect(await count()).to.equal(before);
    });

    it('refuses the operator without billing.manage, saving nothing', async () => {
      const before = await count();
      const answer = await operator.post('/apps/billing/rules', {
        _csrf: operatorToken,
        kind: 'on_due',
        name: 'Do operador',
        channel_email: 'on',
        template_email: String(await emailTemplate()),
      });

      expect(answer.status).to.equal(403);
      expect(answer.html).to.contain('billing.manage');
      expect(await count()).to.equal(before);
      expect((await operator.get('/apps/billing/rules')).status).to.equal(200);
    });
  });

  describe('POST /rules/:id/enabled and /rules/:id/delete', () => {
    it('switches a rule off and on', async () => {
      const [rule] = await engine().rules.list();
      const path = `/apps/billing/rules/${rule?.id}/enabled`;

      expect((await admin.post(path, { _csrf: adminToken, enabled: '0' })).status).to.equal(303);
      expect((await engine().rules.get(Number(rule?.id))).enabled).to.equal(false);
      await admin.post(path, { _csrf: adminToken, enabled: '1' });
      expect((await engine().rules.get(Number(rule?.id))).enabled).to.equal(true);
    });

    it('asks for confirmation, then deletes the rule', async () => {
      const created = await engine().rules.create({
        kind: 'on_due',
        name: 'Para excluir',
        channels: ['email'],
        templates: { email: await emailTemplate() },
      });

      const confirm = await admin.get(`/apps/billing/rules/${created.id}/delete`);
      expect(confirm.status).to.equal(200);
      expect(confirm.html).to.contain('Excluir a regra «Para excluir»?');
      const answer = await admin.post(`/apps/billing/rules/${created.id}/delete`, {
        _csrf: adminToken,
      });
      expect(answer.status).to.equal(303);
      expect(await database().db('recado_billing_rules').where({ id: created.id })).to.deep.equal(
        [],
      );
    });
  });

  describe('GET /rules/:id', () => {
    it('fills the edit form with the saved rule and the templates of each channel', async () => {
      const [rule] = await engine().rules.list();
      const page = await admin.get(`/apps/billing/rules/${rule?.id}`);

      expect(page.status).to.equal(200);
      expect(page.html).to.contain(`action="/apps/billing/rules/${rule?.id}"`);
      expect(page.html).to.contain(`value="${rule?.name}"`);
      expect(page.html).to.contain(`<option value="${rule?.templates.email}" selected>`);
    });
  });

  describe('GET /dry-run', () => {
    it('lists per rule and channel the counts and customers that dryRun returns', async () => {
      const run = await engine().dryRun({ date: '2026-12-10', sample: 50 });
      const page = await admin.get('/apps/billing/dry-run?date=2026-12-10');

      expect(page.status).to.equal(200);
      expect(page.html).to.contain('data-dry-run="2026-12-10"');
      for (const rule of run.rules) {
        expect(page.html).to.contain(`data-dry-rule="${rule.ruleId}"`);
        for (const channel of rule.channels) {
          expect(page.html).to.contain(
            `data-dry-channel="${channel.channel}" data-count="${channel.count}"`,
          );
          for (const row of channel.first)
            expect(page.html).to.contain(`data-customer="${row.customerId}"`);
        }
      }
      expect(run.rules.some((rule) => rule.channels.some((channel) => channel.count > 0))).to.equal(
        true,
      );
    });
  });

  describe('GET /customers/:id/notices', () => {
    it('lists the customer notices with rule, channel and status for an operator with billing.view', async () => {
      const customer = (await database()
        .db('customers')
        .where({ status: 'blocked' })
        .whereNotNull('email')
        .orderBy('id')
        .first('id')) as { id: number };
      const added = await engine().handle('customer.blocked', { customerId: customer.id });
      const rule = (await database()
        .db('recado_billing_rules')
        .where({ kind: 'customer_blocked' })
        .first('name')) as { name: string };

      const page = await operator.get(`/apps/billing/customers/${customer.id}/notices`);
      expect(added).to.be.above(0);
      expect(page.status).to.equal(200);
      expect(page.html).to.contain(`data-customer-notices="${customer.id}"`);
      expect(page.html.match(/data-status="queued"/g)).to.have.length(added);
      expect(page.html).to.contain(rule.name).and.contain('Na fila');
    });

    it('answers 400 to an id that is not a number', async () => {
      expect((await admin.get('/apps/billing/customers/abc/notices')).status).to.equal(400);
    });
  });

  describe('POST /rules/:id', () => {
    it('saves a filter posted by the builder', async () => {
      const [rule] = await engine().rules.list({ kinds: ['on_due'] });
      const filter = { all: [{ field: 'city', op: 'eq', value: 'Campinas' }] };

      const answer = await admin.post(`/apps/billing/rules/${rule?.id}`, {
        ...formOf(rule),
        _csrf: adminToken,
        use_filter: 'on',
        filter: JSON.stringify(filter),
      });

      expect(answer.status).to.equal(303);
      expect((await engine().rules.get(Number(rule?.id))).filter).to.deep.equal(filter);
    });

    it('shows the builder back with the message when the filter is invalid, saving nothing', async () => {
      const [rule] = await engine().rules.list({ kinds: ['before_due'] });
      const filter = { all: [{ field: 'city', op: 'eq', value: '' }] };

      const answer = await admin.post(`/apps/billing/rules/${rule?.id}`, {
        ...formOf(rule),
        _csrf: adminToken,
        name: 'Renomeada',
        use_filter: 'on',
        filter: JSON.stringify(filter),
      });

      expect(answer.status).to.equal(400);
      expect(answer.html).to.contain('O filtro não é válido em /all/0/value');
      expect(answer.html).to.contain('value="Renomeada"');
      expect((await engine().rules.get(Number(rule?.id))).name).to.equal(rule?.name);
    });
  });

  describe('POST /rules/defaults', () => {
    it('offers "Usar regras padrão" when no rule is left, and installs them', async () => {
      await database().db('recado_billing_rules').delete();

      const empty = await admin.get('/apps/billing/rules');
      expect(empty.html).to.contain('Usar regras padrão');
      const answer = await admin.post('/apps/billing/rules/defaults', { _csrf: adminToken });
      expect(answer.status).to.equal(303);
      expect(await count()).to.equal(7);
    });
  });
});
