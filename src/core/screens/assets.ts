import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StaticAsset, type AppRoutes } from '../app-routes.js';

/** `views/assets`, found from this file as `PLUGIN_ROOT` is from the entry. */
const ASSETS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'views',
  'assets',
);

/** The screens' scripts, by the path they are served at under an app's mount point. */
const FILES = {
  templateEditor: { path: '/assets/template-editor.js', file: 'template-editor.js' },
  campaignProgress: { path: '/assets/campaign-progress.js', file: 'campaign-progress.js' },
} as const;

type ScriptName = keyof typeof FILES;

const loaded = new Map<ScriptName, StaticAsset>();

function asset(name: ScriptName): StaticAsset {
  let found = loaded.get(name);
  if (!found) {
    found = new StaticAsset(join(ASSETS_DIR, FILES[name].file));
    loaded.set(name, found);
  }
  return found;
}

/** Versioned URLs of the screens' scripts in the app mounted at `basePath`. */
export function screenAssetUrls(basePath: string): Record<ScriptName, string> {
  const base = basePath.replace(/\/$/, '');
  const url = (name: ScriptName) => `${base}${FILES[name].path}?v=${asset(name).version}`;
  return { templateEditor: url('templateEditor'), campaignProgress: url('campaignProgress') };
}

/** Serves one script from the app's own router, to operators holding `permission`. */
export function mountScreenAsset(routes: AppRoutes, name: ScriptName, permission: string): void {
  routes.asset(FILES[name].path, permission, asset(name));
}
