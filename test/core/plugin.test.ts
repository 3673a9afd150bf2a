import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import sinon from 'sinon';
import type { AppModule } from '../../src/core/app-module.js';
import { RecadoError } from '../../src/core/errors.js';
import type { Host, HostEventHandler } from '../../src/core/host.js';
import { loadManifest, type HookName } from '../../src/core/manifest.js';
import { resolveMapping } from '../../src/core/mapping.js';
import { RecadoPlugin } from '../../src/core/plugin.js';
import { RecadoServices } from '../../src/core/services.js';
import { PLUGIN_ROOT, register } from '../../src/index.js';
import { Translator } from '../../src/lib/i18n.js';
import { migrateLatest } from '../../src/lib/migrations.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { TEST_SECRET } from '../support/panel.js';

/** A host made of stubs, with hooks kept in a map so that a test can raise them. */
function stubHost(db: Host['db']) {
  const handlers = new Map<HookName, HostEventHandler[]>();
  const host = {
    db,
    logger: pino({ level: 'silent' }),
    mountRouter: sinon.stub().callsFake((appId: string) => `/apps/${appId}`),
    addMenuEntry: sinon.stub(),
    removeMenuEntries: sinon.stub(),
    operator: sinon.stub().returns(undefined),
    can: sinon.stub().returns(false),
    renderPage: sinon.stub(),
    on: (hook: HookName, handler: HostEventHandler) => {
      handlers.set(hook, [...(handlers.get(hook) ?? []), handler]);
    },
    off: (hook: HookName, handler: HostEventHandler) => {
      handlers.set(
        hook,
        (handlers.get(hook) ?? []).filter((each) => each !== handler),
      );
    },
  };
  const raise = async (hook: HookName, event: object) => {
    for (const handler of handlers.get(hook) ?? []) await handler(event);
  };
  return { host, raise, handlers };
}

function pluginWith(host: Host, apps: AppModule[]): RecadoPlugin {
  const manifest = loadManifest(join(PLUGIN_ROOT, 'plugin.json'));
  const services = new RecadoServices({
    db: host.db,
    logger: host.logger,
    mapping: resolveMapping(manifest),
    secret: TEST_SECRET,
    timeZone: 'America/Sao_Paulo',
    publicUrl: 'http://127.0.0.1:3000',
  });
  return new RecadoPlugin({
    host,
    manifest,
    mapping: resolveMapping(manifest),
    apps,
    i18n: Translator.fromDirectory(join(PLUGIN_ROOT, 'locales')),
    migrationsDir: join(PLUGIN_ROOT, 'migrations'),
    viewsDir: join(PLUGIN_ROOT, 'views'),
    secret: TEST_SECRET,
    timeZone: 'America/Sao_Paulo',
    now: () => new Date('2026-12-03T12:00:00Z'),
    services,
    runScheduler: false,
  });
}

