/** The longest search term a list page takes; the rest is cut off. */
export const MAX_SEARCH_LENGTH = 100;

/** A positive integer id from a route parameter, or undefined for anything else. */
export function parseId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : undefined;
}

/** One text value of a query string; a repeated or missing parameter gives ''. */
export function queryText(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, MAX_SEARCH_LENGTH) : '';
}

/** The value when it is one of the allowed choices, else undefined. */
export function oneOf<T extends string>(value: unknown, choices: readonly T[]): T | undefined {
  return choices.find((choice) => choice === value);
}

/** A local path to return to after a form, never another site; else the fallback. */
export function localPath(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}
