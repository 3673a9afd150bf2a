import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { PanelClient, startTestPanel, type RunningPanel } from '../support/panel.js';

describeEachDatabase('Marketplace', (database) => {
  let running: RunningPanel;

  before(async () => {
    running = await startTestPanel(database());
  });
  after(async () => {
    await running?.close();
  });

  describe('enable and disable', () => {
    it('shows an enabled app in the menu and serves its routes, and takes both away when disabled', async () => {
      const admin = new PanelClient(running.baseUrl);
      await admin.login('admin', 'admin');
      expect((await admin.get('/apps/sms/')).status).to.equal(404);

      await admin.get('/marketplace');
      const enabled = await admin.post('/marketplace/sms/enable');
      expect(enabled.status).to.equal(303);
      const page = await admin.get('/apps/sms/');
      expect(page.status).to.equal(200);
      expect(page.html).to.contain('data-menu="sms.home"');

      await admin.get('/marketplace');
      await admin.post('/marketplace/sms/disable');
      expect((await admin.get('/apps/sms/')).status).to.equal(404);
      expect((await admin.get('/')).html).not.to.contain('data-menu="sms.home"');
    });
  });
});
