import { Liquid, Tag, type TagToken, type TopLevelToken } from 'liquidjs';
import { registerFilters } from './filters.js';

/** How a body is written: HTML for e-mail (values escaped), plain text for SMS and subjects. */
export type BodyFormat = 'html' | 'text';

/** Bounds on one template, so a careless or hostile template cannot stall a worker. */
export interface TemplateLimits {
  /** Longest template source accepted, in characters. Default 200,000. */
  readonly parseLength: number;
  /**
   * Longest one render may take, in milliseconds of wall-clock time. Default 500. A busy
   * machine can stall a process past it on a trivial template, so the engine renders once
   * more before giving up.
   */
  readonly renderMs: number;
  /**
   * Allocation budget of one render, in LiquidJS's units (array elements and string
   * characters that ranges and filters create). Default 1,000,000.
   */
  readonly memory: number;
}

/** The limits a TemplateEngine and a check use unless told otherwise. */
export const DEFAULT_LIMITS: TemplateLimits = Object.freeze({
  parseLength: 200_000,
  renderMs: 500,
  memory: 1_000_000,
});

/** How a LiquidJS instance for Recado is set up. */
export interface LiquidSetup {
  /** `html` escapes every output value; `text` escapes nothing. */
  readonly format: BodyFormat;
  /** Locale of month names and number formats in filters. */
  readonly locale: string;
  /** Parse, time and allocation bounds of this instance. */
  readonly limits: TemplateLimits;
}

/**
 * Tags that read other templates from a file system or a map. Templates are single, self
 * contained texts from the database: these tags are refused when a template is parsed.
 */
export const FORBIDDEN_TAGS = ['include', 'render', 'layout'] as const;

/** A template used a tag Recado refuses (see {@link FORBIDDEN_TAGS}). */
export class TagNotAllowedError extends Error {
  readonly tag: string;

  constructor(tag: string) {
    super(`tag ${tag} is not allowed in message templates`);
    this.name = 'TagNotAllowedError';
    this.tag = tag;
  }
}

/** Stands in for a forbidden tag: parsing it fails, so no template holding it is ever kept. */
class ForbiddenTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new TagNotAllowedError(token.name);
  }

  render(): string {
    return '';
  }
}

/**
 * A LiquidJS instance that runs no code from a template and reaches nothing but the data
 * it is given:
 * - strict variables and filters, so a typo fails loudly instead of printing nothing;
 * - own properties only, so `constructor` or `__proto__` never resolve;
 * - an empty in-memory template map instead of the file system, and `include`, `render`
 *   and `layout` refused at parse time;
 * - parse length, render time and allocation limits.
 * LiquidJS adds the output escape when it parses, so HTML and text need one instance each.
 */
export function createLiquid(setup: LiquidSetup): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // `{% if invoice %}` stays usable in a template shared by messages with and without one.
    lenientIf: true,
    templates: {},
    dynamicPartials: false,
    cache: false,
    jsTruthy: false,
    outputEscape: setup.format === 'html' ? 'escape' : undefined,
    parseLimit: setup.limits.parseLength,
    renderLimit: setup.limits.renderMs,
    memoryLimit: setup.limits.memory,
    locale: setup.locale,
    timezoneOffset: 0,
  });
  for (const tag of FORBIDDEN_TAGS) liquid.registerTag(tag, ForbiddenTag);
  registerFilters(liquid, setup.locale);
  return liquid;
}
