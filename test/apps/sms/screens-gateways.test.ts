import { expect } from 'chai';
import { SmsGateways } from '../../../src/apps/sms/gateways.js';
import { FakeGateway } from '../../channels/sms/support/fake-gateway.js';
import { describeEachDatabase } from '../../support/databases.js';
import { PanelClient, startTestPanel, type RunningPanel } from '../../support/panel.js';

const TOKEN = 'zenvia-token-S3CR3T-4711';
const BASE = '/apps/sms/gateways';

/** The plugin's CSRF token on a plugin page (the layout's own forms carry the host's). */
function pluginToken(html: string): string {
  const token = /data-csrf="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no plugin CSRF token on the page');
  return token;
}

describeEachDatabase('SMS gateway screens', (database) => {
  let running: RunningPanel;
  let admin: PanelClient;
  let operator: PanelClient;
  let zenvia: FakeGateway;
  let token: string;

  const rows = () => database().db('recado_sms_gateways').select('id', 'name');
  const store = () =>
    new SmsGateways({ db: database().db, vault: running.panel.context.plugin.services.vault });
  const zenviaForm = (extra: Record<string, string> = {}) => ({
    _csrf: token,
    type: 'zenvia',
    name: 'Zenvia principal',
    'config.baseUrl': zenvia.url,
    'config.from': 'provedor-net',
    'secrets.token': TOKEN,
    'secrets.webhookSecret': 'hook-secret',
    foldAccents: '1',
    enabled: '1',
    ratePerSecond: '5',
    dailyQuota: '1000',
    ...extra,
  });
  const createZenvia = async () => {
    await admin.post(BASE, zenviaForm());
    const [row] = await rows();
    return Number((row as { id: number }).id);
  };

  before(async () => {
    zenvia = await FakeGateway.start(() => ({ body: { id: 'zv-777', direction: 'OUT' } }));
    running = await startTestPanel(database());
    admin = new PanelClient(running.baseUrl);
    operator = new PanelClient(running.baseUrl);
    await admin.login('admin', 'admin');
    await operator.login('operador', 'operador');
    await admin.get('/marketplace');
    await admin.post('/marketplace/sms/enable');
    token = pluginToken((await admin.get(BASE)).html);
  });
  after(async () => {
    await running?.close();
    await zenvia?.close();
  });
  beforeEach(async () => {
    await database().db('recado_sms_webhook_events').delete();
    await database().db('recado_sms_gateways').delete();
  });

  describe('POST /gateways', () => {
    it('creates a Zenvia gateway and lists it', async () => {
      const form = await admin.get(`${BASE}/new?type=zenvia`);
      const answer = await admin.post(BASE, zenviaForm());
      const list = await admin.get(BASE);

      expect(form.html).to.contain('name="config.from"').and.to.contain('name="secrets.token"');
      expect(answer.status).to.equal(303);
      expect(answer.location).to.equal(`${BASE}?done=saved`);
      expect(list.html).to.contain('Zenvia principal').and.to.contain('5/s');
      expect(list.html).to.contain('1000 por dia');
    });

    it('shows the reason next to the field with a 422, keeps the input and saves nothing', async () => {
      const answer = await admin.post(BASE, zenviaForm({ 'config.from': '' }));

      expect(answer.status).to.equal(422);
      expect(answer.html).to.match(/data-error-for="config.from">campo obrigatório/);
      expect(answer.html).to.contain('value="Zenvia principal"');
      expect(answer.html).not.to.contain(TOKEN);
      expect(await rows()).to.have.length(0);
    });

    it('answers 403 without the CSRF token', async () => {
      const answer = await admin.post(BASE, zenviaForm({ _csrf: '' }));

      expect(answer.status).to.equal(403);
      expect(await rows()).to.have.length(0);
    });
  });

  describe('secrets', () => {
    it('never shows the token on any page', async () => {
      const id = await createZenvia();

      for (const path of [BASE, `${BASE}/${id}/edit`, `${BASE}/${id}/delete`, '/apps/sms']) {
        const page = await admin.get(path);
        expect(page.status, path).to.equal(200);
        expect(page.html, path).not.to.contain(TOKEN);
      }
      expect((await admin.get(`${BASE}/${id}/edit`)).html).to.contain('placeholder="inalterado"');
    });

    it('keeps the stored token when an edit leaves it empty', async () => {
      const id = await createZenvia();

      const answer = await admin.post(
        `${BASE}/${id}`,
        zenviaForm({ name: 'Zenvia reserva', 'secrets.token': '', 'secrets.webhookSecret': '' }),
      );
      const resolved = await store().resolve(id);

      expect(answer.status).to.equal(303);
      expect(resolved?.secrets).to.deep.equal({ token: TOKEN, webhookSecret: 'hook-secret' });
      expect((await store().get(id)).name).to.equal('Zenvia reserva');
    });
  });

  describe('permissions', () => {
    it('refuses the operator without SMS permissions', async () => {
      const list = await operator.get(BASE);
      const posted = await operator.post(BASE, zenviaForm());

      expect(list.status).to.equal(403);
      expect(posted.status).to.equal(403);
      expect(await rows()).to.have.length(0);
    });
  });

  describe('POST /gateways/:id/test', () => {
    it('sends through the fake Zenvia and shows the answer in words', async () => {
      const id = await createZenvia();
      zenvia.requests.length = 0;

      const page = await admin.post(`${BASE}/${id}/test`, {
        _csrf: token,
        to: '(11) 98765-4321',
        text: 'Olá, teste',
      });

      expect(page.status).to.equal(200);
      expect(page.html).to.contain('O gateway aceitou o SMS de teste (id zv-777)');
      expect(zenvia.requests).to.have.length(1);
      expect(zenvia.requests[0]?.headers['x-api-token']).to.equal(TOKEN);
    });
  });

  describe('POST /gateways/:id/delete', () => {
    it('deletes a gateway after the confirmation page', async () => {
      const id = await createZenvia();

      const confirm = await admin.get(`${BASE}/${id}/delete`);
      const answer = await admin.post(`${BASE}/${id}/delete`, { _csrf: token });

      expect(confirm.html).to.contain('Zenvia principal');
      expect(answer.status).to.equal(303);
      expect(await rows()).to.have.length(0);
    });

    it('refuses while a running campaign uses the gateway', async () => {
      const id = await createZenvia();
      const stamp = '2026-12-03 12:00:00';
      await database().db('recado_campaigns').insert({
        channel: 'sms',
        name: 'Aviso',
        account_id: id,
        filter: '{}',
        status: 'running',
        created_at: stamp,
        updated_at: stamp,
      });

      const answer = await admin.post(`${BASE}/${id}/delete`, { _csrf: token });
      await database().db('recado_campaigns').delete();

      expect(answer.status).to.equal(409);
      expect(answer.html).to.contain('é usado por 1 campanha');
      expect(await rows()).to.have.length(1);
    });
  });

  describe('generic gateway', () => {
    const genericForm = (url: string) => ({
      _csrf: token,
      type: 'generic',
      name: 'Gateway da LAN',
      'config.urlTemplate': url,
      'config.method': 'POST',
      'config.bodyType': 'form',
      'config.bodyTemplate': 'to={to}&msg={message}',
      'config.headers': 'X-Key: abc\nX-Origem: recado',
      'config.success.bodyContains': 'OK',
      enabled: '1',
    });

    it('names an unknown placeholder next to the URL and keeps what was typed', async () => {
      const answer = await admin.post(BASE, genericForm('http://10.0.0.5/send?n={numero}'));

      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain('data-error-for="config.urlTemplate"');
      expect(answer.html).to.contain('o marcador «numero» não existe');
      expect(answer.html).to.contain('X-Origem: recado');
      expect(await rows()).to.have.length(0);
    });

    it('stores headers and the success rule from the form', async () => {
      await admin.post(BASE, genericForm('http://10.0.0.5/send'));
      const [row] = (await rows()) as { id: number }[];

      const gateway = await store().get(Number(row?.id));
      const edit = await admin.get(`${BASE}/${gateway.id}/edit`);

      expect(gateway.config).to.deep.include({
        urlTemplate: 'http://10.0.0.5/send',
        headers: { 'X-Key': 'abc', 'X-Origem': 'recado' },
        success: { bodyContains: 'OK' },
      });
      expect(edit.html).to.contain('X-Key: abc');
    });
  });

  describe('GET /gateways/new', () => {
    it('offers every type, then shows the Voipr fields with what must be configured', async () => {
      const choice = await admin.get(`${BASE}/new`);
      const voipr = await admin.get(`${BASE}/new?type=voipr`);

      expect(choice.html).to.contain('?type=generic').and.to.contain('Khal PlaySMS');
      expect(voipr.html).to.contain('não tem API pública documentada');
      expect(voipr.html).to.contain('name="config.pathTemplate"');
      expect(voipr.html).to.contain('name="secrets.clientKey"').and.to.contain('campaign_key');
    });
  });

  describe('POST /gateways/:id/balance', () => {
    it('says the gateway cannot report its balance', async () => {
      const id = await createZenvia();

      const page = await admin.post(`${BASE}/${id}/balance`, { _csrf: token });

      expect(page.status).to.equal(200);
      expect(page.html).to.contain('Este gateway não informa o saldo.');
    });
  });
});
