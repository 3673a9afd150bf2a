import { encodeComponent, encodeFormValue, isValuePath, type Charset } from '../encoding.js';

/** Placeholders every generic template may use. */
export const GENERIC_PLACEHOLDERS = [
  'to',
  'message',
  'user',
  'password',
  'token',
  'sender',
  'id',
] as const;

/** How a value is written where a placeholder stood. */
export type Placement = 'url' | 'form' | 'json' | 'raw';

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `{name}` placeholders with values escaped for where they land: percent-encoded in
 * a URL, form-encoded in a form body, JSON-escaped (inside the template's own quotes) in a
 * JSON body, as they are in a header. One pass: a value that itself contains `{to}` is not
 * replaced again, and nothing in a template is evaluated. Unknown names are left as written.
 */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  placement: Placement,
  charset: Charset = 'utf-8',
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    if (placement === 'url') return encodeComponent(value, charset);
    if (placement === 'form') return encodeFormValue(value, charset);
    if (placement === 'json') return JSON.stringify(value).slice(1, -1);
    return value;
  });
}

/** Placeholders a template uses that are not in `known`. */
export function unknownPlaceholders(template: string, known: readonly string[]): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((match) => match[1] as string)
    .filter((name) => !known.includes(name));
}

/**
 * A config check failure: the field (a JSON pointer under the config), a stable reason code
 * (`unknown_placeholder`, `body_required`, `bad_regex`, `bad_path`, `json_equals_pair`) and
 * the placeholder's name where there is one.
 */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
  readonly name?: string;
}

/** The parts of a generic configuration that ajv cannot check alone. */
export interface TemplateChecks {
  readonly urlTemplate: string;
  readonly bodyType: 'none' | 'form' | 'json';
  readonly bodyTemplate?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly success: {
    readonly bodyRegex?: string;
    readonly jsonPath?: string;
    readonly jsonEquals?: string;
  };
  readonly providerId: { readonly regex?: string; readonly jsonPath?: string };
}

/**
 * Checks what a JSON Schema cannot: placeholders are known, a body template exists when a
 * body is sent, regular expressions compile, JSON paths have the readable shape, and a JSON
 * path of the success rule comes with the value it must equal.
 */
export function checkTemplates(
  config: TemplateChecks,
  known: readonly string[],
): FieldProblem | undefined {
  const templates: [string, string | undefined][] = [
    ['/urlTemplate', config.urlTemplate],
    ['/bodyTemplate', config.bodyTemplate],
    ...Object.entries(config.headers).map(([name, value]): [string, string] => [
      `/headers/${name}`,
      value,
    ]),
  ];
  for (const [field, template] of templates) {
    const unknown = template === undefined ? [] : unknownPlaceholders(template, known);
    if (unknown.length > 0) return { field, reason: 'unknown_placeholder', name: unknown[0] };
  }
  if (config.bodyType !== 'none' && !config.bodyTemplate) {
    return { field: '/bodyTemplate', reason: 'body_required' };
  }
  for (const [field, pattern] of [
    ['/success/bodyRegex', config.success.bodyRegex],
    ['/providerId/regex', config.providerId.regex],
  ] as const) {
    if (pattern !== undefined && !compiles(pattern)) return { field, reason: 'bad_regex' };
  }
  for (const [field, path] of [
    ['/success/jsonPath', config.success.jsonPath],
    ['/providerId/jsonPath', config.providerId.jsonPath],
  ] as const) {
    if (path !== undefined && !isValuePath(path)) return { field, reason: 'bad_path' };
  }
  if ((config.success.jsonPath === undefined) !== (config.success.jsonEquals === undefined)) {
    return { field: '/success/jsonEquals', reason: 'json_equals_pair' };
  }
  return undefined;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
