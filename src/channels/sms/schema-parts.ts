/**
 * JSON Schema pieces the gateway types share. Each type's schema is closed
 * (`additionalProperties: false`) and carries its defaults; ajv fills them in.
 */

/** An `http:` or `https:` base URL; plain http and raw IPs are allowed for LAN gateways. */
export const BASE_URL = {
  type: 'string',
  maxLength: 300,
  pattern: '^https?://[^\\s/?#@]+(/[^\\s?#]*)?$',
} as const;

/** A path on the gateway's host, starting with `/`. */
export const PATH = { type: 'string', maxLength: 300, pattern: '^/[^\\s#]*$' } as const;

/** Answer timeout, in ms: 1 s to 60 s. */
export const TIMEOUT = { type: 'integer', minimum: 1000, maximum: 60000, default: 10000 } as const;

/** A login or account name as the gateway knows it. */
export const LOGIN = { type: 'string', minLength: 1, maxLength: 120 } as const;

/** Encodings the old PHP gateways read. */
export const CHARSET = { enum: ['utf-8', 'iso-8859-1'], default: 'utf-8' } as const;

/** Substrings or prefixes to look for in an answer; at most eight, none empty. */
export const MARKERS = {
  type: 'array',
  maxItems: 8,
  items: { type: 'string', minLength: 1, maxLength: 120 },
} as const;
