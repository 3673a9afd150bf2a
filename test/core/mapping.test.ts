import { join } from 'node:path';
import { expect } from 'chai';
import { RecadoError } from '../../src/core/errors.js';
import { loadManifest } from '../../src/core/manifest.js';
import { resolveMapping, verifyMapping } from '../../src/core/mapping.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { migrateLatest } from '../../src/lib/migrations.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';
import { describeEachDatabase } from '../support/databases.js';

const manifest = loadManifest(join(PLUGIN_ROOT, 'plugin.json'));

describe('mapping', () => {
  describe('resolveMapping', () => {
    it('maps every logical column to its snake_case default', () => {
      const mapping = resolveMapping(manifest);

      expect(mapping.customers.table).to.equal('customers');
      expect(mapping.customers.columns.birthDate).to.equal('birth_date');
      expect(mapping.invoices.columns.customerId).to.equal('customer_id');
      expect(mapping.invoices.statusValues.paid).to.equal('paid');
    });

    it('keeps a host override and the defaults of what it leaves out', () => {
      const mapping = resolveMapping(manifest, {
        customers: { table: 'clientes', columns: { name: 'nome' }, statusValues: { blocked: 'B' } },
      });

      expect(mapping.customers.table).to.equal('clientes');
      expect(mapping.customers.columns.name).to.equal('nome');
      expect(mapping.customers.columns.city).to.equal('city');
      expect(mapping.customers.statusValues).to.include({ blocked: 'B', active: 'active' });
    });

    it('refuses a column Recado does not read', () => {
      expect(() => resolveMapping(manifest, { customers: { columns: { cpf: 'cpf' } } }))
        .to.throw(RecadoError)
        .with.nested.property('details.field', '/customers/columns/cpf');
    });

    it('refuses a table name that is not an identifier', () => {
      expect(() => resolveMapping(manifest, { invoices: { table: 'faturas; drop table x' } }))
        .to.throw(RecadoError)
        .with.property('code', 'RECADO_MAPPING_INVALID');
    });
  });
});

describeEachDatabase('verifyMapping', (database) => {
  before(async () => {
    await migrateLatest(database().db, {
      directory: PANEL_MIGRATIONS,
      tableName: 'panel_migrations',
    });
  });

  it('accepts the reference panel tables', async () => {
    await verifyMapping(database().db, resolveMapping(manifest));
  });

  it('names a missing column', async () => {
    const mapping = resolveMapping(manifest, { customers: { columns: { mobile: 'celular' } } });
    const error = await verifyMapping(database().db, mapping).then(
      () => undefined,
      (failure: unknown) => failure,
    );

    expect(error).to.be.instanceOf(RecadoError);
    expect((error as RecadoError).code).to.equal('RECADO_MAPPING_MISSING_COLUMN');
    expect((error as RecadoError).details).to.include({ table: 'customers', column: 'celular' });
  });

  it('names a missing table', async () => {
    const mapping = resolveMapping(manifest, { invoices: { table: 'faturas' } });
    const error = await verifyMapping(database().db, mapping).then(
      () => undefined,
      (failure: unknown) => failure,
    );

    expect((error as RecadoError).code).to.equal('RECADO_MAPPING_MISSING_TABLE');
  });
});