describeEachDatabase('RecadoPlugin', (database) => {
  before(async () => {
    await migrateLatest(database().db, {
      directory: PANEL_MIGRATIONS,
      tableName: 'panel_migrations',
    });
  });
  afterEach(() => sinon.restore());

  describe('hooks', () => {
    it('relays a host hook to enabled apps only, and stops relaying after stop', async () => {
      const { host, raise } = stubHost(database().db);
      const paidBySms = sinon.stub().resolves();
      const paidByEmail = sinon.stub().resolves();
      const plugin = pluginWith(host, [
        { id: 'sms', routes: () => express.Router(), hooks: () => ({ 'invoice.paid': paidBySms }) },
        {
          id: 'email',
          routes: () => express.Router(),
          hooks: () => ({ 'invoice.paid': paidByEmail }),
        },
      ]);
      await plugin.install();
      await plugin.start();
      await plugin.enable('sms');
      await plugin.disable('email');

      await raise('invoice.paid', { invoiceId: 7 });
      expect(paidBySms.calledOnceWith({ invoiceId: 7 })).to.equal(true);
      expect(paidByEmail.called).to.equal(false);

      await plugin.stop();
      await raise('invoice.paid', { invoiceId: 8 });
      expect(paidBySms.callCount).to.equal(1);
      await plugin.disable('sms');
    });

    it('keeps relaying to other apps when one app handler throws', async () => {
      const { host, raise } = stubHost(database().db);
      const failing = sinon.stub().rejects(new Error('gateway down'));
      const working = sinon.stub().resolves();
      const plugin = pluginWith(host, [
        {
          id: 'billing',
          routes: () => express.Router(),
          hooks: () => ({ 'customer.blocked': failing }),
        },
        {
          id: 'sms',
          routes: () => express.Router(),
          hooks: () => ({ 'customer.blocked': working }),
        },
      ]);
      await plugin.install();
      await plugin.start();
      await plugin.enable('billing');
      await plugin.enable('sms');

      await raise('customer.blocked', { customerId: 3 });

      expect(failing.calledOnce).to.equal(true);
      expect(working.calledOnce).to.equal(true);
      await plugin.disable('billing');
      await plugin.disable('sms');
      await plugin.stop();
    });
  });

  describe('enable', () => {
    it('adds the app menu entries with the mount path and removes them on disable', async () => {
      const { host } = stubHost(database().db);
      const plugin = pluginWith(host, [{ id: 'sms', routes: () => express.Router() }]);
      await plugin.install();
      await plugin.start();

      await plugin.enable('sms', 'admin');
      const entry = host.addMenuEntry.firstCall.args[0];
      expect(entry).to.include({ id: 'sms.home', href: '/apps/sms', permission: 'sms.view' });
      expect(entry.label('en')).to.equal('SMS');

      await plugin.disable('sms', 'admin');
      expect(host.removeMenuEntries.calledWith('sms')).to.equal(true);
      expect(plugin.isEnabled('sms')).to.equal(false);
    });

    it('refuses an app that does not exist', async () => {
      const { host } = stubHost(database().db);
      const plugin = pluginWith(host, []);
      await plugin.start();

      const failure = await plugin.enable('sms').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect((failure as RecadoError).code).to.equal('RECADO_APP_UNKNOWN');
    });
  });
});

describeEachDatabase('RecadoPlugin.install', (database) => {
  before(async () => {
    await migrateLatest(database().db, {
      directory: PANEL_MIGRATIONS,
      tableName: 'panel_migrations',
    });
  });

  it('stops on a mapping that names a missing column before creating any table', async () => {
    const { host } = stubHost(database().db);
    const plugin = register(
      { ...host, mapping: { invoices: { columns: { paidAt: 'data_pagamento' } } } },
      { secret: TEST_SECRET },
    );

    const failure = await plugin.install().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failure as RecadoError).code).to.equal('RECADO_MAPPING_MISSING_COLUMN');
    expect((failure as RecadoError).details).to.include({ column: 'data_pagamento' });
    expect(await database().db.schema.hasTable('recado_apps')).to.equal(false);
    expect(await database().db.schema.hasTable('recado_migrations')).to.equal(false);
  });
});

describe('register', () => {
  it('stops on a malformed manifest, naming the file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recado-manifest-'));
    const file = join(dir, 'plugin.json');
    writeFileSync(file, JSON.stringify({ id: 'recado', name: 'Recado', version: 'one' }));
    const { host } = stubHost({} as Host['db']);

    expect(() => register(host, { secret: TEST_SECRET, manifestFile: file }))
      .to.throw(RecadoError)
      .that.satisfies((error: RecadoError) => error.details.file === file);
  });

  it('refuses a host object without a database', () => {
    expect(() => register({} as Host, { secret: TEST_SECRET }))
      .to.throw(RecadoError)
      .with.property('code', 'RECADO_HOST_INVALID');
  });
});
