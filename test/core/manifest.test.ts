import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { RecadoError } from '../../src/core/errors.js';
import { loadManifest, parseManifest } from '../../src/core/manifest.js';
import { PLUGIN_ROOT } from '../../src/index.js';

const FILE = join(PLUGIN_ROOT, 'plugin.json');
const original = (): Record<string, unknown> =>
  JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;

function failureOf(change: (manifest: Record<string, any>) => void): RecadoError {
  const manifest = original();
  change(manifest);
  try {
    parseManifest(JSON.stringify(manifest), 'plugin.json');
  } catch (error) {
    if (error instanceof RecadoError) return error;
    throw error;
  }
  throw new Error('the manifest was accepted');
}

describe('manifest', () => {
  describe('loadManifest', () => {
    it('reads the shipped plugin.json with the three apps and the four hooks', () => {
      const manifest = loadManifest(FILE);

      expect(manifest.apps.map((app) => app.id)).to.deep.equal(['billing', 'email', 'sms']);
      expect(manifest.hooks).to.have.members([
        'invoice.created',
        'invoice.paid',
        'customer.blocked',
        'customer.unblocked',
      ]);
      expect(Object.isFrozen(manifest.apps[0])).to.equal(true);
    });

    it('names the file when it cannot be read', () => {
      expect(() => loadManifest('/nonexistent/plugin.json'))
        .to.throw(RecadoError)
        .with.property('code', 'RECADO_MANIFEST_UNREADABLE');
    });
  });

  describe('parseManifest', () => {
    it('names the field of a wrong value', () => {
      const error = failureOf((manifest) => {
        manifest.apps[1].id = 'fax';
      });

      expect(error.code).to.equal('RECADO_MANIFEST_INVALID');
      expect(error.details).to.include({ file: 'plugin.json', field: '/apps/1/id' });
    });

    it('names a missing property', () => {
      const error = failureOf((manifest) => {
        delete manifest.version;
      });

      expect(error.details.field).to.equal('(root)');
      expect(error.details.reason).to.contain('version');
    });

    it('names an unknown property', () => {
      const error = failureOf((manifest) => {
        manifest.apps[0].colour = 'green';
      });

      expect(error.details.field).to.equal('/apps/0');
      expect(error.details.reason).to.contain('colour');
    });

    it('refuses a menu entry whose permission the app does not declare', () => {
      const error = failureOf((manifest) => {
        manifest.apps[2].menu[0].permission = 'email.view';
      });

      expect(error.details.field).to.equal('/apps/2/menu/0/permission');
    });

    it('refuses an app declared twice', () => {
      const error = failureOf((manifest) => {
        manifest.apps[2].id = 'email';
      });

      expect(error.details.field).to.equal('/apps/2/id');
    });

    it('refuses text that is not JSON', () => {
      expect(() => parseManifest('{ "id": ', 'plugin.json'))
        .to.throw(RecadoError)
        .with.nested.property('details.field', '(json)');
    });
  });
});
