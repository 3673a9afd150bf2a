import { join } from 'node:path';
import { expect } from 'chai';
import { RecadoError } from '../../src/core/errors.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { Translator } from '../../src/lib/i18n.js';
import {
  buildRenderContext,
  sampleRenderData,
  TEMPLATE_FILTERS,
  TEMPLATE_VARIABLES,
  TemplateEngine,
  toPlainData,
  variablesByGroup,
} from '../../src/templates/index.js';
import { FULL_INPUT } from './fixtures.js';

const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));

/** Every leaf path of a nested object: `customer.name`, `unsubscribe_url`. */
function leafPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    child !== null && typeof child === 'object'
      ? leafPaths(child as object, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe('template variables', () => {
  describe('TEMPLATE_VARIABLES', () => {
    it('names the customer, invoice and provider variables and the unsubscribe link', () => {
      const names = variablesByGroup().map(({ group, variables }) => [
        group,
        variables.map((variable) => variable.name),
      ]);

      expect(names).to.deep.equal([
        [
          'customer',
          [
            'customer.name',
            'customer.first_name',
            'customer.email',
            'customer.mobile',
            'customer.plan',
            'customer.city',
            'customer.neighbourhood',
            'customer.due_day',
            'customer.birth_date',
          ],
        ],
        [
          'invoice',
          [
            'invoice.reference',
            'invoice.amount',
            'invoice.due_date',
            'invoice.days_overdue',
            'invoice.digitable_line',
            'invoice.pix_code',
            'invoice.payment_link',
            'invoice.paid_at',
            'invoice.paid_amount',
          ],
        ],
        ['provider', ['provider.name', 'provider.phone', 'provider.site', 'provider.email']],
        ['message', ['unsubscribe_url']],
      ]);
    });

    it('has a label for every variable, group and filter in every locale', () => {
      const keys = [
        ...TEMPLATE_VARIABLES.map((variable) => variable.labelKey),
        ...variablesByGroup().map((group) => group.labelKey),
        ...TEMPLATE_FILTERS.map((filter) => filter.labelKey),
      ];
      for (const locale of i18n.locales) {
        for (const key of keys) expect(i18n.has(key, locale), `${key} in ${locale}`).to.equal(true);
      }
    });

    it('gives every variable a snippet that renders its example', () => {
      const engine = new TemplateEngine();
      const sample = sampleRenderData();

      for (const variable of TEMPLATE_VARIABLES) {
        expect(engine.renderText(variable.snippet, sample, 'html'), variable.name).to.not.equal('');
      }
    });
  });

  describe('sampleRenderData', () => {
    it('holds every variable with its example value', () => {
      const sample = sampleRenderData();

      expect(leafPaths(sample)).to.have.members(TEMPLATE_VARIABLES.map((v) => v.name));
    });

    it('leaves the invoice out when asked to', () => {
      expect(sampleRenderData({ invoice: false })).to.not.have.property('invoice');
    });
  });

  describe('buildRenderContext', () => {
    it('fills exactly the registered variables', () => {
      const context = buildRenderContext(FULL_INPUT);

      expect(leafPaths(context)).to.have.members(TEMPLATE_VARIABLES.map((v) => v.name));
    });

    it('builds only strings, numbers, null and plain objects', () => {
      const context = buildRenderContext(FULL_INPUT);

      expect(toPlainData(context)).to.deep.equal(context);
    });

    it('leaves the invoice out for a message about none', () => {
      const context = buildRenderContext({ ...FULL_INPUT, invoice: null });

      expect(context).to.not.have.property('invoice');
    });

    it('shows a UTC payment time on the provider clock', () => {
      const context = buildRenderContext(FULL_INPUT);
      const inManaus = buildRenderContext({
        ...FULL_INPUT,
        provider: { ...FULL_INPUT.provider, timeZone: 'America/Manaus' },
      });

      expect(context.invoice?.paid_at).to.equal('2026-12-04 22:30');
      expect(inManaus.invoice?.paid_at).to.equal('2026-12-04 21:30');
    });

    it("counts days overdue from the provider's today, and none before the due date", () => {
      // 02:00 UTC on the 4th is still the 3rd, the due date, in São Paulo.
      const early = buildRenderContext({ ...FULL_INPUT, now: new Date('2026-12-04T02:00:00Z') });
      const later = buildRenderContext({ ...FULL_INPUT, now: new Date('2026-12-04T03:00:00Z') });
      const before = buildRenderContext({ ...FULL_INPUT, now: new Date('2026-11-20T12:00:00Z') });

      expect(early.invoice?.days_overdue).to.equal(0);
      expect(later.invoice?.days_overdue).to.equal(1);
      expect(before.invoice?.days_overdue).to.equal(0);
    });

    it('sets null for provider details not configured and for an unpaid invoice', () => {
      const context = buildRenderContext({
        ...FULL_INPUT,
        provider: { name: 'Rede Sul' },
        invoice: { ...FULL_INPUT.invoice!, paidAt: null, paidAmount: null },
        unsubscribeUrl: undefined,
      });

      expect(context.provider).to.deep.equal({
        name: 'Rede Sul',
        phone: null,
        site: null,
        email: null,
      });
      expect(context.invoice).to.include({ paid_at: null, paid_amount: null });
      expect(context.unsubscribe_url).to.equal(null);
    });

    it('refuses a payment time that is not a datetime', () => {
      const input = { ...FULL_INPUT, invoice: { ...FULL_INPUT.invoice!, paidAt: 'ontem' } };

      expect(() => buildRenderContext(input))
        .to.throw(RecadoError)
        .with.property('code', 'RECADO_TEMPLATE_DATA_INVALID');
    });
  });

  describe('toPlainData', () => {
    it('copies plain data so later changes to the original do not show', () => {
      const original = { customer: { name: 'Ana', tags: ['a', 'b'] }, n: 1, ok: true, none: null };

      const copy = toPlainData(original) as typeof original;
      original.customer.name = 'Bia';

      expect(copy).to.deep.equal({
        customer: { name: 'Ana', tags: ['a', 'b'] },
        n: 1,
        ok: true,
        none: null,
      });
    });

    it('leaves out keys whose value is undefined', () => {
      expect(toPlainData({ a: 1, b: undefined })).to.deep.equal({ a: 1 });
    });

    it('names the path of the first value that is not plain', () => {
      const data = { customer: { list: [1, () => 2] } };

      expect(() => toPlainData(data))
        .to.throw(RecadoError)
        .with.nested.property('details.path', 'data.customer.list[1]');
    });

    it('refuses non-finite numbers, symbols and bigints', () => {
      for (const value of [Number.NaN, Infinity, Symbol('x'), 10n]) {
        expect(() => toPlainData({ value }), String(value)).to.throw(RecadoError);
      }
    });

    it('refuses data nested deeper than a template needs', () => {
      expect(() => toPlainData({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } })).to.throw(
        RecadoError,
      );
    });
  });
});
