import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { ERRORS } from '../../src/core/errors.js';
import { loadManifest } from '../../src/core/manifest.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { BASE_LOCALE, Translator } from '../../src/lib/i18n.js';

const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
const base = i18n.catalog(BASE_LOCALE);

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ending);
    return name.endsWith(ending) ? [path] : [];
  });
}

/** Keys written literally in views and sources: `t('a.b')`, `t("a.b")`. */
function literalKeys(): Map<string, string> {
  const found = new Map<string, string>();
  const files = [
    ...filesUnder(join(PLUGIN_ROOT, 'views'), '.eta'),
    ...filesUnder(join(PLUGIN_ROOT, 'src'), '.ts'),
  ];
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-z][\w.-]*\w)'\s*[,)]/g)) {
      found.set(match[1] as string, relative(PLUGIN_ROOT, file));
    }
  }
  return found;
}

describe('locales', () => {
  it('ships pt-BR, en and es', () => {
    expect(i18n.locales).to.have.members(['pt-BR', 'en', 'es']);
  });

  for (const locale of ['en', 'es']) {
    it(`has every pt-BR key in ${locale}, and no key pt-BR lacks`, () => {
      const catalog = i18n.catalog(locale);
      const missing = Object.keys(base).filter((key) => catalog[key] === undefined);
      const extra = Object.keys(catalog).filter((key) => base[key] === undefined);

      expect(missing, `missing in ${locale}`).to.deep.equal([]);
      expect(extra, `only in ${locale}`).to.deep.equal([]);
    });

    it(`keeps the same placeholders in ${locale} as in pt-BR`, () => {
      const placeholders = (text: string) =>
        [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const catalog = i18n.catalog(locale);
      for (const [key, text] of Object.entries(base)) {
        expect(placeholders(catalog[key] ?? ''), key).to.deep.equal(placeholders(text));
      }
    });
  }

  it('has a message for every error code in every locale', () => {
    for (const locale of i18n.locales) {
      for (const [code, spec] of Object.entries(ERRORS)) {
        expect(i18n.has(spec.messageKey, locale), `${code} in ${locale}`).to.equal(true);
      }
    }
  });

  it('has every label plugin.json names', () => {
    const manifest = loadManifest(join(PLUGIN_ROOT, 'plugin.json'));
    const keys = manifest.apps.flatMap((app) => [
      app.name,
      app.description,
      ...app.permissions.map((permission) => permission.label),
      ...app.menu.map((entry) => entry.label),
    ]);
    for (const key of keys) expect(i18n.has(key), key).to.equal(true);
  });

  it('has every key that views and sources use literally', () => {
    for (const [key, file] of literalKeys()) {
      expect(i18n.has(key), `${key} (used in ${file})`).to.equal(true);
    }
  });
});

describe('Translator', () => {
  describe('t', () => {
    it('fills placeholders and falls back to pt-BR, then to the key', () => {
      const translator = new Translator(
        new Map<string, Record<string, string>>([
          ['pt-BR', { hello: 'Olá, {name}', only: 'só pt' }],
          ['en', { hello: 'Hello, {name}' }],
        ]),
      );

      expect(translator.t('en', 'hello', { name: 'Ana' })).to.equal('Hello, Ana');
      expect(translator.t('en', 'only')).to.equal('só pt');
      expect(translator.t('en', 'missing.key')).to.equal('missing.key');
    });

    it('takes the _one variant for a count or a number of days of 1, where there is one', () => {
      const translator = new Translator(
        new Map<string, Record<string, string>>([
          [
            'pt-BR',
            {
              sent: '{count} avisos',
              sent_one: '{count} aviso',
              late: '{days} dias',
              late_one: '{days} dia',
              total: '{count} no total',
            },
          ],
          ['en', { sent: '{count} notices' }],
        ]),
      );

      expect(
        ['0', 1, '1', 2].map((count) => translator.t('pt-BR', 'sent', { count })),
      ).to.deep.equal(['0 avisos', '1 aviso', '1 aviso', '2 avisos']);
      expect(translator.t('pt-BR', 'late', { days: 1 })).to.equal('1 dia');
      expect(translator.t('pt-BR', 'total', { count: 1 })).to.equal('1 no total');
      // A locale without the variant keeps its own text rather than mix in the base locale's.
      expect(translator.t('en', 'sent', { count: 1 })).to.equal('1 notices');
      expect(translator.t('en', 'late', { days: 1 })).to.equal('1 dia');
    });
  });

  describe('resolve', () => {
    it('maps a regional variant to its language and an unknown one to pt-BR', () => {
      expect(i18n.resolve('es-AR')).to.equal('es');
      expect(i18n.resolve('en-GB')).to.equal('en');
      expect(i18n.resolve('fr')).to.equal('pt-BR');
      expect(i18n.resolve(undefined)).to.equal('pt-BR');
    });
  });
});
