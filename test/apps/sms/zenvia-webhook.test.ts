import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import { request } from 'undici';
import { SmsGateways } from '../../../src/apps/sms/gateways.js';
import {
  receiveZenviaStatus,
  zenviaWebhookRouter,
  type ZenviaWebhookDeps,
} from '../../../src/apps/sms/zenvia-webhook.js';
import { describeEachDatabase } from '../../support/databases.js';
import { migratePlugin } from '../../queue/helpers.js';
import { newVault, sentDeliveries } from './helpers.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');

const event = (id: string, code: string, message: Record<string, string>) => ({
  id,
  timestamp: '2026-12-03T15:00:05.000Z',
  type: 'MESSAGE_STATUS',
  subscriptionId: 'sub-1',
  channel: 'sms',
  message: { direction: 'OUT', from: 'isp', to: '5511987654321', ...message },
  messageStatus: {
    code,
    timestamp: '2026-12-03T15:00:04.000Z',
    description: code === 'DELIVERED' ? 'Delivered to the handset' : 'Not delivered',
    causes: code === 'NOT_DELIVERED' ? [{ channelErrorCode: '005', reason: 'Handset off' }] : [],
  },
});

describeEachDatabase('receiveZenviaStatus', (database) => {
  let deps: ZenviaWebhookDeps;
  let gatewayId: number;
  let deliveryId: number;
  const headers = { 'x-recado-secret': 'webhook-secret' };

  before(async () => migratePlugin(database().db));
  beforeEach(async () => {
    const { db } = database();
    await db('recado_sms_webhook_events').delete();
    await db('recado_deliveries').delete();
    await db('recado_sms_gateways').delete();
    const gateways = new SmsGateways({ db, vault: newVault() });
    const gateway = await gateways.create({
      type: 'zenvia',
      name: 'Zenvia',
      config: { from: 'isp' },
      secrets: { token: 't', webhookSecret: 'webhook-secret' },
    });
    gatewayId = gateway.id;
    [deliveryId] = (await sentDeliveries(db, [
      { key: 'a', providerId: 'zv-100', accountId: gatewayId, sentAt: NOW },
    ])) as [number];
    deps = { db, gateways, logger: pino({ level: 'silent' }), now: () => NOW };
  });

  const row = async () =>
    (await database().db('recado_deliveries').where({ id: deliveryId }).first()) as Record<
      string,
      unknown
    >;

  it('lands a delivered report on the row', async () => {
    const answer = await receiveZenviaStatus(deps, {
      gatewayId,
      headers,
      body: event('ev-1', 'DELIVERED', { id: 'zv-100', externalId: String(deliveryId) }),
    });

    expect(answer).to.deep.equal({ status: 200, body: { ok: true, applied: true } });
    expect(await row()).to.include({
      dlr_status: 'delivered',
      dlr_at: '2026-12-03 15:00:04.000',
      dlr_detail: 'DELIVERED: Delivered to the handset',
    });
  });

  it('refuses a wrong or missing secret and writes nothing', async () => {
    const body = event('ev-2', 'DELIVERED', { id: 'zv-100' });

    const wrong = await receiveZenviaStatus(deps, {
      gatewayId,
      headers: { 'x-recado-secret': 'guess' },
      body,
    });
    const missing = await receiveZenviaStatus(deps, { gatewayId, headers: {}, body });

    expect(wrong.status).to.equal(401);
    expect(missing.status).to.equal(401);
    expect((await row()).dlr_status).to.equal(null);
    expect(
      await database().db('recado_sms_webhook_events').count({ n: '*' }).first(),
    ).to.deep.include({ n: 0 });
  });

  it('applies an event delivered twice only once', async () => {
    const body = event('ev-3', 'NOT_DELIVERED', { id: 'zv-100' });

    const first = await receiveZenviaStatus(deps, { gatewayId, headers, body });
    await database()
      .db('recado_deliveries')
      .where({ id: deliveryId })
      .update({ dlr_status: null, dlr_at: null });
    const second = await receiveZenviaStatus(deps, { gatewayId, headers, body });

    expect(first.body).to.include({ applied: true });
    expect(second).to.deep.equal({
      status: 200,
      body: { ok: true, applied: false, duplicate: true },
    });
    expect((await row()).dlr_status).to.equal(null);
  });

  it('finds the delivery by externalId when the provider id is not written yet', async () => {
    await database()
      .db('recado_deliveries')
      .where({ id: deliveryId })
      .update({ provider_id: null });

    await receiveZenviaStatus(deps, {
      gatewayId,
      headers,
      body: event('ev-4', 'NOT_DELIVERED', { id: 'zv-100', externalId: String(deliveryId) }),
    });

    expect(await row()).to.include({
      dlr_status: 'not_delivered',
      dlr_detail: 'NOT_DELIVERED: Not delivered: Handset off',
    });
  });

  it('acknowledges an intermediate status without touching the row', async () => {
    const answer = await receiveZenviaStatus(deps, {
      gatewayId,
      headers,
      body: event('ev-5', 'SENT', { id: 'zv-100' }),
    });

    expect(answer).to.deep.equal({ status: 200, body: { ok: true, applied: false } });
    expect((await row()).dlr_status).to.equal(null);
  });

  it('answers 404 for a gateway that is not Zenvia and 400 for a body that is not an event', async () => {
    const unknown = await receiveZenviaStatus(deps, {
      gatewayId: gatewayId + 1,
      headers,
      body: {},
    });
    const garbage = await receiveZenviaStatus(deps, { gatewayId, headers, body: ['x'] });

    expect(unknown.status).to.equal(404);
    expect(garbage.status).to.equal(400);
  });

  describe('zenviaWebhookRouter', () => {
    let server: Server;
    let url: string;

    beforeEach(async () => {
      const app = express();
      app.use('/hooks/zenvia', zenviaWebhookRouter(deps));
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/zenvia/${gatewayId}`;
    });
    afterEach(() => new Promise((resolve) => server.close(resolve)));

    it('answers over HTTP within a second and refuses a wrong secret', async () => {
      const body = JSON.stringify(event('ev-6', 'DELIVERED', { id: 'zv-100' }));
      const started = Date.now();

      const good = await request(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
      const goodBody = await good.body.json();
      const elapsed = Date.now() - started;
      const bad = await request(url, {
        method: 'POST',
        headers: { 'x-recado-secret': 'x', 'content-type': 'application/json' },
        body,
      });
      await bad.body.dump();
      const broken = await request(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{',
      });
      await broken.body.dump();

      expect(good.statusCode).to.equal(200);
      expect(goodBody).to.deep.equal({ ok: true, applied: true });
      expect(elapsed).to.be.below(1000);
      expect(bad.statusCode).to.equal(401);
      expect(broken.statusCode).to.equal(400);
      expect((await row()).dlr_status).to.equal('delivered');
    });
  });
});
