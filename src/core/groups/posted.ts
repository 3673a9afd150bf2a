import { RecadoError } from '../errors.js';
import type { FilterTree } from '../filters/index.js';
import type { FilterValidator } from './types.js';

/**
 * The filter a form posted in `field` (the builder's hidden input holds it as JSON), parsed
 * but not validated. Missing or broken JSON throws `RECADO_FILTER_INVALID` at the root.
 */
export function postedFilterInput(body: unknown, field = 'filter'): unknown {
  const text = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof text !== 'string' || text.trim() === '') {
    throw new RecadoError('RECADO_FILTER_INVALID', {
      path: '',
      reason: 'filters.reason.required',
      name: field,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new RecadoError(
      'RECADO_FILTER_INVALID',
      { path: '', reason: 'groups.filter.not_json' },
      { cause },
    );
  }
}

/**
 * The filter a form posted, validated by the engine: what a campaign form or a Cobrança rule
 * saves. Throws `RECADO_FILTER_INVALID` (400) naming the offending node.
 */
export function readPostedFilter(
  body: unknown,
  filters: FilterValidator,
  field = 'filter',
): FilterTree {
  return filters.validate(postedFilterInput(body, field));
}
