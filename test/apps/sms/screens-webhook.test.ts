import { expect } from 'chai';
import { request } from 'undici';
import { describeEachDatabase } from '../../support/databases.js';
import { PanelClient, startTestPanel, type RunningPanel } from '../../support/panel.js';
import { sentDeliveries } from './helpers.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');

/** The plugin's CSRF token on a plugin page. */
function pluginToken(html: string): string {
  const token = /data-csrf="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no plugin CSRF token on the page');
  return token;
}

describeEachDatabase('SMS public routes', (database) => {
  let running: RunningPanel;
  let admin: PanelClient;
  let gatewayId: number;

  const toggle = async (action: 'enable' | 'disable') => {
    await admin.get('/marketplace');
    await admin.post(`/marketplace/sms/${action}`);
  };
  const post = (secret: string, eventId = 'ev-1') =>
    request(`${running.baseUrl}/recado/sms/zenvia/${gatewayId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-recado-secret': secret },
      body: JSON.stringify({
        id: eventId,
        type: 'MESSAGE_STATUS',
        message: { id: 'zv-100' },
        messageStatus: { code: 'DELIVERED', timestamp: '2026-12-03T15:00:04.000Z' },
      }),
    });

  before(async () => {
    running = await startTestPanel(database());
    admin = new PanelClient(running.baseUrl);
    await admin.login('admin', 'admin');
    await toggle('enable');
    const token = pluginToken((await admin.get('/apps/sms/gateways')).html);
    await database().db('recado_sms_gateways').delete();
    await admin.post('/apps/sms/gateways', {
      _csrf: token,
      type: 'zenvia',
      name: 'Zenvia',
      'config.from': 'isp',
      'secrets.token': 't',
      'secrets.webhookSecret': 'hook-secret',
      enabled: '1',
    });
    const row = (await database().db('recado_sms_gateways').first('id')) as { id: number };
    gatewayId = Number(row.id);
  });
  after(async () => {
    await running?.close();
  });
  beforeEach(async () => {
    await database().db('recado_sms_webhook_events').delete();
    await database().db('recado_deliveries').delete();
  });

  describe('POST /recado/sms/zenvia/:gatewayId', () => {
    it('lands a report sent with the secret header on its delivery', async () => {
      const [deliveryId] = await sentDeliveries(database().db, [
        { key: 'a', providerId: 'zv-100', accountId: gatewayId, sentAt: NOW },
      ]);

      const answer = await post('hook-secret');

      expect(answer.statusCode).to.equal(200);
      expect(await answer.body.json()).to.deep.equal({ ok: true, applied: true });
      const row = await database().db('recado_deliveries').where({ id: deliveryId }).first();
      expect(row).to.include({ dlr_status: 'delivered' });
    });

    it('refuses a wrong secret', async () => {
      const answer = await post('guess');

      expect(answer.statusCode).to.be.within(400, 499);
      await answer.body.dump();
      expect(await database().db('recado_sms_webhook_events')).to.have.length(0);
    });

    it('answers 404 while the app is disabled', async () => {
      await toggle('disable');

      const answer = await post('hook-secret');
      await answer.body.dump();
      await toggle('enable');

      expect(answer.statusCode).to.equal(404);
    });
  });
});
