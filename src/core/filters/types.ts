import type { Knex } from 'knex';
import type { Dialect } from '../../lib/database.js';
import type { HostMapping } from '../mapping.js';
import type { FilterHints } from './host-columns.js';

/** What a condition compares: decides the operators a field may offer and its value's shape. */
export type ValueType = 'enum' | 'text' | 'integer' | 'number' | 'date' | 'birthday' | 'boolean';

/** Every operator a condition may use; each field allows a subset. */
export type OperatorId =
  | 'eq'
  | 'neq'
  | 'in'
  | 'not_in'
  | 'contains'
  | 'starts_with'
  | 'gte'
  | 'lte'
  | 'between'
  | 'before'
  | 'after'
  | 'in_last_days'
  | 'today'
  | 'this_month'
  | 'within_days'
  | 'is';

/** The value of a condition after validation; its shape follows the field's type and the operator. */
export type ConditionValue = string | number | boolean | readonly string[] | readonly number[];

/** A leaf of the tree: one field compared with one operator to one value. */
export interface FilterCondition {
  /** Id of a field of the registry, e.g. `city`. */
  readonly field: string;
  /** One of the field's operators. */
  readonly op: OperatorId;
  /** Absent for operators that take none (`today`, `this_month`). */
  readonly value?: ConditionValue;
}

/** Matches customers that every child matches; an empty list matches every customer. */
export interface FilterAll {
  readonly all: readonly FilterNode[];
}

/** Matches customers that at least one child matches; an empty list matches nobody. */
export interface FilterAny {
  readonly any: readonly FilterNode[];
}

/** Matches exactly the customers its child does not match. */
export interface FilterNot {
  readonly not: FilterNode;
}

/** A node of a filter tree. */
export type FilterNode = FilterAll | FilterAny | FilterNot | FilterCondition;

/** A validated filter: the root may be any node, though the builder always sends a group. */
export type FilterTree = FilterNode;

/** The instant a filter is evaluated at and the calendar it is read in. */
export interface FilterClock {
  /** The instant "today", "this month" and every date boundary are computed from. */
  readonly now: Date;
  /** The provider's IANA time zone. Default America/Sao_Paulo. */
  readonly timeZone?: string;
}

/** How a tree is compiled: its clock, and what is known of the host's columns. */
export interface CompileOptions extends FilterClock {
  /** From `inspectHostColumns`; lets text conditions use the host's indexes. Default none. */
  readonly hints?: FilterHints;
}

/** Everything a field needs to turn a condition into SQL. */
export interface CompileContext {
  readonly db: Knex;
  readonly dialect: Dialect;
  readonly mapping: HostMapping;
  /** The provider's calendar date at `now`, `YYYY-MM-DD`. */
  readonly today: string;
  readonly timeZone: string;
  readonly now: Date;
  readonly hints: FilterHints;
}

/** One value an enum field may take, with the locale key of its label. */
export interface EnumOption {
  readonly value: string;
  readonly label: string;
}

/** Adds the SQL of one condition, as `and`-ed clauses, to a query over the customers. */
export type ConditionCompiler = (
  where: Knex.QueryBuilder,
  condition: FilterCondition,
  context: CompileContext,
) => void;

/** The customer columns a field's conditions read. */
export interface ColumnUse {
  /** Logical customer columns the clauses read. */
  readonly reads: readonly string[];
  /**
   * A column whose index finds the matches when they are, by construction, a small share of
   * the customers (a birthday window), so that a set of their ids stays small.
   */
  readonly narrows?: string;
}

/** One entry of the field registry. */
export interface FieldDefinition {
  /** Stable id used in stored filters, e.g. `days_overdue`. */
  readonly id: string;
  /** Which table the field reads: the customer row or their invoices. */
  readonly group: 'customer' | 'invoices';
  readonly type: ValueType;
  /** Operators the builder offers for this field, in display order. */
  readonly operators: readonly OperatorId[];
  /** Locale key of the field's label. */
  readonly label: string;
  /** Values of an enum field. */
  readonly options?: readonly EnumOption[];
  /** Smallest number a numeric value may be (integers: inclusive). */
  readonly minimum?: number;
  /** Largest number a numeric value may be (inclusive). */
  readonly maximum?: number;
  /** Locale key of the unit shown after a numeric value (days, R$). */
  readonly unit?: string;
  readonly compile: ConditionCompiler;
  /**
   * The customer columns a condition reads. Absent for a field that reads only other tables
   * through the customer id (invoices, opt-outs): its clauses never need the customer row.
   */
  readonly columns?: ColumnUse;
}

/** Limits of a tree; past them validation fails. */
export const FILTER_LIMITS = {
  /** Groups nested inside each other, the root counting as level 1. */
  depth: 5,
  /** Conditions in the whole tree. */
  conditions: 50,
  /** Items of an `in` / `not_in` list. */
  listItems: 100,
  /** Characters of a text value. */
  textLength: 120,
} as const;
