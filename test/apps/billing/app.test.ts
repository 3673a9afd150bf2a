import { join } from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import sinon from 'sinon';
import { billingApp } from '../../../src/apps/billing/index.js';
import type { Host, HostEventHandler } from '../../../src/core/host.js';
import { loadManifest, type HookName } from '../../../src/core/manifest.js';
import { RecadoPlugin } from '../../../src/core/plugin.js';
import { RecadoServices } from '../../../src/core/services.js';
import { PLUGIN_ROOT } from '../../../src/index.js';
import { Translator } from '../../../src/lib/i18n.js';
import type { PeriodicJob, Scheduler } from '../../../src/scheduler/scheduler.js';
import { describeEachDatabase } from '../../support/databases.js';
import { TEST_SECRET } from '../../support/panel.js';
import {
  MAPPING,
  migrateAll,
  NOW,
  payInvoice,
  queued,
  seedCustomers,
  TIME_ZONE,
} from './fixtures.js';

/** A host of stubs whose hooks a test raises, and a plugin with Cobrança on a fixed clock. */
function pluginOn(db: Host['db'], drainQueue?: boolean) {
  const handlers = new Map<HookName, HostEventHandler[]>();
  const host: Host = {
    db,
    logger: pino({ level: 'silent' }),
    mountRouter: (appId) => `/apps/${appId}`,
    addMenuEntry: () => undefined,
    removeMenuEntries: () => undefined,
    operator: () => undefined,
    can: () => false,
    renderPage: () => undefined,
    on: (hook, handler) => void handlers.set(hook, [...(handlers.get(hook) ?? []), handler]),
    off: () => undefined,
  };
  const manifest = loadManifest(join(PLUGIN_ROOT, 'plugin.json'));
  const now = () => NOW;
  const services = new RecadoServices({
    db,
    logger: host.logger,
    mapping: MAPPING,
    secret: TEST_SECRET,
    timeZone: TIME_ZONE,
    publicUrl: 'http://127.0.0.1:3000',
    now,
  });
  const jobs: PeriodicJob[] = [];
  const schedulers: { drain?: boolean }[] = [];
  sinon
    .stub(services, 'createScheduler')
    .callsFake((extra: readonly PeriodicJob[] = [], options: { drain?: boolean } = {}) => {
      jobs.push(...extra);
      schedulers.push(options);
      return { start: () => undefined, stop: async () => undefined } as unknown as Scheduler;
    });
  const plugin = new RecadoPlugin({
    host,
    manifest,
    mapping: MAPPING,
    apps: [billingApp],
    i18n: Translator.fromDirectory(join(PLUGIN_ROOT, 'locales')),
    migrationsDir: join(PLUGIN_ROOT, 'migrations'),
    viewsDir: join(PLUGIN_ROOT, 'views'),
    secret: TEST_SECRET,
    timeZone: TIME_ZONE,
    now,
    services,
    runScheduler: true,
    drainQueue,
  });
  const raise = async (hook: HookName, event: object) => {
    for (const handler of handlers.get(hook) ?? []) await handler(event);
  };
  return { plugin, jobs, schedulers, raise };
}

describeEachDatabase('billingApp', (database) => {
  before(async () => migrateAll(database().db));
  beforeEach(async () => {
    await seedCustomers(database().db);
    await database().db('recado_apps').delete();
  });
  afterEach(() => sinon.restore());

  describe('onEnable', () => {
    it('installs the default rules and starts the payment watermark on first enable', async () => {
      const { plugin } = pluginOn(database().db);
      await plugin.start();

      await plugin.enable('billing', 'admin');

      expect(await database().db('recado_billing_rules').count({ n: '*' }).first()).to.deep.include(
        { n: 7 },
      );
      const poll = await database().db('recado_settings').where({ area: 'billing.poll' }).first();
      expect(JSON.parse(String(poll?.value))).to.deep.equal({
        since: '2026-12-03 13:00:00.000',
        startedAt: '2026-12-03 13:00:00.000',
      });
      await plugin.stop();
    });
  });

  describe('jobs', () => {
    it('hands its jobs to the scheduler and runs them only while the app is enabled', async () => {
      const { plugin, jobs } = pluginOn(database().db);
      await plugin.start();
      const evaluation = jobs.find((job) => job.name === 'billing.evaluate');

      expect(jobs.map((job) => job.name)).to.deep.equal([
        'billing.evaluate',
        'billing.poll-payments',
      ]);
      expect(evaluation?.rule).to.equal('0 */10 * * * *');
      expect(await evaluation?.run()).to.equal(undefined);
      await plugin.enable('billing');
      expect(await evaluation?.run()).to.include({ day: '2026-12-03', enqueued: 13 });
      await plugin.stop();
    });

    it('still runs its jobs in a panel that leaves the queue to separate workers', async () => {
      const { plugin, jobs, schedulers } = pluginOn(database().db, false);
      await plugin.start();

      expect(schedulers).to.deep.equal([{ drain: false }]);
      expect(jobs.map((job) => job.name)).to.include('billing.evaluate');
      await plugin.enable('billing');
      const evaluation = jobs.find((job) => job.name === 'billing.evaluate');
      expect(await evaluation?.run()).to.include({ day: '2026-12-03', enqueued: 13 });
      await plugin.stop();
    });
  });

  describe('hooks', () => {
    it('receives invoice.paid from the host and enqueues the receipt once', async () => {
      const { plugin, raise } = pluginOn(database().db);
      await plugin.start();
      await plugin.enable('billing');
      await payInvoice(database().db, 10, '2026-12-03 12:59:00');

      await raise('invoice.paid', { invoiceId: 10, customerId: 1, occurredAt: NOW });
      await raise('invoice.paid', { invoiceId: 10, customerId: 1, occurredAt: NOW });

      const keys = (await queued(database().db)).map((row) => String(row.dedupe_key));
      expect(keys.filter((key) => key.endsWith(':invoice:10:paid:email'))).to.have.lengthOf(1);
      expect(keys.filter((key) => key.endsWith(':invoice:10:paid:sms'))).to.have.lengthOf(1);
      await plugin.stop();
    });
  });
});
