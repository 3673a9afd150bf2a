import fc from 'fast-check';
import { FIELDS, type FieldDefinition, type OperatorId } from '../../src/core/filters/index.js';

/**
 * fast-check arbitraries of filter trees, generated from the registry: every field, every
 * operator of it, and a value of the shape its schema asks for.
 */

/** Texts near the fixtures' values, in other cases, and with LIKE's special characters. */
const TEXTS = [
  'Campinas',
  'CAMPINAS',
  'são paulo',
  'SÃO PAULO',
  'cambuí',
  '100 Mega',
  '1 giga',
  '50%_',
  "Sant'Ana",
  'águas',
  'Porto',
  'mega',
  'a',
];

const text = fc.oneof(fc.constantFrom(...TEXTS), fc.string({ minLength: 1, maxLength: 8 }));

const isoDay = fc
  .date({
    min: new Date('2015-01-01T00:00:00Z'),
    max: new Date('2027-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10));

function scalar(field: FieldDefinition, op: OperatorId): fc.Arbitrary<unknown> {
  const min = field.minimum ?? 0;
  const max = Math.min(field.maximum ?? 1000, 400);
  if (field.type === 'text') return text;
  if (field.type === 'enum') return fc.constantFrom(...(field.options ?? []).map((o) => o.value));
  if (field.type === 'boolean') return fc.boolean();
  if (field.type === 'date' && op !== 'in_last_days') return isoDay;
  if (field.type === 'number')
    return fc.integer({ min: 0, max: 50_000 }).map((cents) => cents / 100);
  return fc.integer({ min, max });
}

function pair(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  return fc.tuple(item, item).map(([a, b]) => ((a as number) <= (b as number) ? [a, b] : [b, a]));
}

/** A value valid for one operator of one field; undefined for operators that take none. */
export function valueFor(field: FieldDefinition, op: OperatorId): fc.Arbitrary<unknown> {
  if (op === 'today' || op === 'this_month') return fc.constant(undefined);
  const item = scalar(field, op);
  if (op === 'between') return pair(item);
  if (op === 'in' || op === 'not_in') return fc.array(item, { minLength: 1, maxLength: 3 });
  return item;
}

/** A valid condition over one of the fields, with any of its operators. */
export function conditionOver(
  fields: readonly FieldDefinition[],
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .constantFrom(...fields)
    .chain((field) =>
      fc
        .constantFrom(...field.operators)
        .chain((op) =>
          valueFor(field, op).map((value) =>
            value === undefined ? { field: field.id, op } : { field: field.id, op, value },
          ),
        ),
    );
}

/** A valid condition over any field of the registry. */
export const condition: fc.Arbitrary<Record<string, unknown>> = conditionOver(FIELDS);

/** A valid tree: groups nested at most three deep, at most three children each. */
export const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'filter' },
    tie('condition'),
    tie('all'),
    tie('any'),
    tie('not'),
  ),
  condition,
  all: fc.array(tie('node'), { maxLength: 3, depthIdentifier: 'filter' }).map((all) => ({ all })),
  any: fc.array(tie('node'), { maxLength: 3, depthIdentifier: 'filter' }).map((any) => ({ any })),
  not: tie('node').map((not) => ({ not })),
})).node;

const ALL_OPERATORS: readonly OperatorId[] = [
  ...new Set(FIELDS.flatMap((field) => field.operators)),
];

/** An invalid input and the JSON pointer its error must name. */
export const invalidInput: fc.Arbitrary<{ input: unknown; path: string }> = fc.oneof(
  fc
    .string({ minLength: 1, maxLength: 10 })
    .filter((id) => !FIELDS.some((field) => field.id === id))
    .chain((id) =>
      condition.map((valid) => ({ all: [valid, { field: id, op: 'eq', value: 'x' }] })),
    )
    .map((input) => ({ input, path: '/all/1/field' })),
  fc.constantFrom(...FIELDS).chain((field) =>
    fc.constantFrom(...ALL_OPERATORS.filter((op) => !field.operators.includes(op))).map((op) => ({
      input: { any: [{ field: field.id, op, value: 1 }] },
      path: '/any/0/op',
    })),
  ),
  fc
    .tuple(condition, fc.constantFrom<unknown>({ nested: 1 }, null))
    .map(([valid, value]) => ({ input: { not: { ...valid, value } }, path: '/not/value' })),
  condition.map((valid) => {
    let input: unknown = valid;
    for (let level = 0; level < 6; level += 1) input = { not: input };
    return { input, path: '/not/not/not/not/not' };
  }),
  fc
    .tuple(condition, fc.string({ minLength: 1, maxLength: 6 }))
    .filter(([, key]) => !['field', 'op', 'value'].includes(key))
    .map(([valid, key]) => ({
      input: { all: [{ ...valid, [key]: 1 }] },
      path: `/all/0/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    })),
  fc
    .oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.integer()), fc.boolean())
    .map((input) => ({ input, path: '' })),
);

/** Texts that break naive SQL: quotes, backslashes, LIKE wildcards, Unicode, fragments. */
export const hostileText: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(
      "' or 1=1 --",
      "O'Brien",
      'x\\y',
      '\\',
      '\\%',
      '100%',
      'a_b',
      '%',
      '_',
      '!%',
      '"; drop table customers; --',
      'São Paulo ☃ 😀',
      '😀',
      'abc ',
      '  ',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }),
  )
  .filter((text) => !text.includes('\u0000'));
