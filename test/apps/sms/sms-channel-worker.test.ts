import { expect } from 'chai';
import pino from 'pino';
import { SmsGateways } from '../../../src/apps/sms/gateways.js';
import { SmsChannel } from '../../../src/channels/sms/sms-channel.js';
import { enqueueDeliveries } from '../../../src/queue/enqueue-deliveries.js';
import { Worker } from '../../../src/scheduler/worker.js';
import { describeEachDatabase } from '../../support/databases.js';
import { migratePlugin, newDeliveries, PlainComposer } from '../../queue/helpers.js';
import { FakeGateway } from '../../channels/sms/support/fake-gateway.js';
import { newVault } from './helpers.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');

describeEachDatabase('SmsChannel in the worker', (database) => {
  let fake: FakeGateway;
  let channel: SmsChannel;
  let gatewayId: number;

  before(async () => {
    await migratePlugin(database().db);
    fake = await FakeGateway.start();
  });
  beforeEach(async () => {
    const { db } = database();
    await db('recado_deliveries').delete();
    await db('recado_sms_gateways').delete();
    const gateways = new SmsGateways({ db, vault: newVault() });
    gatewayId = (
      await gateways.create({
        type: 'playsms',
        name: 'playSMS',
        config: { baseUrl: fake.url, user: 'isp' },
        secrets: { token: 'tok' },
      })
    ).id;
    channel = new SmsChannel({ gateways });
  });
  afterEach(() => channel.close());
  after(() => fake.close());

  const worker = () =>
    new Worker({
      db: database().db,
      logger: pino({ level: 'silent' }),
      channels: new Map([['sms', channel]]),
      composer: new PlainComposer(),
      timeZone: 'America/Sao_Paulo',
      now: () => NOW,
      random: () => 0.5,
      settings: { workerId: 'w1', batchSize: 10, retry: { baseMs: 1000, capMs: 60_000 } },
    });

  it('sends queued deliveries through the gateway and records its ids and failures', async () => {
    let next = 100;
    fake.answer((request) =>
      request.query.get('to') === '5511900000002'
        ? { body: { status: 'ERR', error: '100' } }
        : { body: { data: [{ status: 'OK', error: '0', smslog_id: String(next++), queue: 'q' }] } },
    );
    await enqueueDeliveries(database().db, newDeliveries(3, { accountId: gatewayId }), NOW);
    await enqueueDeliveries(
      database().db,
      newDeliveries(1, { accountId: null, dedupeKey: 'default:0' }),
      NOW,
    );

    await worker().drain();

    const rows = (await database().db('recado_deliveries').orderBy('id')) as Record<
      string,
      unknown
    >[];
    expect(rows.map((row) => [row.status, row.error_code])).to.deep.equal([
      ['sent', null],
      ['sent', null],
      ['failed', 'PLAYSMS_ERR_100'],
      ['sent', null],
    ]);
    expect(
      rows.filter((row) => row.status === 'sent').map((row) => row.provider_id),
    ).to.have.members(['100', '101', '102']);
  });

  it('leaves a delivery unknown, not retried, when the gateway drops the connection', async () => {
    fake.answer(() => 'drop');
    await enqueueDeliveries(database().db, newDeliveries(1, { accountId: gatewayId }), NOW);

    await worker().drain();

    const [row] = (await database().db('recado_deliveries')) as Record<string, unknown>[];
    expect(row).to.include({ status: 'unknown', error_code: 'PLAYSMS_RESET' });
  });
});
