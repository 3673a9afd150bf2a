import { join } from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { PLUGIN_ROOT } from '../../src/index.js';
import { FolderMigrationSource } from '../../src/lib/migrations.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { migrate } from './fixtures.js';

function config(directory: string, tableName: string): Knex.MigratorConfig {
  return { migrationSource: new FolderMigrationSource(directory), tableName };
}

describeEachDatabase('filter migrations', (database) => {
  const plugin = config(join(PLUGIN_ROOT, 'migrations'), 'recado_migrations');
  const panel = config(PANEL_MIGRATIONS, 'panel_migrations');

  before(async () => {
    await migrate(database().db);
  });

  describe('down', () => {
    it('drops the opt-outs table and creates it again', async () => {
      const { db } = database();

      await db.migrate.down({ ...plugin, name: '20261203200001_create_recado_opt_outs' });
      expect(await db.schema.hasTable('recado_opt_outs')).to.equal(false);
      await db.migrate.up({ ...plugin, name: '20261203200001_create_recado_opt_outs' });
      expect(await db.schema.hasTable('recado_opt_outs')).to.equal(true);
    });

    it('drops the filter indexes and adds them again', async () => {
      const { db } = database();
      const name = '20261203000010_add_filter_indexes';

      await db.migrate.down({ ...panel, name });
      await db.migrate.up({ ...panel, name });
      await db.migrate.down({ ...panel, name });
      await db.migrate.up({ ...panel, name });
    });

    it('drops the birthday and contact index and adds it again', async () => {
      const { db } = database();
      const name = '20261203000012_add_customers_birthday_contact_index';

      await db.migrate.down({ ...panel, name });
      await db.migrate.up({ ...panel, name });
    });
  });

  describe('up', () => {
    it('refuses a second opt-out of the same customer on the same channel', async () => {
      const { db } = database();
      const row = { customer_id: 1, channel: 'sms', created_at: '2026-12-03 12:00:00' };
      await db('recado_opt_outs').insert(row);

      const failure = await db('recado_opt_outs')
        .insert(row)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).to.be.instanceOf(Error);
    });
  });
});
