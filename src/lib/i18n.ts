import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A flat catalog: message key → text with `{name}` placeholders. */
export type Catalog = Readonly<Record<string, string>>;

/** The locale every key must exist in first; pages fall back to it. */
export const BASE_LOCALE = 'pt-BR';

/** Values substituted into `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * Translations loaded once from a folder of `<locale>.json` files. Lookups never throw: a
 * missing key falls back to the base locale and then to the key itself, so a page still
 * renders while the locale test points at the gap.
 */
export class Translator {
  readonly #catalogs: ReadonlyMap<string, Catalog>;

  constructor(catalogs: ReadonlyMap<string, Catalog>) {
    if (!catalogs.has(BASE_LOCALE)) throw new Error(`locale ${BASE_LOCALE} is missing`);
    this.#catalogs = catalogs;
  }

  /**
   * Loads `<dir>/<locale>/*.json`: one folder per locale, one file per area of the product,
   * merged into one flat catalog. A key defined in two files of a locale is an error.
   */
  static fromDirectory(dir: string): Translator {
    const catalogs = new Map<string, Catalog>();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) catalogs.set(entry.name, loadLocale(join(dir, entry.name)));
    }
    return new Translator(catalogs);
  }

  get locales(): string[] {
    return [...this.#catalogs.keys()];
  }

  catalog(locale: string): Catalog {
    return this.#catalogs.get(locale) ?? this.#base();
  }

  has(key: string, locale: string = BASE_LOCALE): boolean {
    return this.#catalogs.get(locale)?.[key] !== undefined;
  }

  /**
   * The text of `key` with its placeholders filled. When the message counts something
   * (a `count` or `days` parameter) and that is 1, the key's `_one` variant is used where
   * the catalog has one: `{count} avisos` has `{count} aviso` beside it.
   */
  t(locale: string, key: string, params: MessageParams = {}): string {
    const counted = params.count ?? params.days;
    const one = counted === 1 || counted === '1' ? `${key}_one` : key;
    const own = this.#catalogs.get(locale);
    const base = this.#base();
    // The locale's own text first, variant or not, then the base locale's.
    const text = own?.[one] ?? own?.[key] ?? base[one] ?? base[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      params[name] === undefined ? whole : String(params[name]),
    );
  }

  /** The best supported locale for a requested one (`es-AR` → `es`, unknown → base). */
  resolve(requested: string | undefined): string {
    if (!requested) return BASE_LOCALE;
    if (this.#catalogs.has(requested)) return requested;
    const language = requested.split('-')[0]?.toLowerCase();
    return this.locales.find((locale) => locale.split('-')[0] === language) ?? BASE_LOCALE;
  }

  #base(): Catalog {
    return this.#catalogs.get(BASE_LOCALE) ?? {};
  }
}

function loadLocale(dir: string): Catalog {
  const catalog: Record<string, string> = {};
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const part = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
    for (const [key, text] of Object.entries(part)) {
      if (key in catalog) throw new Error(`${join(dir, file)}: key "${key}" is defined twice`);
      catalog[key] = text;
    }
  }
  return catalog;
}
