import type { BirthdayWindow } from '../birthdays.js';
import { whereBirthday } from '../dialect.js';
import { customerColumn } from '../sql.js';
import type { ConditionCompiler, FieldDefinition, FilterCondition } from '../types.js';

function windowOf(condition: FilterCondition): BirthdayWindow {
  if (condition.op === 'today' || condition.op === 'this_month') return { kind: condition.op };
  if (condition.op === 'within_days') return { kind: 'within_days', days: Number(condition.value) };
  throw new Error(`birthday: operator ${condition.op} is not compiled`);
}

/** Birth dates whose birthday falls in the window; an index on the birth date serves them. */
const compileBirthday: ConditionCompiler = (where, condition, context) =>
  whereBirthday(
    where,
    context.dialect,
    customerColumn(context, 'birthDate'),
    windowOf(condition),
    context.today,
  );

/** The customer's birthday, read in the provider's calendar. */
export const BIRTHDAY_FIELD: FieldDefinition = {
  id: 'birthday',
  group: 'customer',
  type: 'birthday',
  operators: ['today', 'this_month', 'within_days'],
  label: 'filters.field.birthday',
  minimum: 0,
  maximum: 90,
  unit: 'filters.unit.days',
  compile: compileBirthday,
  columns: { reads: ['birthDate'], narrows: 'birthDate' },
};
