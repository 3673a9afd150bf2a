import { join } from 'node:path';
import { expect } from 'chai';
import { RecadoError } from '../../src/core/errors.js';
import { FilterEngine, filterErrorText, PRESETS } from '../../src/core/filters/index.js';
import { GroupStore } from '../../src/core/groups/index.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { Translator } from '../../src/lib/i18n.js';
import { FolderMigrationSource, migrateLatest } from '../../src/lib/migrations.js';
import { describeEachDatabase } from '../support/databases.js';
import { MAPPING } from '../filters/fixtures.js';

const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
const CAMPINAS = { all: [{ field: 'city', op: 'eq', value: 'Campinas' }] };
const OVERDUE_1_30 = { field: 'days_overdue', op: 'between', value: [1, 30] };

/** The error a call fails with; fails the test when it does not. */
async function failure(call: Promise<unknown>): Promise<RecadoError> {
  try {
    await call;
  } catch (error) {
    expect(error).to.be.instanceOf(RecadoError);
    return error as RecadoError;
  }
  throw new Error('expected the call to fail');
}

describeEachDatabase('GroupStore', (database) => {
  let store: GroupStore;
  let clock: Date;
  const rows = async () => (await database().db('recado_groups').orderBy('id')) as object[];

  before(async () => {
    const { db } = database();
    await migrateLatest(db, {
      directory: join(PLUGIN_ROOT, 'migrations'),
      tableName: 'recado_migrations',
    });
    const filters = new FilterEngine({ db, mapping: MAPPING });
    store = new GroupStore({ db, filters, now: () => clock });
  });
  beforeEach(async () => {
    clock = new Date('2026-12-03T15:00:00Z');
    await database().db('recado_groups').delete();
  });

  describe('create', () => {
    it('saves the trimmed name, the filter and who created it', async () => {
      const group = await store.create({
        name: '  Campinas   em atraso ',
        filter: CAMPINAS,
        createdBy: 'Administradora',
      });

      expect(group).to.deep.include({
        name: 'Campinas em atraso',
        filter: CAMPINAS,
        createdBy: 'Administradora',
      });
      expect(group.createdAt.toISOString()).to.equal('2026-12-03T15:00:00.000Z');
      expect(await store.get(group.id)).to.deep.equal(group);
    });

    it('refuses a name already taken, whatever its case and accents, and writes nothing', async () => {
      await store.create({ name: 'Cobrança Centro', filter: CAMPINAS });

      const error = await failure(store.create({ name: 'COBRANCA  centro', filter: CAMPINAS }));
      expect(error.code).to.equal('RECADO_GROUP_NAME_TAKEN');
      expect(i18n.t('pt-BR', error.messageKey, error.details)).to.equal(
        'Já existe um grupo chamado «Cobrança Centro». Escolha outro nome.',
      );
      expect(await rows()).to.have.length(1);
    });

    it('refuses the second of two saves of one name made at the same time', async () => {
      const saves = await Promise.allSettled([
        store.create({ name: 'Aniversariantes', filter: CAMPINAS }),
        store.create({ name: 'aniversariantes', filter: CAMPINAS }),
      ]);

      const refused = saves.filter((save) => save.status === 'rejected');
      expect(refused).to.have.length(1);
      expect((refused[0] as PromiseRejectedResult).reason).to.include({
        code: 'RECADO_GROUP_NAME_TAKEN',
      });
      expect(await rows()).to.have.length(1);
    });

    it('refuses an empty name and one past 120 characters, and accepts 120 accented ones', async () => {
      for (const name of ['   ', '', 'x'.repeat(121), 42]) {
        const error = await failure(store.create({ name, filter: CAMPINAS }));
        expect(error.code, String(name)).to.equal('RECADO_GROUP_NAME_INVALID');
      }

      const longest = await store.create({ name: 'ç'.repeat(120), filter: CAMPINAS });
      expect(longest.name).to.have.length(120);
      expect(await rows()).to.have.length(1);
    });

    it('refuses an invalid filter naming the offending node, and writes nothing', async () => {
      const filter = {
        all: [
          { field: 'city', op: 'eq', value: 'Campinas' },
          { any: [{ ...OVERDUE_1_30, value: [30, 1] }] },
        ],
      };

      const error = await failure(store.create({ name: 'Atrasados', filter }));
      expect(error.code).to.equal('RECADO_FILTER_INVALID');
      expect(error.details.path).to.equal('/all/1/any/0/value');
      expect(filterErrorText(i18n, 'pt-BR', error)).to.equal(
        'O filtro não é válido em /all/1/any/0/value: o início do intervalo é maior que o fim',
      );
      expect(await rows()).to.deep.equal([]);
    });
  });

  describe('rename', () => {
    it('renames a group and keeps its filter', async () => {
      const group = await store.create({ name: 'Atrasados', filter: CAMPINAS });
      clock = new Date('2026-12-04T10:00:00Z');

      const renamed = await store.rename(group.id, ' Atrasados de Campinas ');
      expect(renamed).to.deep.include({ name: 'Atrasados de Campinas', filter: CAMPINAS });
      expect(renamed.updatedAt.toISOString()).to.equal('2026-12-04T10:00:00.000Z');
      expect(renamed.createdAt).to.deep.equal(group.createdAt);
    });

    it('lets a group take its own name in another case', async () => {
      const group = await store.create({ name: 'em dia', filter: CAMPINAS });

      expect((await store.rename(group.id, 'Em Dia')).name).to.equal('Em Dia');
    });

    it('refuses the name of another group and keeps its own', async () => {
      await store.create({ name: 'Centro', filter: CAMPINAS });
      const group = await store.create({ name: 'Taquaral', filter: CAMPINAS });

      const error = await failure(store.rename(group.id, 'centro'));
      expect(error.code).to.equal('RECADO_GROUP_NAME_TAKEN');
      expect((await store.get(group.id)).name).to.equal('Taquaral');
    });
  });

  describe('changeFilter', () => {
    it('replaces the filter and keeps the name', async () => {
      const group = await store.create({ name: 'Atrasados', filter: CAMPINAS });
      const filter = { all: [...CAMPINAS.all, { any: [OVERDUE_1_30] }] };

      const changed = await store.changeFilter(group.id, filter);
      expect(changed).to.deep.include({ name: 'Atrasados', filter });
    });

    it('refuses an invalid filter and keeps the one saved', async () => {
      const group = await store.create({ name: 'Atrasados', filter: CAMPINAS });

      const error = await failure(
        store.changeFilter(group.id, { all: [{ field: 'cidade', op: 'eq', value: 'X' }] }),
      );
      expect(error.details).to.include({ path: '/all/0/field' });
      expect((await store.get(group.id)).filter).to.deep.equal(CAMPINAS);
    });
  });

  describe('delete', () => {
    it('deletes a group, which then is not found', async () => {
      const group = await store.create({ name: 'Atrasados', filter: CAMPINAS });

      await store.delete(group.id);
      expect((await failure(store.get(group.id))).code).to.equal('RECADO_GROUP_NOT_FOUND');
      expect((await failure(store.delete(group.id))).code).to.equal('RECADO_GROUP_NOT_FOUND');
    });
  });

  describe('list', () => {
    it('lists the saved groups by name', async () => {
      for (const name of ['Sorocaba', 'aniversariantes', 'Campinas']) {
        await store.create({ name, filter: CAMPINAS });
      }

      const names = (await store.list()).map((group) => group.name);
      expect(names).to.deep.equal(['aniversariantes', 'Campinas', 'Sorocaba']);
    });
  });

  describe('presets', () => {
    it('lists "overdue" and "up to date" as read-only groups with their trees', () => {
      expect(store.presets()).to.deep.equal([
        {
          ref: 'preset:overdue',
          preset: 'overdue',
          label: 'filters.preset.overdue',
          filter: PRESETS.overdue.tree,
        },
        {
          ref: 'preset:up_to_date',
          preset: 'up_to_date',
          label: 'filters.preset.up_to_date',
          filter: PRESETS.up_to_date.tree,
        },
      ]);
    });
  });

  describe('filterOf', () => {
    it('reads the filter of a preset or of a saved group, and refuses an unknown one', async () => {
      const group = await store.create({ name: 'Campinas', filter: CAMPINAS });

      expect(await store.filterOf('preset:overdue')).to.deep.equal(PRESETS.overdue.tree);
      expect(await store.filterOf(`group:${group.id}`)).to.deep.equal(CAMPINAS);
      expect((await failure(store.filterOf('group:999'))).code).to.equal('RECADO_GROUP_NOT_FOUND');
      expect((await failure(store.filterOf('preset:x'))).code).to.equal('RECADO_GROUP_NOT_FOUND');
    });
  });

  describe('migration', () => {
    it('drops the table on down and creates it again on up', async () => {
      const { db } = database();
      const config = {
        migrationSource: new FolderMigrationSource(join(PLUGIN_ROOT, 'migrations')),
        tableName: 'recado_migrations',
        name: '20261203500001_create_recado_groups',
      };

      await db.migrate.down(config);
      expect(await db.schema.hasTable('recado_groups')).to.equal(false);
      await db.migrate.up(config);
      expect(await db.schema.hasTable('recado_groups')).to.equal(true);
    });
  });
});
