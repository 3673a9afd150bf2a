import { join } from 'node:path';
import { expect } from 'chai';
import {
  FIELDS,
  filterSchema,
  operatorLabel,
  PRESETS,
  checkFilter,
} from '../../src/core/filters/index.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { Translator } from '../../src/lib/i18n.js';

const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));

describe('filters registry', () => {
  describe('FIELDS', () => {
    it('has the fields the issue asks for', () => {
      expect(FIELDS.map((field) => field.id)).to.include.members([
        'status',
        'plan',
        'city',
        'neighbourhood',
        'due_day',
        'created',
        'birthday',
        'has_email',
        'has_mobile',
        'opted_out',
        'open_invoices',
        'days_overdue',
        'amount_owed',
        'invoice_due_within',
        'paid_this_month',
      ]);
    });

    it('has a label for every field, option, operator and unit in every locale', () => {
      const keys = FIELDS.flatMap((field) => [
        field.label,
        ...(field.unit ? [field.unit] : []),
        ...(field.options ?? []).map((option) => option.label),
        ...field.operators.map(operatorLabel),
      ]);
      for (const locale of i18n.locales) {
        for (const key of keys) expect(i18n.has(key, locale), `${key} in ${locale}`).to.equal(true);
      }
    });

    it('keeps ids unique', () => {
      const ids = FIELDS.map((field) => field.id);

      expect(new Set(ids).size).to.equal(ids.length);
    });
  });

  describe('filterSchema', () => {
    it('refuses properties it does not name at every level', () => {
      const schema = JSON.stringify(filterSchema());

      expect(schema).to.include('"additionalProperties":false');
      expect(checkFilter({ field: 'city', op: 'eq', value: 'x', extra: true })).to.not.equal(
        undefined,
      );
    });
  });

  describe('PRESETS', () => {
    it('stores each preset as a valid tree with a label in every locale', () => {
      for (const preset of Object.values(PRESETS)) {
        expect(checkFilter(preset.tree), preset.id).to.equal(undefined);
        for (const locale of i18n.locales) expect(i18n.has(preset.label, locale)).to.equal(true);
      }
    });
  });
});
