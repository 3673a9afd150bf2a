import { join } from 'node:path';
import { expect } from 'chai';
import sinon from 'sinon';
import { RecadoError } from '../../src/core/errors.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { Translator } from '../../src/lib/i18n.js';
import type { Delivery } from '../../src/queue/types.js';
import {
  GATE_HOLD_CODES,
  LimitsGate,
  PRESET_SCHEDULES,
  type AccountLimits,
  type GateSettingsInput,
} from '../../src/scheduler/gate/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { migratePlugin } from '../queue/helpers.js';

// Monday 2026-12-07 10:00 in São Paulo.
const MONDAY = new Date('2026-12-07T13:00:00.000Z');

function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: 1,
    dedupeKey: 'test:1',
    channel: 'email',
    accountId: 7,
    source: 'campaign',
    sourceId: null,
    campaignId: null,
    kind: 'marketing',
    customerId: null,
    invoiceId: null,
    templateId: null,
    recipient: 'cliente@example.com',
    attempts: 0,
    maxAttempts: 5,
    payload: {},
    ...overrides,
  };
}

describeEachDatabase('LimitsGate', (database) => {
  let clock: Date;
  let limits: AccountLimits | undefined;
  let limitsFor: sinon.SinonSpy;
  let sleep: sinon.SinonStub;

  before(async () => migratePlugin(database().db));
  beforeEach(async () => {
    await database().db('recado_account_usage').delete();
    await database().db('recado_quota_holds').delete();
    await database().db('recado_rate_slots').delete();
    clock = MONDAY;
    limits = undefined;
    limitsFor = sinon.spy(async () => limits);
    sleep = sinon.stub().resolves();
  });
  afterEach(() => sinon.restore());

  const gateWith = (
    settings: GateSettingsInput = {},
    extra: Partial<ConstructorParameters<typeof LimitsGate>[0]> = {},
  ) =>
    new LimitsGate({
      db: database().db,
      limits: { limitsFor },
      settings,
      now: () => clock,
      sleep,
      ...extra,
    });

  describe('admit', () => {
    it('passes a transactional message with the always schedule at 03:00 on a Sunday', async () => {
      const sunday = new Date('2026-12-06T06:00:00.000Z');

      const hold = await gateWith().admit(delivery({ kind: 'transactional' }), sunday);

      expect(hold).to.equal(undefined);
    });

    it('holds marketing in quiet hours until the window opens, taking no quota', async () => {
      limits = { perDay: 10 };
      const sunday = new Date('2026-12-06T06:00:00.000Z');

      const hold = await gateWith().admit(delivery(), sunday);

      expect(hold).to.deep.include({
        code: GATE_HOLD_CODES.quietHours,
        messageKey: 'gate.hold.quiet_hours',
      });
      expect(hold?.until.toISOString()).to.equal('2026-12-07T12:00:00.000Z');
      expect(hold?.params).to.deep.equal({ until: '2026-12-07 09:00:00' });
      expect(hold?.reason).to.include('quiet hours').and.include('2026-12-07 09:00:00');
      expect(limitsFor.called).to.equal(false);
    });

    it('holds over the daily quota until the next local midnight', async () => {
      limits = { perDay: 50, perSecond: 100 };
      await database()
        .db('recado_account_usage')
        .insert({ channel: 'email', account_id: 7, day: '2026-12-07', sent: 50 });

      const hold = await gateWith().admit(delivery(), clock);

      expect(hold).to.deep.include({ code: GATE_HOLD_CODES.dailyQuota });
      expect(hold?.until.toISOString()).to.equal('2026-12-08T03:00:00.000Z');
      expect(hold?.reason).to.include('daily quota of 50');
    });

    it('admits no more than the quota from a batch of 200', async () => {
      limits = { perDay: 50 };
      const gate = gateWith();

      const holds = await Promise.all(
        Array.from({ length: 200 }, (_, id) => gate.admit(delivery({ id }), clock)),
      );

      expect(holds.filter((hold) => hold === undefined)).to.have.length(50);
      expect(limitsFor.callCount).to.equal(1);
    });

    it('waits for a rate token when the wait is short, and holds when it is not', async () => {
      limits = { perSecond: 1 };
      const gate = gateWith();

      const holds = [];
      for (let id = 0; id < 4; id += 1) holds.push(await gate.admit(delivery({ id }), clock));

      expect(holds.slice(0, 3)).to.deep.equal([undefined, undefined, undefined]);
      expect(sleep.args).to.deep.equal([[1000], [2000]]);
      expect(holds[3]).to.deep.include({ code: GATE_HOLD_CODES.rate });
      expect(holds[3]?.until.toISOString()).to.equal('2026-12-07T13:00:03.000Z');
    });

    it('gives back the quota of a message the rate holds', async () => {
      limits = { perDay: 2, perSecond: 1 };
      const gate = gateWith({ maxRateWaitMs: 0 });

      const first = await gate.admit(delivery({ id: 1 }), clock);
      const rated = await gate.admit(delivery({ id: 2 }), clock);
      clock = new Date(MONDAY.getTime() + 1_000);
      const second = await gate.admit(delivery({ id: 3 }), clock);
      const third = await gate.admit(delivery({ id: 4 }), clock);

      expect(first).to.equal(undefined);
      expect(rated?.code).to.equal(GATE_HOLD_CODES.rate);
      expect(second).to.equal(undefined);
      expect(third?.code).to.equal(GATE_HOLD_CODES.dailyQuota);
    });

    it('lets a delivery without an account pass quota and rate', async () => {
      limits = { perDay: 0 };

      const hold = await gateWith().admit(delivery({ accountId: null }), clock);

      expect(hold).to.equal(undefined);
      expect(limitsFor.called).to.equal(false);
    });

    it('asks for account limits again only after the cache time', async () => {
      const gate = gateWith({ limitsCacheMs: 30_000 });

      await gate.admit(delivery(), clock);
      clock = new Date(MONDAY.getTime() + 29_999);
      await gate.admit(delivery(), clock);
      clock = new Date(MONDAY.getTime() + 30_000);
      await gate.admit(delivery(), clock);

      expect(limitsFor.callCount).to.equal(2);
      expect(limitsFor.firstCall.args).to.deep.equal(['email', 7]);
    });

    it('follows the schedule scheduleFor picks, else the one of channel and kind', async () => {
      const gate = gateWith(
        {},
        {
          scheduleFor: (each) =>
            each.source === 'rule' ? PRESET_SCHEDULES['br-collection'] : undefined,
        },
      );
      // Saturday 2026-12-05 16:00: after collection hours, still open for receipts.
      const saturday = new Date('2026-12-05T19:00:00.000Z');

      const reminder = await gate.admit(
        delivery({ kind: 'transactional', source: 'rule' }),
        saturday,
      );
      const receipt = await gate.admit(
        delivery({ kind: 'transactional', source: 'hook' }),
        saturday,
      );

      expect(reminder?.until.toISOString()).to.equal('2026-12-07T11:00:00.000Z');
      expect(receipt).to.equal(undefined);
    });
  });

  describe('constructor', () => {
    it('refuses an unknown time zone, naming the field', () => {
      expect(() => gateWith({}, { timeZone: 'America/Atlantis' }))
        .to.throw(RecadoError)
        .with.property('details')
        .that.deep.includes({ field: 'timeZone' });
    });
  });
});

describe('gate locales', () => {
  it('has every hold message in every locale', () => {
    const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
    const keys = ['quiet_hours', 'daily_quota', 'daily_quota_in_flight', 'rate'].map(
      (name) => `gate.hold.${name}`,
    );
    for (const locale of i18n.locales) {
      for (const key of keys) expect(i18n.has(key, locale), `${key} in ${locale}`).to.equal(true);
    }
  });
});
