import { expect } from 'chai';
import { PRESETS } from '../../src/core/filters/index.js';
import { toSqlTime } from '../../src/lib/time.js';
import { describeEachDatabase } from '../support/databases.js';
import { startScreensApp, type ScreensApp, type ScreensSession } from './screens-harness.test.js';

const BASE = '/apps/email/campaigns';
const DUE_DAY_10 = { all: [{ field: 'due_day', op: 'eq', value: 10 }] };

describeEachDatabase('campaignRoutes', (database) => {
  let screens: ScreensApp;
  let admin: ScreensSession;
  let viewer: ScreensSession;
  let templateId: number;
  let invoiceTemplateId: number;
  const db = () => database().db;
  const campaign = async (id: number) => db()('recado_campaigns').where({ id }).first();
  const deliveries = (where: Record<string, unknown>) => db()('recado_deliveries').where(where);
  const form = (fields: Record<string, string> = {}) => ({
    name: 'Promoção de dezembro',
    audience: 'filter',
    filter: JSON.stringify(DUE_DAY_10),
    template: String(templateId),
    account: '7',
    kind: 'marketing',
    ...fields,
  });

  /** Creates a draft through the form and returns its id. */
  async function draft(fields: Record<string, string> = {}): Promise<number> {
    const answer = await admin.post(BASE, form(fields));
    expect(answer.status, answer.html.slice(0, 400)).to.equal(303);
    return Number(/\/campaigns\/(\d+)\?done=created$/.exec(answer.location ?? '')?.[1]);
  }

  /** Sets the outcome of some of a campaign's deliveries as the worker would. */
  async function settle(
    id: number,
    outcomes: { status: string; error_code?: string; n: number }[],
  ) {
    const ids = (await deliveries({ campaign_id: id, status: 'queued' })
      .orderBy('id')
      .pluck('id')) as number[];
    let at = 0;
    for (const { status, error_code, n } of outcomes) {
      const chunk = ids.slice(at, at + n);
      at += n;
      await db()('recado_deliveries')
        .whereIn('id', chunk)
        .update({
          status,
          error_code: error_code ?? null,
          error_reason: error_code ? 'worker words' : null,
          sent_at: status === 'sent' ? toSqlTime(new Date()) : null,
        });
    }
  }

  before(async () => {
    screens = await startScreensApp(database());
    admin = screens.session('admin');
    viewer = screens.session('viewer');
    await admin.get(`${BASE}/new`);
    await viewer.get(BASE);
    const stamp = toSqlTime(new Date());
    const template = (name: string, body: string) => ({
      channel: 'email',
      name,
      subject: 'Oferta',
      body,
      created_at: stamp,
      updated_at: stamp,
    });
    const insert = async (row: object) => Number((await db()('recado_templates').insert(row))[0]);
    templateId = await insert(template('Oferta', '<p>Oi {{ customer.first_name }}</p>'));
    invoiceTemplateId = await insert(template('Lembrete', '<p>{{ invoice.amount | money }}</p>'));
  });
  after(async () => {
    await screens?.close();
  });
  beforeEach(async () => {
    await db()('recado_deliveries').delete();
    await db()('recado_campaigns').delete();
  });

  describe('GET /campaigns/new', () => {
    it("says what marketing means on the app's own channel", async () => {
      const email = (await admin.get(`${BASE}/new`)).html;
      const sms = (await admin.get('/apps/sms/campaigns/new')).html;

      expect(email).to.contain('os e-mails levam o link para sair da lista');
      expect(sms).to.contain('O modelo pode trazer o link para sair da lista');
      expect(sms).not.to.contain('os e-mails levam o link');
    });
  });

  describe('POST /campaigns', () => {
    it('creates a draft with a copy of the built filter, the template, the account and the kind', async () => {
      const id = await draft({ kind: 'transactional' });

      const row = await campaign(id);
      expect(row).to.include({
        channel: 'email',
        status: 'draft',
        name: 'Promoção de dezembro',
        kind: 'transactional',
      });
      expect(row).to.include({
        template_id: templateId,
        account_id: 7,
        created_by: 'Operadora admin',
      });
      expect(JSON.parse(row.filter)).to.deep.equal(DUE_DAY_10);
    });

    it("copies a saved group's filter", async () => {
      const id = await draft({ audience: 'group', group: 'preset:overdue' });

      expect(JSON.parse((await campaign(id)).filter)).to.deep.equal(PRESETS.overdue.tree);
    });

    it('shows the form back beside the field with a 422 when the name is missing, creating nothing', async () => {
      const answer = await admin.post(BASE, form({ name: '  ' }));

      expect(answer.status).to.equal(422);
      expect(answer.html)
        .to.contain('id="campaign-name-error"')
        .and.to.contain('Nome da campanha: preencha este campo.');
      expect(await db()('recado_campaigns')).to.deep.equal([]);
    });

    it('asks for a group when the audience is a group and none is chosen', async () => {
      const answer = await admin.post(BASE, form({ audience: 'group', group: '' }));

      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain('id="campaign-group-error"');
      expect(answer.html).to.contain('Grupo: escolha uma das opções da lista.');
    });

    it('refuses a template that reads the invoice, which campaign messages do not have', async () => {
      const answer = await admin.post(BASE, form({ template: String(invoiceTemplateId) }));

      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain('id="campaign-template-error"');
      expect(answer.html).to.contain('O modelo «Lembrete» usa dados da fatura (invoice, linha 1)');
      expect(await db()('recado_campaigns')).to.deep.equal([]);
    });

    it('refuses an account the directory does not list', async () => {
      const answer = await admin.post(BASE, form({ account: '99' }));

      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain('Conta de envio: escolha uma das opções da lista.');
    });

    it('answers 403 to a reader and without the CSRF token, creating nothing', async () => {
      expect((await viewer.post(BASE, form())).status).to.equal(403);
      expect((await admin.post(BASE, form({ _csrf: 'forged' }))).status).to.equal(403);
      expect(await db()('recado_campaigns')).to.deep.equal([]);
    });
  });

  describe('GET /campaigns/:id', () => {
    it('shows the count and the first recipients before the campaign starts', async () => {
      const id = await draft();
      const count = await screens.services.filters.count(DUE_DAY_10);

      const page = await viewer.get(`${BASE}/${id}`);
      expect(page.status).to.equal(200);
      expect(page.html).to.contain(`data-audience-count="${count}"`);
      expect(page.html.match(/data-recipient="/g)).to.have.length(Math.min(count, 10));
      expect(page.html).not.to.contain('action="/apps/email/campaigns/' + id + '/start"');
    });

    it('answers 404 for a campaign of the other app', async () => {
      const id = await draft();

      expect((await admin.get(`/apps/sms/campaigns/${id}`)).status).to.equal(404);
    });
  });

  describe('POST /campaigns/:id/test', () => {
    it('queues one test delivery per click, outside the campaign, to the typed address', async () => {
      const id = await draft({ kind: 'transactional' });

      const first = await admin.post(`${BASE}/${id}/test`, { to: ' eu@provedor.example.com ' });
      await admin.post(`${BASE}/${id}/test`, { to: 'eu@provedor.example.com' });
      expect(first.location).to.equal(`${BASE}/${id}?done=test`);
      const tests = await deliveries({ source: 'test' }).orderBy('id');
      expect(tests).to.have.length(2);
      expect(tests[0]).to.include({
        source_id: String(id),
        campaign_id: null,
        recipient: 'eu@provedor.example.com',
        kind: 'transactional',
        template_id: templateId,
        account_id: 7,
        status: 'queued',
      });
      expect(tests[0].dedupe_key).not.to.equal(tests[1].dedupe_key);
      expect((await viewer.json('GET', `${BASE}/${id}/progress`)).body.counts.total).to.equal(0);
    });

    it('refuses an address that is not one, beside the form, queueing nothing', async () => {
      const id = await draft();

      const answer = await admin.post(`${BASE}/${id}/test`, { to: 'não é e-mail' });
      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain('«não é e-mail» não é um endereço de e-mail válido.');
      expect(answer.html).to.contain('value="não é e-mail"');
      expect(await deliveries({ source: 'test' })).to.deep.equal([]);
    });
  });

  describe('POST /campaigns/:id/start', () => {
    it('enqueues the audience and answers the counts as JSON', async () => {
      const id = await draft();
      const count = await screens.services.filters.count(DUE_DAY_10);

      const answer = await admin.post(`${BASE}/${id}/start`);
      expect(answer.location).to.equal(`${BASE}/${id}?done=start`);
      await settle(id, [
        { status: 'sent', n: 3 },
        { status: 'failed', error_code: 'SMTP_550', n: 2 },
        { status: 'skipped', error_code: 'RECADO_SKIP_OPTED_OUT', n: 1 },
      ]);

      const progress = await viewer.json('GET', `${BASE}/${id}/progress`);
      expect(progress.status).to.equal(200);
      expect(progress.body).to.include({
        status: 'running',
        statusLabel: 'em andamento',
        final: false,
      });
      expect(progress.body.counts).to.include({
        total: count,
        sent: 3,
        failed: 2,
        skipped: 1,
        queued: count - 6,
        left: count - 6,
      });
      expect(progress.body.percent).to.equal(Math.floor((6 * 100) / count));
      expect(progress.body.actions).to.have.members(['pause', 'cancel', 'resend']);
    });

    it('answers the translated refusal, with a 409, when the status does not allow it', async () => {
      const id = await draft();
      await admin.post(`${BASE}/${id}/start`);

      const again = await admin.post(`${BASE}/${id}/start`);
      expect(again.status).to.equal(409);
      expect(again.html).to.contain('Não é possível iniciar uma campanha em andamento.');
    });

    it('answers 403 to a reader, leaving the campaign a draft', async () => {
      const id = await draft();

      expect((await viewer.post(`${BASE}/${id}/start`)).status).to.equal(403);
      expect((await campaign(id)).status).to.equal('draft');
    });

    it('answers 403 without the CSRF token, leaving the campaign a draft', async () => {
      const id = await draft();

      expect((await admin.post(`${BASE}/${id}/start`, { _csrf: '' })).status).to.equal(403);
      expect((await campaign(id)).status).to.equal('draft');
      expect(await deliveries({ campaign_id: id })).to.deep.equal([]);
    });
  });

  describe('POST /campaigns/:id/{pause,resume,cancel,resend}', () => {
    it('pauses, resumes and cancels, leaving what was not sent cancelled', async () => {
      const id = await draft();
      await admin.post(`${BASE}/${id}/start`);

      expect((await admin.post(`${BASE}/${id}/pause`)).location).to.equal(
        `${BASE}/${id}?done=pause`,
      );
      expect((await campaign(id)).status).to.equal('paused');
      const paused = await viewer.json('GET', `${BASE}/${id}/progress`);
      expect(paused.body.actions).to.have.members(['resume', 'cancel']);
      await admin.post(`${BASE}/${id}/resume`);
      expect((await campaign(id)).status).to.equal('running');
      await admin.post(`${BASE}/${id}/cancel`);

      expect((await campaign(id)).status).to.equal('cancelled');
      expect(await deliveries({ campaign_id: id, status: 'queued' })).to.deep.equal([]);
      const progress = await viewer.json('GET', `${BASE}/${id}/progress`);
      expect(progress.body).to.include({ final: true });
      expect(progress.body.actions).to.deep.equal([]);
    });

    it('puts the failed deliveries of a completed campaign back in the queue', async () => {
      const id = await draft();
      await admin.post(`${BASE}/${id}/start`);
      const total = (await deliveries({ campaign_id: id })).length;
      await settle(id, [
        { status: 'failed', error_code: 'SMTP_550', n: 2 },
        { status: 'sent', n: total - 2 },
      ]);
      await screens.services.campaigns.settle();
      expect((await campaign(id)).status).to.equal('completed');

      await admin.post(`${BASE}/${id}/resend`);
      expect((await campaign(id)).status).to.equal('running');
      expect(await deliveries({ campaign_id: id, status: 'queued' })).to.have.length(2);
    });

    it('refuses to pause a draft, in the operator language', async () => {
      const id = await draft();
      const english = screens.session('admin', 'en');
      await english.get(`${BASE}/${id}`);

      const answer = await english.post(`${BASE}/${id}/pause`);
      expect(answer.status).to.equal(409);
      expect(answer.html).to.contain('A draft campaign cannot be paused.');
    });
  });

  describe('POST /campaigns/:id/schedule', () => {
    it('schedules at a local date and time of the provider', async () => {
      const id = await draft();
      const year = new Date().getUTCFullYear() + 1;

      const answer = await admin.post(`${BASE}/${id}/schedule`, {
        date: `${year}-03-10`,
        time: '09:30',
      });
      expect(answer.location).to.equal(`${BASE}/${id}?done=schedule`);
      const row = await campaign(id);
      expect(row.status).to.equal('scheduled');
      expect(String(row.scheduled_at)).to.match(new RegExp(`^${year}-03-10 12:30:00`));
    });

    it('refuses a moment that has passed, beside the form', async () => {
      const id = await draft();

      const answer = await admin.post(`${BASE}/${id}/schedule`, {
        date: '2020-01-02',
        time: '08:00',
      });
      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain('2020-01-02 às 08:00 já passou.');
      expect((await campaign(id)).status).to.equal('draft');
    });
  });

  describe('GET /campaigns/:id?status=', () => {
    it('lists the deliveries of one status with the reason of each, translated', async () => {
      const id = await draft();
      await admin.post(`${BASE}/${id}/start`);
      await settle(id, [
        { status: 'sent', n: 2 },
        { status: 'skipped', error_code: 'RECADO_SKIP_OPTED_OUT', n: 1 },
        { status: 'failed', error_code: 'SMTP_550', n: 1 },
      ]);

      const skipped = await viewer.get(`${BASE}/${id}?status=skipped`);
      expect(skipped.html.match(/data-status="skipped"/g)).to.have.length(1);
      expect(skipped.html).not.to.contain('data-status="sent"');
      expect(skipped.html).to.contain(
        'O cliente pediu para não receber propaganda por este canal.',
      );
      const failed = await viewer.get(`${BASE}/${id}?status=failed`);
      expect(failed.html).to.contain('worker words');
    });
  });

  describe('GET /campaigns', () => {
    it("lists the channel's campaigns with their counts", async () => {
      const id = await draft();
      await admin.post(`${BASE}/${id}/start`);
      await settle(id, [{ status: 'sent', n: 4 }]);

      const list = await viewer.get(BASE);
      expect(list.status).to.equal(200);
      expect(list.html).to.match(
        new RegExp(`data-campaign-row="${id}"[\\s\\S]*?<td class="money">4</td>`),
      );
      expect((await viewer.get('/apps/sms/campaigns')).html).not.to.contain(
        `data-campaign-row="${id}"`,
      );
    });
  });
});
