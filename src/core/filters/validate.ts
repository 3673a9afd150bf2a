import type { ErrorObject } from 'ajv';
import { RecadoError } from '../errors.js';
import { filterValidator } from './schema.js';
import { FILTER_LIMITS, type FilterCondition, type FilterNode, type FilterTree } from './types.js';

/**
 * Why a tree was refused: a JSON pointer to the offending node or value, the locale key of
 * the reason, and the values that key's placeholders need. A route translates `reason` with
 * these details, then `errors.filter_invalid` with `{path, reason}` (see `filterErrorText`).
 */
export interface FilterProblem {
  /** JSON pointer, e.g. `/all/2/value`; the empty string is the root. */
  readonly path: string;
  /** Locale key, e.g. `filters.reason.unknown_field`. */
  readonly reason: string;
  readonly params: Readonly<Record<string, string | number>>;
}

function pointer(path: string, property: string): string {
  return `${path}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function enumReason(error: ErrorObject): FilterProblem {
  const value = String(error.data);
  const allowed = ((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ');
  const path = error.instancePath;
  if (path.endsWith('/field') || path === '/field') {
    return { path, reason: 'filters.reason.unknown_field', params: { value } };
  }
  if (path.endsWith('/op') || path === '/op') {
    return { path, reason: 'filters.reason.operator_not_allowed', params: { value, allowed } };
  }
  return { path, reason: 'filters.reason.not_an_option', params: { value, allowed } };
}

const LIMIT_REASONS: Readonly<Record<string, string>> = {
  minimum: 'filters.reason.minimum',
  maximum: 'filters.reason.maximum',
  minItems: 'filters.reason.min_items',
  maxItems: 'filters.reason.max_items',
  minLength: 'filters.reason.min_length',
  maxLength: 'filters.reason.max_length',
};

/** Turns the first meaningful ajv error into a problem an operator can read. */
export function problemOf(error: ErrorObject): FilterProblem {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const limitReason = LIMIT_REASONS[error.keyword];
  if (limitReason) return { path, reason: limitReason, params: { limit: Number(params.limit) } };
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return {
        path: pointer(path, name),
        reason: 'filters.reason.unknown_property',
        params: { name },
      };
    }
    case 'required': {
      const name = String(params.missingProperty);
      return { path: pointer(path, name), reason: 'filters.reason.required', params: { name } };
    }
    case 'enum':
      return enumReason(error);
    case 'type':
      return { path, reason: `filters.reason.type_${String(params.type)}`, params: {} };
    case 'format':
      return { path, reason: 'filters.reason.date', params: {} };
    case 'false schema':
      return { path, reason: 'filters.reason.no_value', params: {} };
    case 'not':
      return { path, reason: 'filters.reason.too_deep', params: { limit: FILTER_LIMITS.depth } };
    default:
      return { path, reason: 'filters.reason.invalid', params: {} };
  }
}

/** Calls `visit` for each condition with its JSON pointer, depth first, in document order. */
export function eachCondition(
  node: FilterNode,
  visit: (condition: FilterCondition, path: string) => void,
  path = '',
): void {
  if ('all' in node)
    node.all.forEach((child, i) => eachCondition(child, visit, `${path}/all/${i}`));
  else if ('any' in node) {
    node.any.forEach((child, i) => eachCondition(child, visit, `${path}/any/${i}`));
  } else if ('not' in node) eachCondition(node.not, visit, `${path}/not`);
  else visit(node, path);
}

/** What the schema cannot say: the number of conditions, and a range given high to low. */
function treeProblem(tree: FilterTree): FilterProblem | undefined {
  let count = 0;
  let problem: FilterProblem | undefined;
  eachCondition(tree, (condition, path) => {
    count += 1;
    if (problem) return;
    if (count > FILTER_LIMITS.conditions) {
      const params = { limit: FILTER_LIMITS.conditions };
      problem = { path, reason: 'filters.reason.too_many_conditions', params };
    } else if (condition.op === 'between') {
      const [low, high] = condition.value as readonly [number | string, number | string];
      if (low > high)
        problem = { path: `${path}/value`, reason: 'filters.reason.range_order', params: {} };
    }
  });
  return problem;
}

/** The problem with an input, or undefined when it is a valid filter tree. */
export function checkFilter(input: unknown): FilterProblem | undefined {
  const validate = filterValidator();
  if (!validate(input)) {
    const errors = validate.errors ?? [];
    const first = errors.find((e) => e.keyword !== 'if') ?? errors[0];
    return first ? problemOf(first) : { path: '', reason: 'filters.reason.invalid', params: {} };
  }
  return treeProblem(input as FilterTree);
}

/**
 * Returns the input as a filter tree, or throws `RECADO_FILTER_INVALID` (HTTP 400) with
 * details `{ path, reason, ...params }`. Nothing is sent to the database either way.
 */
export function validateFilter(input: unknown): FilterTree {
  const problem = checkFilter(input);
  if (problem) {
    throw new RecadoError('RECADO_FILTER_INVALID', {
      ...problem.params,
      path: problem.path,
      reason: problem.reason,
    });
  }
  return input as FilterTree;
}
