import { join } from 'node:path';
import { expect } from 'chai';
import { RecadoError } from '../../src/core/errors.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { Translator } from '../../src/lib/i18n.js';
import {
  assertTemplate,
  type CheckOptions,
  checkTemplate,
  TEMPLATE_ISSUE_CODES,
  TemplateInvalidError,
} from '../../src/templates/index.js';

const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
const EMAIL: CheckOptions = { channel: 'email' };
const SMS: CheckOptions = { channel: 'sms' };

/** The issues of an SMS body, as `[code, line, column, named thing]`. */
function smsIssues(body: string, options: Partial<CheckOptions> = {}) {
  return checkTemplate({ body }, { ...SMS, ...options }).issues.map((issue) => [
    issue.code,
    issue.line,
    issue.column,
    issue.params.variable ?? issue.params.filter ?? issue.params.tag ?? issue.params.limit ?? '',
  ]);
}

describe('template check', () => {
  describe('checkTemplate', () => {
    it('accepts a valid e-mail template and previews it with the example values', () => {
      const check = checkTemplate(
        {
          subject: 'Sua fatura {{ invoice.reference }}',
          body: '<p>Olá, {{ customer.first_name }}. Valor: {{ invoice.amount | money }}.</p>',
        },
        EMAIL,
      );

      expect(check.ok).to.equal(true);
      expect(check.issues).to.deep.equal([]);
      expect(check.preview).to.deep.equal({
        subject: 'Sua fatura 2026/000123',
        body: '<p>Olá, Maria. Valor: R$ 129,90.</p>',
      });
    });

    it('names an unknown variable with its line and column', () => {
      expect(smsIssues('Olá,\n  {{ customer.nome }}!')).to.deep.equal([
        ['unknown_variable', 2, 6, 'customer.nome'],
      ]);
    });

    it('names every unknown variable, including a bare name and a made-up property', () => {
      const issues = smsIssues('{{ nome }}\n{{ invoice.amount.cents }} {{ provider }}');

      expect(issues).to.deep.equal([
        ['unknown_variable', 1, 4, 'nome'],
        ['unknown_variable', 2, 4, 'invoice.amount.cents'],
      ]);
    });

    it('names an unknown filter with its line', () => {
      expect(
        smsIssues('Oi\n\n{{ customer.name | upcase }} {{ invoice.amount | reais }}'),
      ).to.deep.equal([['unknown_filter', 3, 30, 'reais']]);
    });

    it('names every unknown filter and refused tag, then the unknown variables', () => {
      const issues = smsIssues(
        "{{ customer.name | nome }}\n{% include 'rodape' %}\n{{ x | reais }}\n{{ cliente.nome }}",
      );

      expect(issues).to.deep.equal([
        ['unknown_filter', 1, 1, 'nome'],
        ['tag_not_allowed', 2, 1, 'include'],
        ['unknown_filter', 3, 1, 'reais'],
        ['unknown_variable', 3, 4, 'x'],
        ['unknown_variable', 4, 4, 'cliente.nome'],
      ]);
    });

    it('reports a syntax error with its line and a reason', () => {
      const check = checkTemplate({ body: 'Oi\n{% if customer.name %}\nsem fim' }, SMS);

      expect(check.ok).to.equal(false);
      expect(check.issues).to.have.lengthOf(1);
      expect(check.issues[0]).to.deep.include({ code: 'syntax', line: 2, column: 1 });
      expect(check.issues[0]?.params.reason)
        .to.be.a('string')
        .and.not.match(/line:\d/);
    });

    it('reports an output left open with its line', () => {
      expect(smsIssues('a\nb\n{{ customer.name ')).to.deep.equal([['syntax', 3, 1, '']]);
    });

    it('names an unknown tag', () => {
      expect(smsIssues('{% if customer.city %}x{% endfi %}')).to.deep.equal([
        ['unknown_tag', 1, 24, 'endfi'],
      ]);
    });

    it('refuses include, render and layout when a template is saved', () => {
      const issues = smsIssues("{% include 'a' %}\n{% render 'b' %}\n{% layout 'c' %}");

      expect(issues).to.deep.equal([
        ['tag_not_allowed', 1, 1, 'include'],
        ['tag_not_allowed', 2, 1, 'render'],
        ['tag_not_allowed', 3, 1, 'layout'],
      ]);
    });

    it('refuses constructor and __proto__ as unknown variables', () => {
      expect(smsIssues('{{ customer.constructor }}{{ customer.__proto__ }}')).to.deep.equal([
        ['unknown_variable', 1, 4, 'customer.constructor'],
        ['unknown_variable', 1, 30, 'customer.__proto__'],
      ]);
    });

    it('accepts locals, loop variables, size and a test of a whole group', () => {
      const body = [
        '{% assign nome = customer.first_name | upcase %}{{ nome }}',
        '{% capture total %}{{ invoice.amount | money }}{% endcapture %}{{ total }}',
        '{% for p in (1..3) %}{{ forloop.index }}{{ p }}{% endfor %}{{ customer.name.size }}',
        '{% if invoice %}{{ invoice.pix_code }}{% endif %}',
      ].join('\n');

      expect(smsIssues(body)).to.deep.equal([]);
    });

    it('reports an invoice variable in a template for messages without an invoice', () => {
      const issues = smsIssues('Oi {{ customer.first_name }}\n{{ invoice.amount | money }}', {
        invoice: false,
      });

      expect(issues).to.deep.equal([['invoice_unavailable', 2, 4, 'invoice']]);
    });

    it('accepts invoice variables behind {% if invoice %} without an invoice', () => {
      const body = '{% if invoice %}Valor: {{ invoice.amount | money }}{% endif %}Oi';

      expect(smsIssues(body, { invoice: false })).to.deep.equal([]);
    });

    it('reports a loop that hits a render limit, without hanging', () => {
      const issues = smsIssues('ok\n{% for i in (1..100000000) %}{{ i }}{% endfor %}');

      expect(issues).to.deep.equal([['limit_exceeded', 2, 1, 'memory']]);
    });

    it('reports a filter argument the trial render refuses', () => {
      expect(smsIssues("{{ invoice.due_date | date: 'semanal' }}")).to.deep.equal([
        ['filter_input', 1, 1, 'date'],
      ]);
    });

    it('requires a subject and a body for e-mail, and only a body for SMS', () => {
      const email = checkTemplate({ subject: ' ', body: '' }, EMAIL);
      const sms = checkTemplate({ body: 'Oi' }, SMS);

      expect(email.issues.map((issue) => [issue.field, issue.code])).to.deep.equal([
        ['subject', 'required'],
        ['body', 'required'],
      ]);
      expect(sms.ok).to.equal(true);
    });

    it('tells the field of each issue', () => {
      const check = checkTemplate({ subject: '{{ assunto }}', body: '{{ corpo }}' }, EMAIL);

      expect(check.issues.map((issue) => [issue.field, issue.params.variable])).to.deep.equal([
        ['subject', 'assunto'],
        ['body', 'corpo'],
      ]);
    });

    it('returns the length and parts of an SMS preview', () => {
      const check = checkTemplate(
        { body: 'Oi {{ customer.first_name }}, pague {{ invoice.amount | money }}' },
        SMS,
      );

      expect(check.preview?.body).to.equal('Oi Maria, pague R$ 129,90');
      expect(check.sms).to.include({ encoding: 'GSM-7', characters: 25, segments: 1 });
    });

    it('escapes the preview of an HTML body and not of a text one', () => {
      const body = '{{ "<b>" | append: customer.first_name }}';

      expect(checkTemplate({ subject: 'x', body }, EMAIL).preview?.body).to.equal('&lt;b&gt;Maria');
      expect(checkTemplate({ body }, SMS).preview?.body).to.equal('<b>Maria');
    });

    it('gives every issue a message in every locale with all its placeholders filled', () => {
      const issues = [
        ...checkTemplate({ subject: '', body: '{{ x | nope }}{% include "a" %}{% nada %}' }, EMAIL)
          .issues,
        ...checkTemplate({ body: '{% if %}' }, SMS).issues,
        ...checkTemplate({ body: '{{ invoice.due_date | date: "x" }}' }, SMS).issues,
        ...checkTemplate({ body: '{{ invoice.amount }}' }, { ...SMS, invoice: false }).issues,
        ...checkTemplate({ body: '{% for i in (1..100000000) %}{% endfor %}' }, SMS).issues,
      ];
      for (const locale of i18n.locales) {
        for (const issue of issues) {
          const text = i18n.t(locale, issue.messageKey, issue.params);
          expect(text, `${issue.code} in ${locale}`).to.not.match(/\{\w+\}/);
        }
        for (const code of TEMPLATE_ISSUE_CODES) {
          expect(i18n.has(`templates.issue.${code}`, locale), `${code} in ${locale}`).to.equal(
            true,
          );
        }
      }
    });
  });

  describe('assertTemplate', () => {
    it('throws a RECADO_TEMPLATE_INVALID error that lists the issues', () => {
      const attempt = () => assertTemplate({ body: 'a\n{{ customer.nome }}\n{{ x }}' }, SMS);

      expect(attempt).to.throw(TemplateInvalidError);
      try {
        attempt();
      } catch (error) {
        const invalid = error as TemplateInvalidError;
        expect(invalid).to.be.instanceOf(RecadoError);
        expect(invalid.code).to.equal('RECADO_TEMPLATE_INVALID');
        expect(invalid.status).to.equal(422);
        expect(invalid.details).to.include({ count: 2, line: 2, field: 'body' });
        expect(invalid.issues.map((issue) => issue.params.variable)).to.deep.equal([
          'customer.nome',
          'x',
        ]);
      }
    });

    it('returns the check of a valid template', () => {
      expect(assertTemplate({ body: 'Oi {{ customer.first_name }}' }, SMS).ok).to.equal(true);
    });
  });
});
