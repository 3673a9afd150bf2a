import { statusOf } from '../../mapping.js';
import { addDays, startOfDayUtc } from '../calendar.js';
import { compareText, compareValue, customerColumn } from '../sql.js';
import type { ConditionCompiler, FieldDefinition, OperatorId } from '../types.js';

/** Operators of every free-text field of the customer. */
const TEXT_OPERATORS: readonly OperatorId[] = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'starts_with',
];

/** Statuses the plugin knows; each host stores its own code for them (see the mapping). */
export const CUSTOMER_STATUSES = ['active', 'blocked', 'cancelled'] as const;

function textField(id: string, logical: string): FieldDefinition {
  return {
    id,
    group: 'customer',
    type: 'text',
    operators: TEXT_OPERATORS,
    label: `filters.field.${id}`,
    compile: (where, condition, context) =>
      compareText(where, context, logical, condition.op, condition.value),
    columns: { reads: [logical] },
  };
}

const compileStatus: ConditionCompiler = (where, condition, context) => {
  const host = (status: string) => statusOf(context.mapping.customers, status);
  const value = Array.isArray(condition.value)
    ? (condition.value as readonly string[]).map(host)
    : host(String(condition.value));
  compareValue(where, { column: customerColumn(context, 'status') }, condition.op, value);
};

/**
 * `created_at` is a UTC datetime; "created on day D" means D in the provider's zone, so each
 * bound is the UTC instant that day starts at there.
 */
const compileCreated: ConditionCompiler = (where, condition, context) => {
  const column = customerColumn(context, 'createdAt');
  const start = (date: string) => startOfDayUtc(date, context.timeZone);
  const value = condition.value;
  where.whereNotNull(column);
  if (condition.op === 'before') where.where(column, '<', start(String(value)));
  else if (condition.op === 'after') where.where(column, '>=', start(addDays(String(value), 1)));
  else if (condition.op === 'in_last_days') {
    where.where(column, '>=', start(addDays(context.today, 1 - Number(value))));
  } else if (condition.op === 'between') {
    const [from, to] = value as readonly [string, string];
    where.where(column, '>=', start(from)).where(column, '<', start(addDays(to, 1)));
  } else throw new Error(`created: operator ${condition.op} is not compiled`);
};

/** Fields read from the customer row itself. */
export const CUSTOMER_FIELDS: readonly FieldDefinition[] = [
  {
    id: 'status',
    group: 'customer',
    type: 'enum',
    operators: ['in', 'not_in', 'eq', 'neq'],
    label: 'filters.field.status',
    options: CUSTOMER_STATUSES.map((value) => ({
      value,
      label: `filters.value.status.${value}`,
    })),
    compile: compileStatus,
    columns: { reads: ['status'] },
  },
  textField('plan', 'plan'),
  textField('city', 'city'),
  textField('neighbourhood', 'neighbourhood'),
  {
    id: 'due_day',
    group: 'customer',
    type: 'integer',
    operators: ['eq', 'in', 'not_in', 'gte', 'lte', 'between'],
    label: 'filters.field.due_day',
    minimum: 1,
    maximum: 31,
    compile: (where, condition, context) =>
      compareValue(
        where,
        { column: customerColumn(context, 'dueDay') },
        condition.op,
        condition.value,
      ),
    columns: { reads: ['dueDay'] },
  },
  {
    id: 'created',
    group: 'customer',
    type: 'date',
    operators: ['in_last_days', 'before', 'after', 'between'],
    label: 'filters.field.created',
    minimum: 1,
    maximum: 3650,
    unit: 'filters.unit.days',
    compile: compileCreated,
    columns: { reads: ['createdAt'] },
  },
];
