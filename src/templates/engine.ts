import type { Liquid, Template } from 'liquidjs';
import { type RenderContext, toPlainData } from './context.js';
import { issueFromError, TemplateError, type TemplateField } from './faults.js';
import { type BodyFormat, createLiquid, DEFAULT_LIMITS, type TemplateLimits } from './liquid.js';

/** A message template as operators write it. */
export interface MessageTemplate {
  /** E-mail subject; absent or null for SMS. */
  readonly subject?: string | null;
  /** E-mail body (HTML or text) or SMS text. */
  readonly body: string;
}

/** A template rendered for one message. */
export interface RenderedMessage {
  /**
   * One line: line breaks a template leaves in a subject become spaces. Null when the
   * template has no subject.
   */
  readonly subject: string | null;
  readonly body: string;
}

/** How one render treats its body. */
export interface RenderOptions {
  /**
   * `html`: the body is HTML and every value is HTML-escaped unless a template says
   * `| raw`. `text`: nothing is escaped (SMS, plain-text e-mail). Subjects are always text.
   */
  readonly format: BodyFormat;
}

/** Data a template renders against: a {@link RenderContext} or any plain object tree. */
export type RenderData = RenderContext | Readonly<Record<string, unknown>>;

/** How a TemplateEngine is set up; everything has a default. */
export interface TemplateEngineOptions {
  /** Locale of month names and number formats in filters. Default `pt-BR`. */
  readonly locale?: string;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<TemplateLimits>;
  /** Parsed templates kept per format, least recently used dropped first. Default 500. */
  readonly cacheSize?: number;
}

/**
 * Renders operators' message templates with LiquidJS, sandboxed (see {@link createLiquid}).
 * Parsed templates are kept by source text, so a campaign parses its template once however
 * many messages it renders. Every failure is a RecadoError with a `RECADO_TEMPLATE_*` code
 * and the line it happened on; nothing a template does can throw anything else.
 */
export class TemplateEngine {
  readonly #liquids: Readonly<Record<BodyFormat, Liquid>>;
  readonly #parsed = new Map<string, Template[]>();
  readonly #cacheSize: number;

  constructor(options: TemplateEngineOptions = {}) {
    const setup = {
      locale: options.locale ?? 'pt-BR',
      limits: { ...DEFAULT_LIMITS, ...options.limits },
    };
    this.#liquids = {
      html: createLiquid({ ...setup, format: 'html' }),
      text: createLiquid({ ...setup, format: 'text' }),
    };
    this.#cacheSize = options.cacheSize ?? 500;
  }

  /**
   * Renders subject (as text) and body (in `format`) of a template for one message.
   * @throws RecadoError `RECADO_TEMPLATE_INVALID` (the template does not parse),
   *   `RECADO_TEMPLATE_VARIABLE_MISSING`, `RECADO_TEMPLATE_LIMIT_EXCEEDED`,
   *   `RECADO_TEMPLATE_RENDER_FAILED`, `RECADO_TEMPLATE_DATA_INVALID` (data not plain).
   */
  render(template: MessageTemplate, data: RenderData, options: RenderOptions): RenderedMessage {
    const scope = toPlainData(data) as object;
    const subject = template.subject?.trim()
      ? oneLine(this.#renderField(template.subject, scope, 'text', 'subject'))
      : null;
    const body = this.#renderField(template.body, scope, options.format, 'body');
    return { subject, body };
  }

  /** Renders one text (a subject, a body, a snippet) against plain data. */
  renderText(source: string, data: RenderData, format: BodyFormat): string {
    return this.#renderField(source, toPlainData(data) as object, format, 'body');
  }

  /** Parsed templates held now, over both formats. */
  get cachedTemplates(): number {
    return this.#parsed.size;
  }

  #renderField(source: string, scope: object, format: BodyFormat, field: TemplateField): string {
    const liquid = this.#liquids[format];
    const parsed = this.#parse(source, format, field);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return liquid.renderSync(parsed, scope);
      } catch (error) {
        const issue = issueFromError(error, field, liquid);
        // The time limit is wall-clock: a stalled process (GC, a loaded host) trips it once.
        if (attempt === 1 && issue.params.limit === 'time') continue;
        throw new TemplateError(issue, error);
      }
    }
  }

  #parse(source: string, format: BodyFormat, field: TemplateField): Template[] {
    // The format is part of the key: the HTML instance adds escaping to what it parses.
    const key = `${format}\u0000${source}`;
    const cached = this.#parsed.get(key);
    if (cached) {
      this.#parsed.delete(key);
      this.#parsed.set(key, cached);
      return cached;
    }

    const liquid = this.#liquids[format];
    let parsed: Template[];
    try {
      parsed = liquid.parse(source);
    } catch (error) {
      throw new TemplateError(issueFromError(error, field, liquid), error);
    }

    this.#parsed.set(key, parsed);
    if (this.#parsed.size > this.#cacheSize) {
      const oldest = this.#parsed.keys().next().value;
      if (oldest !== undefined) this.#parsed.delete(oldest);
    }
    return parsed;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
