import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { PanelClient, startTestPanel, type RunningPanel } from '../support/panel.js';

describeEachDatabase('Panel permissions', (database) => {
  let running: RunningPanel;
  let admin: PanelClient;
  let operator: PanelClient;

  before(async () => {
    running = await startTestPanel(database());
    admin = new PanelClient(running.baseUrl);
    operator = new PanelClient(running.baseUrl);
    await admin.login('admin', 'admin');
    await operator.login('operador', 'operador');
    await admin.get('/marketplace');
    for (const app of ['billing', 'email', 'sms']) await admin.post(`/marketplace/${app}/enable`);
  });
  after(async () => {
    await running?.close();
  });

  describe('app routes', () => {
    it('serves an enabled app to an operator who holds its permission', async () => {
      const page = await operator.get('/apps/email/');

      expect(page.status).to.equal(200);
      expect(page.html).to.contain('data-app="email"');
    });

    it('answers 403 in the operator language to an operator without the permission', async () => {
      const page = await operator.get('/apps/sms/');

      expect(page.status).to.equal(403);
      expect(page.html).to.contain('Você não tem permissão');
      expect(page.html).not.to.contain('at ');
    });

    it('answers 401 to a visitor who is not signed in', async () => {
      const page = await new PanelClient(running.baseUrl).get('/apps/billing/');

      expect(page.status).to.equal(401);
    });

    it('answers 404 for a path the app does not have', async () => {
      expect((await admin.get('/apps/billing/nothing-here')).status).to.equal(404);
    });
  });

  describe('menu', () => {
    it('lists only the entries the operator may open', async () => {
      const adminHome = await admin.get('/');
      const operatorHome = await operator.get('/');

      expect(adminHome.html).to.contain('data-menu="sms.home"');
      expect(operatorHome.html).to.contain('data-menu="email.home"');
      expect(operatorHome.html).to.contain('data-menu="billing.home"');
      expect(operatorHome.html).not.to.contain('data-menu="sms.home"');
      expect(operatorHome.html).not.to.contain('href="/marketplace"');
    });

    it('translates the entries into the chosen language', async () => {
      const client = new PanelClient(running.baseUrl);
      await client.login('admin', 'admin');
      await client.post('/locale', { locale: 'en', next: '/' });

      const home = await client.get('/');
      expect(home.html).to.contain('>Billing</a>');
      expect(home.html).to.contain('lang="en"');
    });
  });

  describe('marketplace', () => {
    it('refuses the marketplace to an operator who is not an admin', async () => {
      expect((await operator.get('/marketplace')).status).to.equal(403);
      await operator.get('/');

      const attempt = await operator.post('/marketplace/billing/disable');
      expect(attempt.status).to.equal(403);
      expect(running.panel.context.plugin.isEnabled('billing')).to.equal(true);
    });

    it('refuses a form post without a CSRF token and changes nothing', async () => {
      const attempt = await admin.post('/marketplace/billing/disable', { _csrf: 'forged' });

      expect(attempt.status).to.equal(403);
      expect(running.panel.context.plugin.isEnabled('billing')).to.equal(true);
    });

    it('keeps which apps are enabled across a restart', async () => {
      await admin.get('/marketplace');
      await admin.post('/marketplace/email/disable');
      await running.close();

      running = await startTestPanel(database());
      expect(running.panel.context.plugin.isEnabled('email')).to.equal(false);
      expect(running.panel.context.plugin.isEnabled('sms')).to.equal(true);
    });
  });

  describe('sign-in', () => {
    it('refuses a wrong password with a message and no session', async () => {
      const client = new PanelClient(running.baseUrl);
      const attempt = await client.login('admin', 'wrong');

      expect(attempt.status).to.equal(401);
      expect(attempt.html).to.contain('Usuário ou senha incorretos');
      expect((await client.get('/')).location).to.equal('/login');
    });

    it('sends a visitor of a panel page to the sign-in form and back after it', async () => {
      const client = new PanelClient(running.baseUrl);
      const first = await client.get('/marketplace');
      expect(first.status).to.equal(303);
      expect(first.location).to.equal('/login?next=%2Fmarketplace');

      await client.get(first.location ?? '');
      const signedIn = await client.post('/login?next=%2Fmarketplace', {
        login: 'admin',
        password: 'admin',
      });
      expect(signedIn.location).to.equal('/marketplace');
    });

    it('never follows a next address to another site', async () => {
      const client = new PanelClient(running.baseUrl);
      await client.get('/login');
      const signedIn = await client.post('/login?next=//evil.example.com', {
        login: 'admin',
        password: 'admin',
      });

      expect(signedIn.location).to.equal('/');
    });
  });
});
