import { AssertionError, type Liquid, LiquidError, TagToken } from 'liquidjs';
import { type ErrorCode, RecadoError } from '../core/errors.js';
import type { MessageParams } from '../lib/i18n.js';
import { FilterInputError } from './filters.js';
import { TagNotAllowedError } from './liquid.js';

/** The part of a message template a problem is in. */
export type TemplateField = 'subject' | 'body';

/**
 * What is wrong with a template. Found by reading it: `required` to `unknown_variable`.
 * Found by rendering it, when sending or in the trial render on save: the rest.
 */
export const TEMPLATE_ISSUE_CODES = [
  'required',
  'syntax',
  'unknown_tag',
  'tag_not_allowed',
  'unknown_filter',
  'unknown_variable',
  'invoice_unavailable',
  'missing_variable',
  'filter_input',
  'limit_exceeded',
  'render_failed',
] as const;
/** One of {@link TEMPLATE_ISSUE_CODES}. */
export type TemplateIssueCode = (typeof TEMPLATE_ISSUE_CODES)[number];

/** One problem of a template, as data a route translates with `messageKey` and `params`. */
export interface TemplateIssue {
  readonly field: TemplateField;
  readonly code: TemplateIssueCode;
  /** `templates.issue.<code>`; its placeholders are filled from `params`. */
  readonly messageKey: string;
  /** 1-based line within the field. */
  readonly line: number;
  /** 1-based column within the line. */
  readonly column: number;
  /** `line` and `column`, plus what the code names: `variable`, `filter`, `tag`, `reason`… */
  readonly params: MessageParams;
}

/** Issues a field may have, and the catalog error each becomes when thrown. */
const ERROR_OF: Record<TemplateIssueCode, ErrorCode> = {
  required: 'RECADO_TEMPLATE_INVALID',
  syntax: 'RECADO_TEMPLATE_INVALID',
  unknown_tag: 'RECADO_TEMPLATE_INVALID',
  tag_not_allowed: 'RECADO_TEMPLATE_INVALID',
  unknown_filter: 'RECADO_TEMPLATE_INVALID',
  unknown_variable: 'RECADO_TEMPLATE_INVALID',
  invoice_unavailable: 'RECADO_TEMPLATE_INVALID',
  missing_variable: 'RECADO_TEMPLATE_VARIABLE_MISSING',
  filter_input: 'RECADO_TEMPLATE_RENDER_FAILED',
  limit_exceeded: 'RECADO_TEMPLATE_LIMIT_EXCEEDED',
  render_failed: 'RECADO_TEMPLATE_RENDER_FAILED',
};

/** An issue of a field at a position, with its message key and its params filled. */
export function makeIssue(
  field: TemplateField,
  code: TemplateIssueCode,
  position: { line: number; column: number },
  extra: MessageParams = {},
): TemplateIssue {
  const { line, column } = position;
  return {
    field,
    code,
    messageKey: `templates.issue.${code}`,
    line,
    column,
    params: { ...extra, line, column },
  };
}

/** The template a save was refused for, with every issue found. */
export class TemplateInvalidError extends RecadoError {
  readonly issues: readonly TemplateIssue[];

  constructor(issues: readonly TemplateIssue[]) {
    const first = issues[0];
    super('RECADO_TEMPLATE_INVALID', {
      count: issues.length,
      field: first?.field ?? 'body',
      line: first?.line ?? 1,
      issue: first?.code ?? 'syntax',
    });
    this.name = 'TemplateInvalidError';
    this.issues = issues;
  }
}

/** A template failed to parse or render; `issue` says where and why, as the editor shows it. */
export class TemplateError extends RecadoError {
  readonly issue: TemplateIssue;

  constructor(issue: TemplateIssue, cause: unknown) {
    const details = { ...issue.params, field: issue.field, issue: issue.code };
    super(ERROR_OF[issue.code], details, { cause });
    this.name = 'TemplateError';
    this.issue = issue;
  }
}

/** Reads a LiquidJS (or filter) error into an issue: its kind, its line and what it names. */
export function issueFromError(
  error: unknown,
  field: TemplateField,
  liquid: Liquid,
): TemplateIssue {
  const position = positionOf(error);
  const cause = rootCause(error);
  const issue = (code: TemplateIssueCode, extra: MessageParams = {}) =>
    makeIssue(field, code, position, extra);

  if (cause instanceof TagNotAllowedError) return issue('tag_not_allowed', { tag: cause.tag });
  if (cause instanceof FilterInputError) {
    return issue('filter_input', { filter: cause.filter, value: cause.value });
  }
  const variable = cause instanceof Error ? Reflect.get(cause, 'variableName') : undefined;
  if (typeof variable === 'string') return issue('missing_variable', { variable });
  const limit = limitOf(cause);
  if (limit) return issue('limit_exceeded', { limit });

  const token = error instanceof LiquidError ? error.token : undefined;
  if (token instanceof TagToken && liquid.tags[token.name] === undefined) {
    return issue('unknown_tag', { tag: token.name });
  }
  const filter = unknownFilterOf(cause);
  if (filter) return issue('unknown_filter', { filter });
  const reason = reasonOf(cause);
  return error instanceof LiquidError && error.name !== 'RenderError'
    ? issue('syntax', { reason })
    : issue('render_failed', { reason });
}

/** LiquidJS wraps what a tag or filter threw; the wrapped error says what happened. */
function rootCause(error: unknown): unknown {
  return error instanceof LiquidError ? (error.originalError ?? error) : error;
}

function positionOf(error: unknown): { line: number; column: number } {
  if (!(error instanceof LiquidError) || !error.token) return { line: 1, column: 1 };
  const [line = 1, column = 1] = error.token.getPosition();
  return { line, column };
}

/**
 * LiquidJS raises its limits as plain assertions; only the text tells which one. The test
 * of each limit pins these texts, so a LiquidJS upgrade that changes them is caught.
 */
function limitOf(cause: unknown): 'time' | 'memory' | 'length' | undefined {
  if (!(cause instanceof AssertionError)) return undefined;
  if (cause.message === 'template render limit exceeded') return 'time';
  if (cause.message === 'memory alloc limit exceeded') return 'memory';
  if (cause.message === 'parse length limit exceeded') return 'length';
  return undefined;
}

/** LiquidJS names an unknown filter only in its assertion text (`undefined filter: foo`). */
function unknownFilterOf(cause: unknown): string | undefined {
  if (!(cause instanceof AssertionError)) return undefined;
  return /^undefined filter: (\S+)$/.exec(cause.message)?.[1];
}

// TODO: syntax reasons are LiquidJS's English text in every locale — when the common ones
// (a tag or output left open, an unexpected token) get issue codes of their own.
function reasonOf(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  // LiquidJS appends the position, which the issue already carries.
  return message.replace(/, line:\d+, col:\d+$/, '').slice(0, 200);
}
