import { expect } from 'chai';
import { OperatorSession } from '../../../src/panel/operators.js';
import { toSqlTime } from '../../../src/lib/time.js';
import { TestSmtpServer } from '../../channels/email/smtp-server.js';
import { describeEachDatabase } from '../../support/databases.js';
import { PanelClient, startTestPanel, type RunningPanel } from '../../support/panel.js';

const BASE = '/apps/email/accounts';
const SECRET = 'abcd-efgh-ijkl-mnop';

/** The account form as a browser posts it, with the Gmail preset's server left for the store. */
const GMAIL_FORM: Readonly<Record<string, string>> = {
  name: 'Gmail do financeiro',
  preset: 'gmail',
  host: '',
  port: '',
  security: '',
  user: 'financeiro@provedor.com.br',
  password: SECRET,
  fromName: 'Provedor Exemplo',
  fromAddress: 'financeiro@provedor.com.br',
  replyTo: '',
  perSecond: '1',
  dailyQuota: '500',
  dkimDomain: '',
  dkimSelector: '',
  dkimPrivateKey: '',
  tlsCa: '',
  enabled: 'on',
};

/** The plugin's CSRF token on an account page (the layout's own forms carry the host's). */
function pluginToken(html: string): string {
  const token = /data-csrf="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no plugin CSRF token on the page');
  return token;
}

