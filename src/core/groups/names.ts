import { RecadoError } from '../errors.js';

/** Longest name a group may have, in characters (code points). */
export const GROUP_NAME_MAX = 120;

/** Characters of the folded name kept in `name_key`. */
const GROUP_NAME_KEY_MAX = 255;

/**
 * The name as stored: trimmed, each run of spaces made one. Throws
 * `RECADO_GROUP_NAME_INVALID` for an empty name or one past `GROUP_NAME_MAX`.
 */
export function cleanGroupName(input: unknown): string {
  const name = typeof input === 'string' ? input.normalize('NFC').trim().replace(/\s+/g, ' ') : '';
  const length = [...name].length;
  if (length < 1 || length > GROUP_NAME_MAX) {
    throw new RecadoError('RECADO_GROUP_NAME_INVALID', { max: GROUP_NAME_MAX, length });
  }
  return name;
}

/**
 * What two names must not share: the name without case or accents, so that "Inadimplentes
 * Centro" and "inadimplentes centro" are one group on SQLite as on MySQL.
 */
export function groupNameKey(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ');
  // A few compatibility characters expand to many letters; the column holds 255.
  return [...folded].slice(0, GROUP_NAME_KEY_MAX).join('');
}

/** Whether a driver error is a unique-index violation (better-sqlite3 or mysql2). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'ER_DUP_ENTRY';
}
