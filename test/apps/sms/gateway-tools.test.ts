import { expect } from 'chai';
import { GatewayTools } from '../../../src/apps/sms/gateway-tools.js';
import { SmsGateways } from '../../../src/apps/sms/gateways.js';
import { SmsChannel } from '../../../src/channels/sms/sms-channel.js';
import type { RecadoError } from '../../../src/core/errors.js';
import { describeEachDatabase } from '../../support/databases.js';
import { migratePlugin } from '../../queue/helpers.js';
import { FakeGateway } from '../../channels/sms/support/fake-gateway.js';
import { newVault } from './helpers.js';

describeEachDatabase('GatewayTools', (database) => {
  let fake: FakeGateway;
  let store: SmsGateways;
  let channel: SmsChannel;
  let tools: GatewayTools;

  before(async () => {
    await migratePlugin(database().db);
    fake = await FakeGateway.start();
  });
  beforeEach(async () => {
    await database().db('recado_sms_gateways').delete();
    store = new SmsGateways({ db: database().db, vault: newVault() });
    channel = new SmsChannel({ gateways: store });
    tools = new GatewayTools({ gateways: store, adapters: channel });
  });
  afterEach(() => channel.close());
  after(() => fake.close());

  const khal = () =>
    store.create({
      type: 'khal',
      name: 'Khal',
      config: { baseUrl: fake.url, user: '11999990000' },
      secrets: { password: 's3nha' },
      enabled: false,
    });

  describe('sendTestSms', () => {
    it('sends through the gateway, even a disabled one, and answers as the channel would', async () => {
      fake.answer(() => ({ body: { status: 1, data: 4321, msg: 'SUCESSO' } }));
      const gateway = await khal();

      const result = await tools.sendTestSms(gateway.id, '(11) 98765-4321', 'Teste do Recado');

      expect(result).to.deep.equal({ status: 'accepted', providerId: '4321' });
      expect(fake.last.query.get('numbers')).to.equal('11987654321');
      expect(fake.last.query.get('msg')).to.equal('Teste do Recado');
    });

    it('refuses a landline and an empty text before sending', async () => {
      const gateway = await khal();
      const before = fake.requests.length;

      const landline = await tools
        .sendTestSms(gateway.id, '(11) 3333-4444', 'oi')
        .catch((e: unknown) => e);
      const empty = await tools
        .sendTestSms(gateway.id, '11987654321', '  ')
        .catch((e: unknown) => e);

      expect((landline as RecadoError).code).to.equal('RECADO_SMS_NUMBER_REFUSED');
      expect((landline as RecadoError).details).to.include({ reason: 'sms.number.landline' });
      expect((empty as RecadoError).code).to.equal('RECADO_SMS_TEST_TEXT_INVALID');
      expect(fake.requests.length).to.equal(before);
    });
  });

  describe('balance', () => {
    it('asks a gateway that reports credit and says unavailable for the others', async () => {
      fake.answer(() => ({ body: { status: 1, data: '250' } }));
      const gateway = await khal();
      const zenvia = await store.create({
        type: 'zenvia',
        name: 'Z',
        config: { from: 'x' },
        secrets: { token: 't' },
      });

      expect(await tools.balance(gateway.id)).to.deep.equal({ status: 'ok', balance: '250' });
      expect(await tools.balance(zenvia.id)).to.deep.equal({ status: 'unavailable' });
    });

    it('answers not found for a gateway that does not exist', async () => {
      const error = await tools.balance(404).catch((e: unknown) => e);

      expect((error as RecadoError).code).to.equal('RECADO_SMS_GATEWAY_NOT_FOUND');
    });
  });
});
