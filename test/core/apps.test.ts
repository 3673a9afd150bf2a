import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadManifest } from '../../src/core/manifest.js';
import { PLUGIN_ROOT } from '../../src/index.js';

const manifest = loadManifest(join(PLUGIN_ROOT, 'plugin.json'));

describe('app folders', () => {
  for (const app of manifest.apps) {
    describe(app.id, () => {
      it('has the file contract: index.ts and routes.ts', () => {
        for (const file of ['index.ts', 'routes.ts']) {
          expect(existsSync(join(PLUGIN_ROOT, 'src', 'apps', app.id, file)), file).to.equal(true);
        }
      });

      it('exports a module whose id matches plugin.json', async () => {
        const module = (await import(`../../src/apps/${app.id}/index.js`)) as Record<
          string,
          unknown
        >;
        const apps = Object.values(module).filter(
          (value): value is { id: string; routes: unknown } =>
            typeof value === 'object' && value !== null && 'routes' in value,
        );

        expect(apps.map((each) => each.id)).to.deep.equal([app.id]);
        expect(apps[0]?.routes).to.be.a('function');
      });
    });
  }
});
