import { type Liquid, Tag, type Template } from 'liquidjs';
import { type MessageTemplate, type RenderedMessage, TemplateEngine } from './engine.js';
import {
  issueFromError,
  makeIssue,
  TemplateError,
  TemplateInvalidError,
  type TemplateField,
  type TemplateIssue,
} from './faults.js';
import { type BodyFormat, createLiquid, DEFAULT_LIMITS, type TemplateLimits } from './liquid.js';
import { smsTextInfo, type SmsTextInfo } from './sms-text.js';
import { findVariable, sampleRenderData, VARIABLE_ROOTS } from './variables.js';

/** Where a template is sent. */
export type TemplateChannel = 'email' | 'sms';

/** What a template is checked for. */
export interface CheckOptions {
  /** E-mail templates need a subject; SMS templates have none and get a length count. */
  readonly channel: TemplateChannel;
  /** Body format. Default `html` for e-mail, `text` for SMS. */
  readonly format?: BodyFormat;
  /** Whether messages of this template are about an invoice (reminders, receipts). Default true. */
  readonly invoice?: boolean;
  /** Locale of month names and number formats in the preview. Default `pt-BR`. */
  readonly locale?: string;
  /** Overrides of DEFAULT_LIMITS for the trial render; keep them as the sending engine has them. */
  readonly limits?: Partial<TemplateLimits>;
}

/** The outcome of checking a template. */
export interface TemplateCheck {
  /** True when there are no issues. */
  readonly ok: boolean;
  /** Every problem found, in field then line order. */
  readonly issues: readonly TemplateIssue[];
  /** The template rendered against the example values; absent when it has issues. */
  readonly preview?: RenderedMessage;
  /** Length and parts of the previewed SMS text; SMS only. */
  readonly sms?: SmsTextInfo;
}

/** Properties LiquidJS answers for any array or string. */
const BUILT_IN_PROPERTIES = new Set(['size', 'first', 'last']);

/** Unknown filters and refused tags stop a parse; a check goes on past this many of them. */
const MAX_RETRIES = 20;

/** Leaves the trial parse going once a refused tag has been reported. */
class SilentTag extends Tag {
  render(): string {
    return '';
  }
}

/**
 * Checks a template as it is saved: syntax errors, refused tags, unknown filters and
 * variables not in the registry, each with its line; then renders it against the example
 * values so limits and filter arguments are tried too. Issues come back as data.
 */
export function checkTemplate(template: MessageTemplate, options: CheckOptions): TemplateCheck {
  const format = options.format ?? (options.channel === 'email' ? 'html' : 'text');
  const setup = {
    locale: options.locale ?? 'pt-BR',
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
  const withInvoice = options.invoice !== false;
  const fields: [TemplateField, string | null | undefined, BodyFormat][] = [
    ['subject', template.subject, 'text'],
    ['body', template.body, format],
  ];

  const issues: TemplateIssue[] = [];
  for (const [field, source, fieldFormat] of fields) {
    if (field === 'subject' && options.channel === 'sms') continue;
    if (!source?.trim()) {
      issues.push(makeIssue(field, 'required', { line: 1, column: 1 }));
      continue;
    }
    issues.push(...checkField(source, field, createLiquid({ ...setup, format: fieldFormat })));
  }
  if (issues.length > 0) return { ok: false, issues };

  return trialRender(template, options.channel, format, setup, withInvoice);
}

/** Like {@link checkTemplate}, but throws a TemplateInvalidError listing the issues. */
export function assertTemplate(template: MessageTemplate, options: CheckOptions): TemplateCheck {
  const check = checkTemplate(template, options);
  if (!check.ok) throw new TemplateInvalidError(check.issues);
  return check;
}

/** Parses a field with a throwaway instance and reports what the parse and the analysis find. */
function checkField(source: string, field: TemplateField, liquid: Liquid): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt += 1) {
    try {
      const parsed = liquid.parse(source);
      return byPosition([...issues, ...variableIssues(parsed, field, liquid)]);
    } catch (error) {
      const issue = issueFromError(error, field, liquid);
      issues.push(issue);
      // This instance is thrown away after the check, so it may learn the unknown names.
      if (issue.code === 'unknown_filter') {
        liquid.registerFilter(String(issue.params.filter), (value: unknown) => value);
      } else if (issue.code === 'tag_not_allowed') {
        liquid.registerTag(String(issue.params.tag), SilentTag);
      } else {
        return byPosition(issues);
      }
    }
  }
  return byPosition(issues);
}

function byPosition(issues: TemplateIssue[]): TemplateIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Variables the template reads from the data that the registry does not have. */
function variableIssues(parsed: Template[], field: TemplateField, liquid: Liquid): TemplateIssue[] {
  const { globals } = liquid.analyzeSync(parsed, { partials: false });
  const issues: TemplateIssue[] = [];
  for (const variable of Object.values(globals).flat()) {
    const name = String(variable);
    const position = { line: variable.location.row, column: variable.location.col };
    if (!isKnownPath(variable.segments)) {
      issues.push(makeIssue(field, 'unknown_variable', position, { variable: name }));
    }
  }
  return issues;
}

/** A registered variable, a registered variable's `size`/`first`/`last`, or a bare root. */
function isKnownPath(segments: readonly unknown[]): boolean {
  if (!segments.every((segment) => typeof segment === 'string')) return false;
  const names = segments as string[];
  if (names.length === 1 && VARIABLE_ROOTS.has(names[0] as string)) return true;
  for (let end = names.length; end > 0; end -= 1) {
    if (findVariable(names.slice(0, end).join('.'))) {
      return names.slice(end).every((name, index) => index === 0 && BUILT_IN_PROPERTIES.has(name));
    }
  }
  return false;
}

function trialRender(
  template: MessageTemplate,
  channel: TemplateChannel,
  format: BodyFormat,
  setup: { locale: string; limits: TemplateLimits },
  withInvoice: boolean,
): TemplateCheck {
  const engine = new TemplateEngine({ ...setup, cacheSize: 2 });
  const data = sampleRenderData({ invoice: withInvoice });
  try {
    const preview = engine.render(channel === 'sms' ? { body: template.body } : template, data, {
      format,
    });
    const sms = channel === 'sms' ? smsTextInfo(preview.body) : undefined;
    return { ok: true, issues: [], preview, ...(sms ? { sms } : {}) };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { ok: false, issues: [withInvoice ? error.issue : invoiceIssue(error.issue)] };
  }
}

/**
 * Without an invoice in the data, `invoice.*` fails the trial render as a missing variable.
 * Found by rendering rather than by analysis, so `{% if invoice %}…{% endif %}` still passes.
 */
// Only the first invoice variable reached is reported, since a render stops at its first error.
function invoiceIssue(issue: TemplateIssue): TemplateIssue {
  const variable = String(issue.params.variable ?? '');
  if (issue.code !== 'missing_variable' || variable.split('.')[0] !== 'invoice') return issue;
  return makeIssue(issue.field, 'invoice_unavailable', issue, { variable });
}
