import { expect } from 'chai';
import sinon from 'sinon';
import type { OutgoingMessage } from '../../../src/channels/channel.js';
import { SmsChannel, type ResolvedGateway } from '../../../src/channels/sms/sms-channel.js';
import { FakeGateway, MOBILE } from './support/fake-gateway.js';

describe('SmsChannel', () => {
  let gateway: FakeGateway;
  let clock: number;

  const resolved = (extra: Partial<ResolvedGateway> = {}): ResolvedGateway => ({
    id: 3,
    type: 'zenvia',
    enabled: true,
    updatedAt: '2026-12-03 10:00:00.000',
    foldAccents: true,
    config: {
      baseUrl: gateway.url,
      from: 'isp',
      encodingStrategy: 'AUTO',
      timeoutMs: 2000,
      webhookHeader: 'X-S',
    },
    secrets: { token: 'tok' },
    ...extra,
  });
  const message = (extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    deliveryId: 501,
    accountId: null,
    to: MOBILE,
    text: 'Promoção',
    kind: 'marketing',
    ...extra,
  });
  const channelWith = (resolve: sinon.SinonStub) =>
    new SmsChannel({ gateways: { resolve }, refreshMs: 1000, now: () => clock });

  before(async () => {
    gateway = await FakeGateway.start(() => ({ body: { id: 'zv-1' } }));
  });
  beforeEach(() => {
    clock = 0;
  });
  afterEach(() => sinon.restore());
  after(() => gateway.close());

  it('is the sms channel and is not idempotent', () => {
    const channel = channelWith(sinon.stub());

    expect(channel.name).to.equal('sms');
    expect(channel.idempotent).to.equal(false);
  });

  describe('send', () => {
    it('sends through the default gateway with the delivery id and the folded text', async () => {
      const resolve = sinon.stub().resolves(resolved());
      const channel = channelWith(resolve);

      const result = await channel.send(message());
      await channel.close();

      expect(result).to.deep.equal({ status: 'accepted', providerId: 'zv-1' });
      expect(resolve.firstCall.args).to.deep.equal([null]);
      const body = JSON.parse(gateway.last.body.toString()) as {
        externalId: string;
        contents: { text: string }[];
      };
      expect(body.externalId).to.equal('501');
      expect(body.contents[0]?.text).to.equal('Promocao');
    });

    it('reuses a lookup until it is stale and rebuilds the adapter when the gateway changed', async () => {
      const resolve = sinon.stub();
      resolve.onFirstCall().resolves(resolved());
      resolve.onSecondCall().resolves(
        resolved({
          updatedAt: '2026-12-03 10:05:00.000',
          config: { ...resolved().config, from: 'novo' },
        }),
      );
      const channel = channelWith(resolve);

      await Promise.all([
        channel.send(message({ accountId: 3 })),
        channel.send(message({ accountId: 3 })),
      ]);
      clock = 1500;
      await channel.send(message({ accountId: 3 }));
      await channel.close();

      expect(resolve.callCount).to.equal(2);
      expect(JSON.parse(gateway.last.body.toString())).to.include({ from: 'novo' });
    });

    it('fails permanently without a gateway or with a disabled one', async () => {
      const none = await channelWith(sinon.stub().resolves(undefined)).send(message());
      const off = await channelWith(sinon.stub().resolves(resolved({ enabled: false }))).send(
        message(),
      );

      expect(none).to.include({ status: 'failed', kind: 'permanent', code: 'SMS_NO_GATEWAY' });
      expect(off).to.include({ status: 'failed', kind: 'permanent', code: 'SMS_GATEWAY_DISABLED' });
    });

    it('fails transiently when the gateway cannot be read', async () => {
      const result = await channelWith(sinon.stub().rejects(new Error('database down'))).send(
        message(),
      );

      expect(result).to.include({
        status: 'failed',
        kind: 'transient',
        code: 'SMS_GATEWAY_LOOKUP',
      });
    });

    it('fails permanently for a configuration that cannot build an adapter', async () => {
      const broken = resolved({
        type: 'generic',
        config: {
          urlTemplate: 'http://x/',
          success: { bodyRegex: '(' },
          providerId: {},
          headers: {},
        },
      });

      const result = await channelWith(sinon.stub().resolves(broken)).send(message());

      expect(result).to.include({
        status: 'failed',
        kind: 'permanent',
        code: 'SMS_GATEWAY_CONFIG',
      });
    });
  });

  describe('close', () => {
    it('closes the connection pools', async () => {
      const channel = channelWith(sinon.stub().resolves(resolved()));
      await channel.send(message());

      await channel.close();
      const after = await channel.send(message());

      expect(after).to.include({ status: 'failed', code: 'ZENVIA_INVALID_REQUEST' });
    });
  });
});
