import { expect } from 'chai';
import { PRESETS } from '../../src/core/filters/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { useSignedInPanel, type PanelClient, type RunningPanel } from '../support/panel.js';

const CAMPINAS_OVERDUE = {
  all: [
    { field: 'city', op: 'eq', value: 'Campinas' },
    { any: [{ field: 'days_overdue', op: 'between', value: [1, 30] }] },
  ],
};
const EMPTY_CITY = { all: [{ field: 'city', op: 'eq', value: '' }] };

/** The plugin's CSRF token on a plugin page (the layout's own forms carry the host's). */
function pluginToken(html: string): string {
  const token = /data-csrf="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no plugin CSRF token on the page');
  return token;
}

/** A signed-in session over fetch, for what PanelClient does not do: JSON and headers. */
class FetchSession {
  readonly #baseUrl: string;
  readonly #cookies = new Map<string, string>();
  token = '';

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl;
  }

  async login(login: string, password: string): Promise<void> {
    const form = await (await this.fetch('/login')).text();
    const hostToken = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: hostToken, login, password });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    await this.fetch('/login', { method: 'POST', body, headers });
    this.token = pluginToken(await (await this.fetch('/apps/email/groups/new')).text());
  }

  preview(app: string, body: unknown, token = this.token): Promise<Response> {
    return this.fetch(`/apps/${app}/filters/preview`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-csrf-token': token },
    });
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers = { ...(init.headers as Record<string, string>), cookie };
    const response = await fetch(`${this.#baseUrl}${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      if (index > 0) this.#cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  }
}

describeEachDatabase('group routes', (database) => {
  const panel = useSignedInPanel(database);
  let running: RunningPanel;
  let admin: PanelClient;
  let operator: PanelClient;
  let adminToken: string;
  let operatorToken: string;
  const saved = async () =>
    (await database().db('recado_groups').orderBy('id')) as { id: number; name: string }[];
  const engine = () => running.panel.context.plugin.services.filters;
  const create = (client: PanelClient, token: string, app: string, name: string, filter: unknown) =>
    client.post(`/apps/${app}/groups`, { _csrf: token, name, filter: JSON.stringify(filter) });

  before(async () => {
    ({ running, admin, operator } = panel());
    adminToken = pluginToken((await admin.get('/apps/email/groups/new')).html);
    operatorToken = pluginToken((await operator.get('/apps/email/groups/new')).html);
  });
  beforeEach(async () => {
    await database().db('recado_groups').delete();
  });

  describe('GET /groups', () => {
    it('lists the presets as read-only groups under every app', async () => {
      for (const app of ['billing', 'email', 'sms']) {
        const page = await admin.get(`/apps/${app}/groups`);

        expect(page.status, app).to.equal(200);
        expect(page.html).to.contain('Inadimplentes').and.to.contain('Em dia');
        expect(page.html).to.contain('somente leitura');
      }
    });

    it('answers 403 to the operator without SMS permissions and 200 under E-mail', async () => {
      const sms = await operator.get('/apps/sms/groups');
      const email = await operator.get('/apps/email/groups');

      expect(sms.status).to.equal(403);
      expect(sms.html).to.contain('Você não tem permissão');
      expect(email.status).to.equal(200);
    });
  });

  describe('POST /groups', () => {
    it('creates a group that then appears under every app', async () => {
      const answer = await create(
        operator,
        operatorToken,
        'email',
        ' Campinas 1–30 ',
        CAMPINAS_OVERDUE,
      );

      expect(answer.status).to.equal(303);
      expect(answer.location).to.equal('/apps/email/groups?done=saved');
      const [row] = await saved();
      expect(row).to.include({ name: 'Campinas 1–30', created_by: 'Operador de Atendimento' });
      expect(JSON.parse((row as unknown as { filter: string }).filter)).to.deep.equal(
        CAMPINAS_OVERDUE,
      );
      for (const app of ['email', 'sms', 'billing']) {
        expect((await admin.get(`/apps/${app}/groups`)).html, app).to.contain('Campinas 1–30');
      }
    });

    it('shows the form back with the input and a 422 when the name is taken, saving nothing', async () => {
      await create(admin, adminToken, 'email', 'Atrasados', CAMPINAS_OVERDUE);

      const answer = await create(admin, adminToken, 'email', 'ATRASADOS', PRESETS.overdue.tree);
      expect(answer.status).to.equal(422);
      expect(answer.html).to.contain('value="ATRASADOS"');
      expect(answer.html).to.contain('Já existe um grupo chamado «Atrasados». Escolha outro nome.');
      expect(answer.html).to.contain('&quot;days_overdue&quot;,&quot;op&quot;:&quot;gte&quot;');
      expect(await saved()).to.have.length(1);
    });

    it('shows the form back with a 400 naming the node when the filter is invalid, saving nothing', async () => {
      const answer = await create(admin, adminToken, 'email', 'Sem cidade', EMPTY_CITY);

      expect(answer.status).to.equal(400);
      expect(answer.html).to.contain('value="Sem cidade"');
      expect(answer.html).to.contain(
        'O filtro não é válido em /all/0/value: o texto não pode ficar vazio',
      );
      expect(answer.html).to.contain('&quot;errorPath&quot;:&quot;/all/0/value&quot;');
      expect(await saved()).to.deep.equal([]);
    });

    it('refuses a post without a valid CSRF token with 403, saving nothing', async () => {
      for (const token of ['', 'forged']) {
        const answer = await create(admin, token, 'email', 'Forjado', CAMPINAS_OVERDUE);
        expect(answer.status, token).to.equal(403);
      }
      expect(await saved()).to.deep.equal([]);
    });

    it('refuses the operator without sms.manage, saving nothing', async () => {
      const answer = await create(operator, operatorToken, 'sms', 'Pelo SMS', CAMPINAS_OVERDUE);

      expect(answer.status).to.equal(403);
      expect(answer.html).to.contain('sms.manage');
      expect(await saved()).to.deep.equal([]);
    });
  });

  describe('GET and POST /groups/:id', () => {
    it('shows the saved name and filter in the form', async () => {
      await create(admin, adminToken, 'email', 'Campinas', CAMPINAS_OVERDUE);
      const [row] = await saved();

      const page = await admin.get(`/apps/email/groups/${row?.id}`);
      expect(page.status).to.equal(200);
      expect(page.html).to.contain('value="Campinas"');
      expect(page.html).to.contain(`action="/apps/email/groups/${row?.id}"`);
      expect(page.html).to.contain('&quot;value&quot;:[1,30]');
    });

    it('renames a group from a form without the filter, keeping the filter', async () => {
      await create(admin, adminToken, 'sms', 'Campinas', CAMPINAS_OVERDUE);
      const [row] = await saved();

      const answer = await admin.post(`/apps/sms/groups/${row?.id}`, {
        _csrf: adminToken,
        name: 'Campinas em atraso',
      });
      expect(answer.status).to.equal(303);
      const [renamed] = (await saved()) as unknown as { name: string; filter: string }[];
      expect(renamed?.name).to.equal('Campinas em atraso');
      expect(JSON.parse(renamed?.filter ?? '')).to.deep.equal(CAMPINAS_OVERDUE);
    });

    it('changes the filter, and keeps the old one when the new one is refused', async () => {
      await create(admin, adminToken, 'billing', 'Grupo', CAMPINAS_OVERDUE);
      const [row] = await saved();
      const change = (filter: unknown) =>
        admin.post(`/apps/billing/groups/${row?.id}`, {
          _csrf: adminToken,
          name: 'Grupo',
          filter: JSON.stringify(filter),
        });

      expect((await change(PRESETS.up_to_date.tree)).status).to.equal(303);
      expect((await change(EMPTY_CITY)).status).to.equal(400);
      const [changed] = (await saved()) as unknown as { filter: string }[];
      expect(JSON.parse(changed?.filter ?? '')).to.deep.equal(PRESETS.up_to_date.tree);
    });

    it('answers 404 for a group that does not exist', async () => {
      expect((await admin.get('/apps/email/groups/999999')).status).to.equal(404);
      expect((await admin.get('/apps/email/groups/abc')).status).to.equal(404);
    });
  });

  describe('GET and POST /groups/:id/delete', () => {
    it('asks before deleting, then deletes', async () => {
      await create(admin, adminToken, 'email', 'Descartável', CAMPINAS_OVERDUE);
      const [row] = await saved();

      const question = await admin.get(`/apps/email/groups/${row?.id}/delete`);
      expect(question.html).to.contain('Excluir o grupo «Descartável»?');
      const answer = await admin.post(`/apps/email/groups/${row?.id}/delete`, {
        _csrf: adminToken,
      });
      expect(answer.status).to.equal(303);
      expect(answer.location).to.equal('/apps/email/groups?done=deleted');
      expect(await saved()).to.deep.equal([]);
    });
  });

  describe('POST /filters/preview', () => {
    let session: FetchSession;

    before(async () => {
      session = new FetchSession(running.baseUrl);
      await session.login('admin', 'admin');
    });

    it('answers the count the engine gives on the demo data, and the first 20 matches with why', async () => {
      for (const filter of [CAMPINAS_OVERDUE, PRESETS.overdue.tree, { all: [] }]) {
        const answer = await session.preview('email', { filter });
        const body = (await answer.json()) as { count: number; matches: any[] };

        expect(answer.status).to.equal(200);
        expect(body.count).to.equal(await engine().count(filter));
        expect(body.matches).to.have.length(Math.min(20, body.count));
      }
      const answer = await session.preview('sms', { filter: PRESETS.overdue.tree });
      const overdue = (await answer.json()) as { matches: { reasons: string[] }[] };
      expect(overdue.matches[0]?.reasons[0]).to.match(/^\d+ dias em atraso$/);
      expect(overdue.matches[0]?.reasons[1]).to.match(/^R\$\s[\d.,]+ em atraso$/);
    });

    it('answers 400 with the path and the message in the operator language', async () => {
      const answer = await session.preview('billing', { filter: EMPTY_CITY });

      expect(answer.status).to.equal(400);
      expect(await answer.json()).to.deep.equal({
        error: {
          code: 'RECADO_FILTER_INVALID',
          path: '/all/0/value',
          message: 'O filtro não é válido em /all/0/value: o texto não pode ficar vazio',
        },
      });
    });

    it('refuses a preview without the CSRF header', async () => {
      const answer = await session.preview('email', { filter: { all: [] } }, '');

      expect(answer.status).to.equal(403);
    });

    it('answers a JSON 403 to the operator without sms.view', async () => {
      const operatorSession = new FetchSession(running.baseUrl);
      await operatorSession.login('operador', 'operador');

      const refused = await operatorSession.preview('sms', { filter: { all: [] } });
      const allowed = await operatorSession.preview('email', { filter: { all: [] } });
      expect(refused.status).to.equal(403);
      expect(((await refused.json()) as any).error.code).to.equal('RECADO_AUTH_FORBIDDEN');
      expect(allowed.status).to.equal(200);
    });
  });

  describe('GET /assets/filter-builder.js', () => {
    it('serves the script as JavaScript, cached for a year at its current version', async () => {
      const session = new FetchSession(running.baseUrl);
      await session.login('admin', 'admin');
      const form = await (await session.fetch('/apps/sms/groups/new')).text();
      const src = /<script src="([^"]+)"/.exec(form)?.[1] ?? '';

      const script = await session.fetch(src);
      expect(src).to.match(/^\/apps\/sms\/assets\/filter-builder\.js\?v=[\w-]{12}$/);
      expect(script.status).to.equal(200);
      expect(script.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
      expect(script.headers.get('cache-control')).to.contain('immutable');
      expect(await script.text()).to.contain('data-filter-builder');
      const etag = script.headers.get('etag') ?? '';
      const again = await session.fetch(src, { headers: { 'if-none-match': etag } });
      expect(again.status).to.equal(304);
    });
  });
});
