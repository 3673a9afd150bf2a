import { join } from 'node:path';
import { expect } from 'chai';
import { SmsGateways } from '../../../src/apps/sms/gateways.js';
import { RecadoError } from '../../../src/core/errors.js';
import { PLUGIN_ROOT } from '../../../src/index.js';
import { Translator } from '../../../src/lib/i18n.js';
import { toSqlTime } from '../../../src/lib/time.js';
import { describeEachDatabase } from '../../support/databases.js';
import { migratePlugin } from '../../queue/helpers.js';
import { newVault } from './helpers.js';

const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));

const zenvia = (extra: Record<string, unknown> = {}) => ({
  type: 'zenvia',
  name: 'Zenvia principal',
  config: { from: 'provedor-net' },
  secrets: { token: 'zenvia-token-secreto', webhookSecret: 'segredo-do-webhook' },
  ...extra,
});

async function refusal(action: Promise<unknown>): Promise<RecadoError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof RecadoError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describeEachDatabase('SmsGateways', (database) => {
  let store: SmsGateways;
  let tick: number;

  before(async () => migratePlugin(database().db));
  beforeEach(async () => {
    const { db } = database();
    await db('recado_campaigns').delete();
    await db('recado_sms_gateways').delete();
    tick = 0;
    store = new SmsGateways({
      db,
      vault: newVault(),
      now: () => new Date(Date.UTC(2026, 11, 3, 12, 0, 0, tick++)),
    });
  });

  describe('create', () => {
    it('seals the secrets and never returns them', async () => {
      const gateway = await store.create(zenvia());

      const row = (await database()
        .db('recado_sms_gateways')
        .where({ id: gateway.id })
        .first()) as {
        secrets: string;
        config: string;
      };
      expect(row.secrets).to.match(/^v1:t1:/);
      expect(row.secrets + row.config).not.to.contain('zenvia-token-secreto');
      const everything = JSON.stringify([gateway, await store.get(gateway.id), await store.list()]);
      expect(everything).not.to.contain('zenvia-token-secreto');
      expect(everything).not.to.contain('segredo-do-webhook');
      expect(gateway.storedSecrets).to.deep.equal({ token: true, webhookSecret: true });
    });

    it('fills the type defaults in and makes the first gateway the default', async () => {
      const gateway = await store.create(zenvia());

      expect(gateway.config).to.deep.equal({
        from: 'provedor-net',
        baseUrl: 'https://api.zenvia.com',
        encodingStrategy: 'AUTO',
        timeoutMs: 10000,
        webhookHeader: 'X-Recado-Secret',
      });
      expect(gateway).to.include({
        isDefault: true,
        enabled: true,
        foldAccents: true,
        ratePerSecond: null,
      });
      expect(gateway.can).to.deep.equal({
        balance: false,
        polledReports: false,
        webhookReports: true,
      });
    });

    it('names the field that fails, with a reason every locale can say', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [zenvia({ config: {} }), '/config/from', 'sms.reason.required'],
        [zenvia({ config: { from: 'x', extra: 1 } }), '/config/extra', 'sms.reason.unknown_field'],
        [
          zenvia({ config: { from: 'x', encodingStrategy: 'UTF8' } }),
          '/config/encodingStrategy',
          'sms.reason.not_an_option',
        ],
        [
          zenvia({ config: { from: 'x', baseUrl: 'ftp://x' } }),
          '/config/baseUrl',
          'sms.reason.format',
        ],
        [zenvia({ secrets: {} }), '/secrets/token', 'sms.reason.required'],
        [
          zenvia({ secrets: { token: 't', password: 'p' } }),
          '/secrets/password',
          'sms.reason.unknown_field',
        ],
        [zenvia({ ratePerSecond: 0 }), '/ratePerSecond', 'sms.reason.above'],
        [zenvia({ name: '' }), '/name', 'sms.reason.min_length'],
        [zenvia({ type: 'twilio' }), '/type', 'sms.reason.not_an_option'],
        [
          {
            type: 'generic',
            name: 'g',
            config: { urlTemplate: 'http://10.0.0.1/s?to={to}&m={mensagem}' },
          },
          '/config/urlTemplate',
          'sms.reason.unknown_placeholder',
        ],
        [
          {
            type: 'generic',
            name: 'g',
            config: { urlTemplate: 'http://10.0.0.1/s', bodyType: 'json' },
          },
          '/config/bodyTemplate',
          'sms.reason.body_required',
        ],
        [
          {
            type: 'voipr',
            name: 'v',
            config: { host: '192.168.0.9', campaignKey: 'c', pathTemplate: '/s?k={chave}' },
            secrets: { clientKey: 'k' },
          },
          '/config/pathTemplate',
          'sms.reason.unknown_placeholder',
        ],
      ];
      for (const [input, field, reason] of cases) {
        const error = await refusal(store.create(input));

        expect(error.code, field).to.equal('RECADO_SMS_GATEWAY_INVALID');
        expect(error.details, field).to.include({ field, reason });
        for (const locale of i18n.locales) {
          const text = i18n.t(locale, error.messageKey, {
            ...error.details,
            reason: i18n.t(locale, reason, error.details),
          });
          expect(text, `${field} in ${locale}`).not.to.match(/\{\w+\}|sms\.reason/);
        }
      }
      expect(await store.list()).to.deep.equal([]);
    });

    it('accepts each gateway type with its required fields', async () => {
      const inputs = [
        {
          type: 'playsms',
          name: 'p',
          config: { baseUrl: 'https://sms.isp.net/playsms', user: 'isp' },
          secrets: { token: 't' },
        },
        {
          type: 'khal_playsms',
          name: 'kp',
          config: { baseUrl: 'http://10.1.1.1', user: 'isp' },
          secrets: { token: 't' },
        },
        { type: 'khal', name: 'k', config: { user: '11999990000' }, secrets: { password: 'p' } },
        { type: 'smsgateway_me', name: 's', config: { deviceId: 10 }, secrets: { token: 't' } },
        { type: 'torpedus', name: 't', config: { user: '4321' }, secrets: { password: 'p' } },
        {
          type: 'voipr',
          name: 'v',
          config: {
            host: '192.168.0.9',
            campaignKey: 'c',
            pathTemplate: '/s?k={campaign_key}&c={client_key}&to={to}&m={message}',
          },
          secrets: { clientKey: 'k' },
        },
        {
          type: 'generic',
          name: 'g',
          config: { urlTemplate: 'http://10.0.0.1/s?to={to}&m={message}' },
        },
      ];
      for (const input of inputs) await store.create(input);

      const khal = (await store.list()).find((gateway) => gateway.type === 'khal');
      expect(khal?.config).to.include({
        baseUrl: 'http://172.246.132.10',
        path: '/app/modulo/api/index.php',
      });
      expect((await store.list()).find((gateway) => gateway.type === 'voipr')?.config).to.include({
        port: 8080,
      });
    });
  });

  describe('update', () => {
    it('keeps a secret left empty, replaces one given and clears an optional one set to null', async () => {
      const created = await store.create(zenvia());

      await store.update(
        created.id,
        zenvia({ name: 'Zenvia', secrets: { token: '', webhookSecret: null } }),
      );
      const kept = await store.resolve(created.id);
      await store.update(created.id, zenvia({ secrets: { token: 'novo-token' } }));
      const replaced = await store.resolve(created.id);

      expect(kept?.secrets).to.deep.equal({ token: 'zenvia-token-secreto' });
      expect(replaced?.secrets).to.deep.equal({ token: 'novo-token' });
      expect((await store.get(created.id)).storedSecrets).to.deep.equal({
        token: true,
        webhookSecret: false,
      });
    });

    it('refuses to clear a required secret or change the type', async () => {
      const created = await store.create(zenvia());

      const cleared = await refusal(store.update(created.id, zenvia({ secrets: { token: null } })));
      const retyped = await refusal(store.update(created.id, { ...zenvia(), type: 'khal' }));

      expect(cleared.details).to.include({
        field: '/secrets/token',
        reason: 'sms.reason.required',
      });
      expect(retyped.details).to.include({ field: '/type', reason: 'sms.reason.type_fixed' });
    });

    it('moves the default and changes updated_at', async () => {
      const first = await store.create(zenvia());
      const second = await store.create(zenvia({ name: 'Reserva' }));

      const updated = await store.update(second.id, zenvia({ name: 'Reserva', isDefault: true }));

      expect(updated.updatedAt).not.to.equal(second.updatedAt);
      expect((await store.get(first.id)).isDefault).to.equal(false);
      expect((await store.resolve(null))?.id).to.equal(second.id);
    });

    it('answers not found for a gateway that does not exist', async () => {
      const error = await refusal(store.update(999, zenvia()));

      expect(error.code).to.equal('RECADO_SMS_GATEWAY_NOT_FOUND');
    });
  });

  describe('delete', () => {
    async function campaign(accountId: number | null, status: string): Promise<void> {
      const now = toSqlTime(new Date());
      await database().db('recado_campaigns').insert({
        channel: 'sms',
        name: 'Promo',
        account_id: accountId,
        filter: '{}',
        status,
        created_at: now,
        updated_at: now,
      });
    }

    it('refuses while a scheduled, running or paused SMS campaign uses the gateway', async () => {
      const gateway = await store.create(zenvia());
      await campaign(gateway.id, 'paused');

      const error = await refusal(store.delete(gateway.id));

      expect(error.code).to.equal('RECADO_SMS_GATEWAY_IN_USE');
      expect(error.details).to.include({ campaigns: 1 });
    });

    it('counts campaigns without an account against the default gateway', async () => {
      const gateway = await store.create(zenvia());
      await campaign(null, 'scheduled');

      expect((await refusal(store.delete(gateway.id))).code).to.equal('RECADO_SMS_GATEWAY_IN_USE');
    });

    it('deletes a gateway whose campaigns are over', async () => {
      const gateway = await store.create(zenvia());
      await campaign(gateway.id, 'completed');

      await store.delete(gateway.id);

      expect(await store.list()).to.deep.equal([]);
    });
  });

  describe('limitsFor', () => {
    it('gives the rate and quota of an SMS gateway, nothing for other channels', async () => {
      const gateway = await store.create(zenvia({ ratePerSecond: 2.5, dailyQuota: 1000 }));
      const open = await store.create(zenvia({ name: 'sem limite' }));

      expect(await store.limitsFor('sms', gateway.id)).to.deep.equal({
        perSecond: 2.5,
        perDay: 1000,
      });
      expect(await store.limitsFor('sms', open.id)).to.deep.equal({});
      expect(await store.limitsFor('email', gateway.id)).to.equal(undefined);
      expect(await store.limitsFor('sms', 999)).to.equal(undefined);
    });
  });

  describe('defaultAccount', () => {
    it('names the gateway that sends SMS naming none, as resolve(null) finds it', async () => {
      expect(await store.defaultAccount('sms')).to.equal(undefined);
      const first = await store.create(zenvia());
      const second = await store.create(zenvia({ name: 'Reserva' }));
      expect(await store.defaultAccount('sms')).to.equal(first.id);

      await store.update(second.id, zenvia({ name: 'Reserva', isDefault: true }));

      expect(await store.defaultAccount('sms')).to.equal(second.id);
      expect((await store.resolve(null))?.id).to.equal(second.id);
      expect(await store.defaultAccount('email')).to.equal(undefined);
    });

    it('sends through the oldest enabled gateway while the default is switched off', async () => {
      const first = await store.create(zenvia());
      const second = await store.create(zenvia({ name: 'Reserva', isDefault: true }));

      await store.update(second.id, zenvia({ name: 'Reserva', enabled: false }));

      expect(await store.defaultAccount('sms')).to.equal(first.id);
      expect((await store.resolve(null))?.id).to.equal(first.id);
      expect((await store.get(second.id)).isDefault).to.equal(true);
      await store.update(first.id, zenvia({ enabled: false }));
      expect(await store.defaultAccount('sms')).to.equal(undefined);
      expect(await store.resolve(null)).to.equal(undefined);
    });

    it('hands the default to the oldest enabled gateway when the default is deleted', async () => {
      const first = await store.create(zenvia());
      await store.create(zenvia({ name: 'Desligado', enabled: false }));
      const third = await store.create(zenvia({ name: 'Terceiro' }));

      await store.delete(first.id);

      expect((await store.get(third.id)).isDefault).to.equal(true);
      expect(await store.defaultAccount('sms')).to.equal(third.id);
    });
  });
});
