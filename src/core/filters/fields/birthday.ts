import { birthdayMonthDays, birthdayRanges, type BirthdayWindow } from '../birthdays.js';
import { monthDaySql } from '../dialect.js';
import { customerColumn } from '../sql.js';
import type { ConditionCompiler, FieldDefinition, FilterCondition } from '../types.js';

function windowOf(condition: FilterCondition): BirthdayWindow {
  if (condition.op === 'today' || condition.op === 'this_month') return { kind: condition.op };
  if (condition.op === 'within_days') return { kind: 'within_days', days: Number(condition.value) };
  throw new Error(`birthday: operator ${condition.op} is not compiled`);
}

/**
 * Birth dates in any of about 120 short ranges, one per birth year (see `birthdayRanges`),
 * which an index on the birth date serves. The month-day test before them says the same in
 * one cheap expression: when the database scans the table instead, it rejects most rows
 * without walking the ranges.
 */
const compileBirthday: ConditionCompiler = (where, condition, context) => {
  const column = customerColumn(context, 'birthDate');
  const window = windowOf(condition);
  const monthDays = birthdayMonthDays(window, context.today);
  const ranges = birthdayRanges(window, context.today);
  const days = ranges.filter(([from, to]) => from === to).map(([day]) => day);
  const marks = monthDays.map(() => '?').join(', ');
  where.whereNotNull(column);
  where.whereRaw(`${monthDaySql(context.dialect)} in (${marks})`, [column, ...monthDays]);
  where.where((any) => {
    if (days.length > 0) any.orWhereIn(column, days);
    for (const [from, to] of ranges) if (from !== to) any.orWhereBetween(column, [from, to]);
  });
};

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
};