describeEachDatabase('e-mail account screens', (database) => {
  let running: RunningPanel;
  let admin: PanelClient;
  let viewer: PanelClient;
  const rows = () => database().db('recado_email_accounts').orderBy('id');

  /** Loads `page` as `client` and posts `form` to `path` with the page's plugin token. */
  async function submit(client: PanelClient, path: string, form: Record<string, string>) {
    const token = pluginToken((await client.get(BASE)).html);
    return client.post(path, { ...form, _csrf: token });
  }

  before(async () => {
    running = await startTestPanel(database());
    await new OperatorSession({ db: database().db }).create({
      login: 'leitura',
      name: 'Só leitura',
      password: 'leitura',
      isAdmin: false,
      permissions: ['email.view'],
    });
    admin = new PanelClient(running.baseUrl);
    viewer = new PanelClient(running.baseUrl);
    await admin.login('admin', 'admin');
    await viewer.login('leitura', 'leitura');
    await admin.get('/marketplace');
    await admin.post('/marketplace/email/enable');
  });
  after(async () => {
    await running?.close();
  });
  beforeEach(async () => {
    await database().db('recado_campaigns').delete();
    await database().db('recado_email_accounts').delete();
  });

  describe('GET /accounts/new', () => {
    it('offers the presets with their app password instructions', async () => {
      const page = await admin.get(`${BASE}/new`);

      expect(page.status).to.equal(200);
      expect(page.html).to.contain('data-preset-picker');
      expect(page.html).to.contain('data-host="smtp.gmail.com"');
      expect(page.html).to.contain('crie uma senha de app');
      expect(page.html).to.contain('Testar conexão').and.to.contain('Enviar e-mail de teste');
    });
  });

  describe('POST /accounts', () => {
    it('creates an account whose server comes from the preset', async () => {
      const answer = await submit(admin, BASE, GMAIL_FORM);

      expect(answer.status).to.equal(303);
      expect(answer.location).to.equal(`${BASE}?done=saved`);
      const [row] = await rows();
      expect(row).to.include({ host: 'smtp.gmail.com', port: 465, security: 'tls' });
      const list = await admin.get(BASE);
      expect(list.html).to.contain('Gmail do financeiro').and.to.contain('Ativa');
    });

    it('shows the refusal beside its field, keeps the input and saves nothing', async () => {
      const answer = await submit(admin, BASE, { ...GMAIL_FORM, fromAddress: 'financeiro' });

      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain('data-error-field="fromAddress"');
      expect(answer.html).to.contain('E-mail do remetente: não é um endereço de e-mail válido');
      expect(answer.html).to.contain('value="Gmail do financeiro"');
      expect(answer.html).not.to.contain(SECRET);
      expect(await rows()).to.have.length(0);
    });

    it('answers 403 to an operator with only email.view and saves nothing', async () => {
      const list = await viewer.get(BASE);
      const form = await viewer.get(`${BASE}/new`);
      const answer = await viewer.post(BASE, { ...GMAIL_FORM, _csrf: pluginToken(list.html) });

      expect(list.status).to.equal(200);
      expect(form.status).to.equal(403);
      expect(answer.status).to.equal(403);
      expect(await rows()).to.have.length(0);
    });

    it('answers 403 without the CSRF token', async () => {
      await admin.get(BASE);
      const answer = await admin.post(BASE, { ...GMAIL_FORM, _csrf: '' });

      expect(answer.status).to.equal(403);
      expect(await rows()).to.have.length(0);
    });
  });

  describe('GET|POST /accounts/:id', () => {
    it('never shows the password and keeps it when the field is left empty', async () => {
      await submit(admin, BASE, GMAIL_FORM);
      const [before] = await rows();
      const edit = await admin.get(`${BASE}/${before.id}`);

      expect(edit.html).not.to.contain(SECRET);
      expect(edit.html).to.contain('placeholder="inalterada"');
      const answer = await submit(admin, `${BASE}/${before.id}`, {
        ...GMAIL_FORM,
        name: 'Gmail novo',
        password: '',
      });

      expect(answer.status).to.equal(303);
      const [after] = await rows();
      expect(after).to.include({ name: 'Gmail novo', password_sealed: before.password_sealed });
      for (const path of [BASE, `${BASE}/${before.id}`, `${BASE}/${before.id}/delete`]) {
        expect((await admin.get(path)).html, path).not.to.contain(SECRET);
      }
    });
  });

  describe('the default account', () => {
    it('marks the first account the default, and moves the mark to one ticked as the default', async () => {
      await submit(admin, BASE, { ...GMAIL_FORM, name: 'Primeira' });
      await submit(admin, BASE, { ...GMAIL_FORM, name: 'Segunda' });
      const [first, second] = await rows();
      const badge = (html: string, id: number) =>
        new RegExp(`data-account="${id}">\\s*<td>[^<]*<span class="rc-badge" data-default>`).test(
          html,
        );

      const list = (await admin.get(BASE)).html;
      const firstForm = (await admin.get(`${BASE}/${first.id}`)).html;
      expect([badge(list, first.id), badge(list, second.id)]).to.deep.equal([true, false]);
      expect(firstForm).to.match(/name="isDefault" value="on"[^>]* checked disabled>/);
      const moved = await submit(admin, `${BASE}/${second.id}`, {
        ...GMAIL_FORM,
        name: 'Segunda',
        password: '',
        isDefault: 'on',
      });

      expect(moved.status).to.equal(303);
      const after = (await admin.get(BASE)).html;
      expect([badge(after, first.id), badge(after, second.id)]).to.deep.equal([false, true]);
    });
  });

  describe('POST /accounts/:id/delete', () => {
    it('deletes an account no campaign uses', async () => {
      await submit(admin, BASE, GMAIL_FORM);
      const [row] = await rows();
      const answer = await submit(admin, `${BASE}/${row.id}/delete`, {});

      expect(answer.status).to.equal(303);
      expect(await rows()).to.have.length(0);
    });

    it('shows why it refuses while a campaign uses the account', async () => {
      await submit(admin, BASE, GMAIL_FORM);
      const [row] = await rows();
      const now = toSqlTime(new Date());
      await database().db('recado_campaigns').insert({
        channel: 'email',
        name: 'Promoção',
        account_id: row.id,
        filter: '{"all":[]}',
        status: 'paused',
        created_at: now,
        updated_at: now,
      });
      const answer = await submit(admin, `${BASE}/${row.id}/delete`, {});

      expect(answer.status).to.equal(409);
      expect(answer.html).to.contain('data-refusal').and.to.contain('está em uso por 1 campanha');
      expect(await rows()).to.have.length(1);
    });
  });

  describe('POST /accounts/check', () => {
    let server: TestSmtpServer;
    const local = () => ({
      ...GMAIL_FORM,
      preset: 'custom',
      host: '127.0.0.1',
      port: String(server.port),
      security: 'none',
      user: '',
      password: '',
    });

    beforeEach(async () => {
      server = await TestSmtpServer.start({ starttls: false });
    });
    afterEach(async () => {
      await server.close();
    });

    it('shows the server answer of "test connection" in plain words', async () => {
      const answer = await submit(admin, `${BASE}/check`, { ...local(), action: 'verify' });

      expect(answer.status).to.equal(200);
      expect(answer.html).to.contain('data-check="ok"');
      expect(answer.html).to.contain(`Conectado a 127.0.0.1:${server.port}.`);
      expect(answer.html).to.contain('Sem criptografia: a senha e as mensagens passam abertas');
      expect(await rows()).to.have.length(0);
    });

    it('sends a test e-mail to the address the operator types', async () => {
      const form = { ...local(), action: 'send', testTo: 'dono@provedor.com.br' };
      const answer = await submit(admin, `${BASE}/check`, form);

      expect(answer.html).to.contain('E-mail de teste enviado para dono@provedor.com.br');
      expect(server.received).to.have.length(1);
      expect(server.received[0]?.rcptTo).to.deep.equal(['dono@provedor.com.br']);
    });
  });
});
