/**
 * Text encodings of old gateways. Most take UTF-8; some PHP panels still read ISO-8859-1,
 * where `é` is the single byte E9.
 */
export type Charset = 'utf-8' | 'iso-8859-1';

/** Characters left as they are in a URL component (RFC 3986 unreserved). */
const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/**
 * Percent-encodes a value for a URL query or path. `+` becomes `%2B` (PHP would read a
 * bare `+` as a space) and a space `%20`. In ISO-8859-1 a character outside Latin-1 (an
 * emoji) becomes `?`, as the gateway could not show it anyway.
 */
export function encodeComponent(value: string, charset: Charset = 'utf-8'): string {
  if (charset === 'utf-8') return encodeURIComponent(value);
  let encoded = '';
  for (const character of value) {
    if (UNRESERVED.test(character)) encoded += character;
    else encoded += percent(toLatin1(character));
  }
  return encoded;
}

/** `application/x-www-form-urlencoded`: as {@link encodeComponent}, with spaces as `+`. */
export function encodeFormValue(value: string, charset: Charset = 'utf-8'): string {
  return encodeComponent(value, charset).replace(/%20/g, '+');
}

/** `k=v&k=v` for a query string, values percent-encoded. */
export function queryString(
  params: Readonly<Record<string, string | undefined>>,
  charset: Charset = 'utf-8',
): string {
  return Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value, charset)}`)
    .join('&');
}

/** A form body, values form-encoded. */
export function formBody(
  params: Readonly<Record<string, string | undefined>>,
  charset: Charset = 'utf-8',
): string {
  return Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeFormValue(name)}=${encodeFormValue(value, charset)}`)
    .join('&');
}

/** Text as the bytes the gateway reads. */
export function encodeText(text: string, charset: Charset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  return Buffer.from([...text].map(toLatin1).join(''), 'latin1');
}

/** An answer body as text. */
export function decodeText(body: Buffer, charset: Charset = 'utf-8'): string {
  return body.toString(charset === 'utf-8' ? 'utf8' : 'latin1');
}

function toLatin1(character: string): string {
  return (character.codePointAt(0) ?? 0) <= 0xff ? character : '?';
}

function percent(character: string): string {
  const code = character.charCodeAt(0);
  return `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** A JSON body parsed, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The value at a simple path in parsed JSON: `data.0.id`, `data[0].id` or `$.data[0].id`.
 * Only property names and array indexes; nothing is evaluated.
 */
export function valueAtPath(value: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((step) => step !== '');
  let current = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Whether a path has the shape {@link valueAtPath} reads. */
export function isValuePath(path: string): boolean {
  return /^(\$\.?)?([A-Za-z0-9_-]+|\[\d+\])(\.?([A-Za-z0-9_-]+|\[\d+\]))*$/.test(path);
}
