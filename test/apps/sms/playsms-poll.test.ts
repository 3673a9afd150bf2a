import { expect } from 'chai';
import pino from 'pino';
import { SmsGateways } from '../../../src/apps/sms/gateways.js';
import { pollPlaySmsReports, type PlaySmsPollDeps } from '../../../src/apps/sms/playsms-poll.js';
import { SmsChannel } from '../../../src/channels/sms/sms-channel.js';
import { describeEachDatabase } from '../../support/databases.js';
import { migratePlugin } from '../../queue/helpers.js';
import { FakeGateway } from '../../channels/sms/support/fake-gateway.js';
import { newVault, sentDeliveries } from './helpers.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');
const DAY = 86_400_000;

/** p_status by smslog id, as a playSMS server would keep it. */
const STATUS: Record<string, string> = { '30': '3', '31': '2', '32': '1', '40': '3' };

describeEachDatabase('pollPlaySmsReports', (database) => {
  let fake: FakeGateway;
  let deps: PlaySmsPollDeps;
  let channel: SmsChannel;
  let clock: Date;
  let gatewayId: number;

  before(async () => {
    await migratePlugin(database().db);
    fake = await FakeGateway.start((request) => {
      const id = request.query.get('smslog_id') ?? '';
      if (request.query.get('h') !== 'tok') return { body: { status: 'ERR', error: '100' } };
      return STATUS[id]
        ? { body: { data: [{ smslog_id: id, status: STATUS[id] }] } }
        : { body: { status: 'ERR', error: '400' } };
    });
  });
  beforeEach(async () => {
    const { db } = database();
    await db('recado_deliveries').delete();
    await db('recado_sms_gateways').delete();
    clock = NOW;
    const gateways = new SmsGateways({ db, vault: newVault() });
    const gateway = await gateways.create({
      type: 'playsms',
      name: 'playSMS',
      config: { baseUrl: fake.url, user: 'isp' },
      secrets: { token: 'tok' },
    });
    gatewayId = gateway.id;
    channel = new SmsChannel({ gateways });
    deps = { db, gateways, adapters: channel, logger: pino({ level: 'silent' }), now: () => clock };
  });
  afterEach(() => channel.close());
  after(() => fake.close());

  const statuses = async () =>
    (await database()
      .db('recado_deliveries')
      .orderBy('provider_id')
      .select('provider_id', 'dlr_status', 'dlr_checked_at')) as {
      provider_id: string;
      dlr_status: string | null;
      dlr_checked_at: string | null;
    }[];

  it('records delivered and not delivered, and marks the rest as asked', async () => {
    await sentDeliveries(database().db, [
      { key: 'a', providerId: '30', accountId: gatewayId, sentAt: new Date(NOW.getTime() - DAY) },
      { key: 'b', providerId: '31', accountId: null, sentAt: new Date(NOW.getTime() - DAY) },
      { key: 'c', providerId: '32', accountId: gatewayId, sentAt: new Date(NOW.getTime() - DAY) },
    ]);

    const counts = await pollPlaySmsReports(deps, { batchSize: 2 });

    expect(counts).to.deep.equal({
      asked: 3,
      delivered: 1,
      notDelivered: 1,
      pending: 1,
      errors: 0,
    });
    expect(await statuses()).to.deep.equal([
      { provider_id: '30', dlr_status: 'delivered', dlr_checked_at: '2026-12-03 15:00:00.000' },
      { provider_id: '31', dlr_status: 'not_delivered', dlr_checked_at: '2026-12-03 15:00:00.000' },
      { provider_id: '32', dlr_status: null, dlr_checked_at: '2026-12-03 15:00:00.000' },
    ]);
  });

  it('asks only about messages of the last days that have no report yet', async () => {
    await sentDeliveries(database().db, [
      {
        key: 'old',
        providerId: '40',
        accountId: gatewayId,
        sentAt: new Date(NOW.getTime() - 10 * DAY),
      },
      { key: 'c', providerId: '32', accountId: gatewayId, sentAt: new Date(NOW.getTime() - DAY) },
    ]);
    await pollPlaySmsReports(deps);
    const before = fake.requests.length;

    clock = new Date(NOW.getTime() + 60_000);
    const counts = await pollPlaySmsReports(deps, { days: 3 });

    expect(counts.asked).to.equal(1);
    expect(
      fake.requests.slice(before).map((request) => request.query.get('smslog_id')),
    ).to.deep.equal(['32']);
    expect((await statuses())[0]).to.include({ provider_id: '32' });
  });

  it('stops asking a gateway that answers with an error', async () => {
    await database().db('recado_sms_gateways').delete();
    const gateways = new SmsGateways({ db: database().db, vault: newVault() });
    const wrong = await gateways.create({
      type: 'playsms',
      name: 'wrong token',
      config: { baseUrl: fake.url, user: 'isp' },
      secrets: { token: 'bad' },
    });
    await sentDeliveries(database().db, [
      { key: 'a', providerId: '30', accountId: wrong.id, sentAt: NOW },
      { key: 'b', providerId: '31', accountId: wrong.id, sentAt: NOW },
    ]);

    const counts = await pollPlaySmsReports({ ...deps, gateways }, { batchSize: 1 });

    expect(counts).to.include({ asked: 1, errors: 1 });
    expect((await statuses()).every((row) => row.dlr_status === null)).to.equal(true);
  });
});
