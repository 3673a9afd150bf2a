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

/** Paths of the builder's files under an app's mount point. */
const SCRIPT_PATH = '/assets/filter-builder.js';
const STYLE_PATH = '/assets/recado.css';

let loaded: { script: StaticAsset; style: StaticAsset } | undefined;

/** The builder's script and style sheet, read on first use. */
export function builderAssets(): { script: StaticAsset; style: StaticAsset } {
  loaded ??= {
    script: new StaticAsset(join(ASSETS_DIR, 'filter-builder.js')),
    style: new StaticAsset(join(ASSETS_DIR, 'recado.css')),
  };
  return loaded;
}

/** Versioned URLs of the builder's files in the app mounted at `basePath`. */
export function builderAssetUrls(basePath: string): { script: string; style: string } {
  const { script, style } = builderAssets();
  const base = basePath.replace(/\/$/, '');
  return {
    script: `${base}${SCRIPT_PATH}?v=${script.version}`,
    style: `${base}${STYLE_PATH}?v=${style.version}`,
  };
}

/**
 * Serves the builder's script and style sheet from an app's own router, so that its pages
 * work in any host; `permission` is the app's view permission.
 */
export function filterBuilderAssets(routes: AppRoutes, permission: string): void {
  const { script, style } = builderAssets();
  routes.asset(SCRIPT_PATH, permission, script).asset(STYLE_PATH, permission, style);
}
