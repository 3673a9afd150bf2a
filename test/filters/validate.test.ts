import { join } from 'node:path';
import { expect } from 'chai';
import { RecadoError } from '../../src/core/errors.js';
import {
  checkFilter,
  filterErrorText,
  FILTER_LIMITS,
  PRESETS,
  validateFilter,
} from '../../src/core/filters/index.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { Translator } from '../../src/lib/i18n.js';

const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
const city = { field: 'city', op: 'in', value: ['Campinas'] };

function nest(levels: number): unknown {
  let node: unknown = city;
  for (let level = 0; level < levels; level += 1) node = { not: node };
  return node;
}

function refusal(input: unknown): RecadoError {
  try {
    validateFilter(input);
  } catch (error) {
    if (error instanceof RecadoError) return error;
    throw error;
  }
  throw new Error('the input was accepted');
}

describe('filters validation', () => {
  describe('validateFilter', () => {
    it('returns a valid tree as it is', () => {
      const tree = { all: [city, { any: [{ field: 'birthday', op: 'today' }] }] };

      expect(validateFilter(tree)).to.equal(tree);
      expect(validateFilter(PRESETS.overdue.tree)).to.equal(PRESETS.overdue.tree);
    });

    it('throws RECADO_FILTER_INVALID, a 400, with the path and the reason', () => {
      const error = refusal({ all: [city, city, { field: 'city', op: 'in', value: 'Campinas' }] });

      expect(error.code).to.equal('RECADO_FILTER_INVALID');
      expect(error.status).to.equal(400);
      expect(error.details).to.include({
        path: '/all/2/value',
        reason: 'filters.reason.type_array',
      });
    });
  });

  describe('checkFilter', () => {
    const cases: [string, unknown, string, string][] = [
      [
        'an unknown field',
        { all: [{ field: 'cpf', op: 'eq', value: 'x' }] },
        '/all/0/field',
        'unknown_field',
      ],
      [
        'an operator of another field',
        { any: [{ field: 'city', op: 'gte', value: 3 }] },
        '/any/0/op',
        'operator_not_allowed',
      ],
      [
        'a number for a text',
        { not: { field: 'plan', op: 'eq', value: 3 } },
        '/not/value',
        'type_string',
      ],
      [
        'a text for a number',
        { field: 'due_day', op: 'eq', value: '10' },
        '/value',
        'type_integer',
      ],
      [
        'a status the plugin does not know',
        { field: 'status', op: 'in', value: ['x'] },
        '/value/0',
        'not_an_option',
      ],
      [
        'a value below the minimum',
        { field: 'days_overdue', op: 'gte', value: 0 },
        '/value',
        'minimum',
      ],
      [
        'a day that does not exist',
        { field: 'created', op: 'before', value: '2026-02-30' },
        '/value',
        'date',
      ],
      [
        'a value for an operator that takes none',
        { field: 'birthday', op: 'today', value: 1 },
        '/value',
        'no_value',
      ],
      ['a missing value', { field: 'city', op: 'eq' }, '/value', 'required'],
      ['an empty text', { field: 'city', op: 'contains', value: '' }, '/value', 'min_length'],
      ['an empty list', { field: 'city', op: 'in', value: [] }, '/value', 'min_items'],
      [
        'a range given high to low',
        { field: 'due_day', op: 'between', value: [20, 10] },
        '/value',
        'range_order',
      ],
      ['an extra property in a condition', { ...city, label: 'x' }, '/label', 'unknown_property'],
      ['an extra property in a group', { all: [], any: [] }, '/any', 'unknown_property'],
      ['a list at the root', [city], '', 'type_object'],
      ['a string at the root', 'city = 1', '', 'type_object'],
      ['null inside a group', { all: [null] }, '/all/0', 'type_object'],
      [
        'a group nested too deep',
        nest(FILTER_LIMITS.depth + 1),
        '/not/not/not/not/not',
        'too_deep',
      ],
    ];
    for (const [what, input, path, reason] of cases) {
      it(`names the node of ${what}`, () => {
        expect(checkFilter(input)).to.deep.include({ path, reason: `filters.reason.${reason}` });
      });
    }

    it('accepts groups nested up to the limit', () => {
      expect(checkFilter(nest(FILTER_LIMITS.depth))).to.equal(undefined);
    });

    it('refuses more conditions than the limit, naming the first one past it', () => {
      const half = Math.ceil(FILTER_LIMITS.conditions / 2);
      const list = (length: number) => Array.from({ length }, () => city);
      const many = { all: [{ any: list(half) }, { any: list(half + 1) }] };
      const past = FILTER_LIMITS.conditions - half;

      expect(checkFilter(many)).to.deep.include({
        path: `/all/1/any/${past}`,
        reason: 'filters.reason.too_many_conditions',
      });
    });

    it('refuses a group longer than the limit', () => {
      const long = { any: Array.from({ length: FILTER_LIMITS.conditions + 1 }, () => city) };

      expect(checkFilter(long)).to.deep.include({
        path: '/any',
        reason: 'filters.reason.max_items',
      });
    });

    it('escapes a property name in the path', () => {
      expect(checkFilter({ ...city, 'a/b': 1 })?.path).to.equal('/a~1b');
    });
  });

  describe('filterErrorText', () => {
    it('translates the reason and the path for the operator', () => {
      const error = refusal({ all: [{ field: 'cpf', op: 'eq', value: 'x' }] });

      expect(filterErrorText(i18n, 'pt-BR', error)).to.equal(
        'O filtro não é válido em /all/0/field: o campo «cpf» não existe',
      );
      expect(filterErrorText(i18n, 'en', error)).to.equal(
        'The filter is not valid at /all/0/field: there is no field "cpf"',
      );
    });

    it('names the root in words', () => {
      expect(filterErrorText(i18n, 'es', refusal(42))).to.equal(
        'El filtro no es válido en la raíz del filtro: se esperaba una condición o un grupo de condiciones',
      );
    });
  });
});
