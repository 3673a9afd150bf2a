import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'chai';
import { PLUGIN_ROOT } from '../../src/index.js';

const SRC = join(PLUGIN_ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file, as a path relative to `src`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((specifier) => relative(SRC, resolve(dirname(file), specifier)));
}

/**
 * The area of a path under `src`: `apps/sms`, `core`, `channels`, `lib`, `panel`, `index.ts`.
 * `apps/registry.ts`, the list of app folders, is an entry like `src/index.ts`.
 */
function areaOf(path: string): string {
  const [top, second] = path.split('/');
  if (top === 'apps' && second === 'registry.ts') return 'entry';
  return top === 'apps' ? `apps/${second}` : (top ?? '');
}

/** What each area may not import. */
function forbidden(from: string, to: string): string | undefined {
  if (from.startsWith('apps/') && to.startsWith('apps/') && from !== to)
    return 'apps never import each other';
  if (from === 'core' && (to.startsWith('apps/') || to === 'panel'))
    return 'the core never imports an app or a host';
  if (from === 'channels' && (to.startsWith('apps/') || to === 'scheduler' || to === 'panel')) {
    return 'channels never import apps or the scheduler';
  }
  if (from === 'lib' && to !== 'lib') return 'lib is generic and imports nothing of Recado';
  if (from === 'panel' && (to === 'core' || to.startsWith('apps/') || to === 'channels')) {
    return 'the reference panel uses only the plugin entry (src/index.ts) and lib';
  }
  if (from !== 'panel' && to === 'panel') return 'the plugin never imports host code';
  return undefined;
}

describe('layering', () => {
  it('keeps every import inside the allowed direction', () => {
    const violations: string[] = [];
    for (const file of sources(SRC)) {
      const from = areaOf(relative(SRC, file));
      for (const target of importsOf(file)) {
        const to = areaOf(target);
        if (to === from) continue;
        const rule = forbidden(from, to);
        if (rule) violations.push(`${relative(PLUGIN_ROOT, file)} → src/${target}: ${rule}`);
      }
    }
    expect(violations).to.deep.equal([]);
  });

  it('catches an app importing another app', () => {
    expect(forbidden('apps/sms', 'apps/email')).to.be.a('string');
    expect(forbidden('core', 'apps/billing')).to.be.a('string');
    expect(forbidden('channels', 'scheduler')).to.be.a('string');
    expect(forbidden('apps/sms', 'core')).to.equal(undefined);
  });
});
