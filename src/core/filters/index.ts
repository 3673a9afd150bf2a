/**
 * The filter engine: a filter is a JSON tree of `all` / `any` / `not` groups over
 * field–operator–value conditions, validated by a schema built from the field registry and
 * compiled to one SQL query over the host's customers with bound values only.
 */
export { birthdayMonthDays, birthdayRanges, BIRTH_YEARS } from './birthdays.js';
export { compileFilter } from './compile.js';
export { FilterEngine, type FilterEngineDeps } from './engine.js';
export type { FilterMatch, MatchReasons } from './explain.js';
export { OPT_OUT_CHANNELS, OPT_OUTS_TABLE } from './fields/contact.js';
export { PRESETS, type FilterPreset } from './presets.js';
export { fieldById, FIELDS, operatorLabel } from './registry.js';
export {
  countMatches,
  countQuery,
  pageQuery,
  pageMatches,
  PAGE_LIMITS,
  type FilterPage,
  type PageOptions,
} from './run.js';
export { filterSchema } from './schema.js';
export { CUSTOMER_ALIAS } from './sql.js';
export { filterErrorText } from './messages.js';
export { inspectHostColumns, NO_HINTS, type FilterHints } from './host-columns.js';
export {
  FILTER_LIMITS,
  type ColumnUse,
  type FieldDefinition,
  type CompileOptions,
  type FilterClock,
  type FilterCondition,
  type FilterNode,
  type FilterTree,
  type OperatorId,
  type ValueType,
} from './types.js';
export { checkFilter, validateFilter, type FilterProblem } from './validate.js';
