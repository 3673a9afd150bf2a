import { expect } from 'chai';
import { Liquid } from 'liquidjs';
import sinon from 'sinon';
import { RecadoError } from '../../src/core/errors.js';
import {
  buildRenderContext,
  type RenderContext,
  sampleRenderData,
  TEMPLATE_VARIABLES,
  TemplateEngine,
  type TemplateError,
} from '../../src/templates/index.js';
import { FULL_INPUT, PLAIN_OUTPUT, SNIPPET_OUTPUT } from './fixtures.js';

/** Runs a render expected to fail and returns the error it raised. */
function renderError(engine: TemplateEngine, body: string, data: object = sampleRenderData()) {
  try {
    engine.renderText(body, data as RenderContext, 'text');
  } catch (error) {
    expect(error).to.be.instanceOf(RecadoError);
    return error as TemplateError;
  }
  throw new Error(`expected ${body} to fail`);
}

describe('TemplateEngine', () => {
  const context = buildRenderContext(FULL_INPUT);

  afterEach(() => sinon.restore());

  describe('render', () => {
    it('renders every registered variable from a full context', () => {
      const engine = new TemplateEngine();

      expect(Object.keys(PLAIN_OUTPUT)).to.have.members(TEMPLATE_VARIABLES.map((v) => v.name));
      for (const variable of TEMPLATE_VARIABLES) {
        const body = `{{ ${variable.name} }}`;
        const rendered = engine.render({ body }, context, { format: 'text' });
        expect(rendered.body, variable.name).to.equal(PLAIN_OUTPUT[variable.name]);
      }
    });

    it("renders every variable's picker snippet with its filter", () => {
      const engine = new TemplateEngine();

      for (const variable of TEMPLATE_VARIABLES) {
        const rendered = engine.render({ body: variable.snippet }, context, { format: 'html' });
        expect(rendered.body, variable.snippet).to.equal(SNIPPET_OUTPUT[variable.name]);
      }
    });

    it('renders subject and body of an e-mail reminder', () => {
      const engine = new TemplateEngine();
      const template = {
        subject: 'Fatura {{ invoice.reference }} vence {{ invoice.due_date | date }}',
        body: '<p>Olá, {{ customer.first_name }}! Valor: {{ invoice.amount | money }}</p>',
      };

      const rendered = engine.render(template, context, { format: 'html' });

      expect(rendered.subject).to.equal('Fatura F-2026-0042 vence 03/12/2026');
      expect(rendered.body).to.equal('<p>Olá, Maria! Valor: R$ 1.234,50</p>');
    });

    it('HTML-escapes a customer name in an HTML body', () => {
      const engine = new TemplateEngine();
      const data = { customer: { name: '<script>alert("x")</script> & Cia' } };

      const rendered = engine.render({ body: '<b>{{ customer.name }}</b>' }, data, {
        format: 'html',
      });

      expect(rendered.body).to.equal(
        '<b>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Cia</b>',
      );
    });

    it('leaves the same name as written in SMS text and in a subject', () => {
      const engine = new TemplateEngine();
      const data = { customer: { name: '<script>alert("x")</script> & Cia' } };
      const template = { subject: 'Oi {{ customer.name }}', body: 'Oi {{ customer.name }}' };

      const sms = engine.render(template, data, { format: 'text' });
      const email = engine.render(template, data, { format: 'html' });

      expect(sms.body).to.equal('Oi <script>alert("x")</script> & Cia');
      expect(email.subject).to.equal('Oi <script>alert("x")</script> & Cia');
      expect(email.body).to.not.equal(sms.body);
    });

    it('makes a subject one line and returns null for a template without one', () => {
      const engine = new TemplateEngine();

      const withSubject = engine.render(
        { subject: 'A\n  {{ customer.first_name }}\r\n', body: 'x' },
        context,
        {
          format: 'text',
        },
      );
      const without = engine.render({ subject: null, body: 'x' }, context, { format: 'text' });

      expect(withSubject.subject).to.equal('A Maria');
      expect(without.subject).to.equal(null);
    });

    it('parses each template once however many messages it renders', () => {
      const parse = sinon.spy(Liquid.prototype, 'parse');
      const engine = new TemplateEngine();
      const template = {
        subject: 'Fatura {{ invoice.reference }}',
        body: 'Oi {{ customer.name }}',
      };

      for (let i = 0; i < 1000; i += 1) engine.render(template, context, { format: 'html' });

      expect(parse.callCount).to.equal(2);
      expect(engine.cachedTemplates).to.equal(2);
    });

    it('parses a template again for the other format, since escaping is fixed at parse', () => {
      const parse = sinon.spy(Liquid.prototype, 'parse');
      const engine = new TemplateEngine();

      engine.render({ body: '{{ customer.name }}' }, context, { format: 'html' });
      engine.render({ body: '{{ customer.name }}' }, context, { format: 'text' });
      engine.render({ body: '{{ customer.name }}' }, context, { format: 'text' });

      expect(parse.callCount).to.equal(2);
    });

    it('drops the least recently used template past the cache size', () => {
      const parse = sinon.spy(Liquid.prototype, 'parse');
      const engine = new TemplateEngine({ cacheSize: 2 });
      const render = (body: string) => engine.render({ body }, context, { format: 'text' });

      render('a');
      render('b');
      render('a');
      render('c');
      render('a');
      render('b');

      expect(parse.args.map(([source]) => source)).to.deep.equal(['a', 'b', 'c', 'b']);
      expect(engine.cachedTemplates).to.equal(2);
    });

    it('renders with the locale it is given', () => {
      const engine = new TemplateEngine({ locale: 'es' });

      const rendered = engine.renderText("{{ invoice.due_date | date: 'long' }}", context, 'text');

      expect(rendered).to.equal('3 de diciembre de 2026');
    });
  });

  describe('render failures', () => {
    it('raises RECADO_TEMPLATE_VARIABLE_MISSING with the variable and its line', () => {
      const engine = new TemplateEngine();

      const error = renderError(engine, 'Olá\n\nSua fatura {{ invoice.amount }}', {
        customer: context.customer,
      });

      expect(error.code).to.equal('RECADO_TEMPLATE_VARIABLE_MISSING');
      expect(error.details).to.include({ variable: 'invoice', line: 3, field: 'body' });
      expect(error.status).to.equal(422);
    });

    it('raises RECADO_TEMPLATE_RENDER_FAILED when a filter refuses its value', () => {
      const engine = new TemplateEngine();

      const error = renderError(engine, 'x\n{{ customer.name | money }}');

      expect(error.code).to.equal('RECADO_TEMPLATE_RENDER_FAILED');
      expect(error.details).to.include({ filter: 'money', line: 2, issue: 'filter_input' });
    });

    it('raises RECADO_TEMPLATE_INVALID for a template that does not parse', () => {
      const engine = new TemplateEngine();

      const error = renderError(engine, 'a\n{% if customer.name %}');

      expect(error.code).to.equal('RECADO_TEMPLATE_INVALID');
      expect(error.details).to.include({ issue: 'syntax', line: 2 });
    });

    it('keeps the LiquidJS error as cause and no stack trace in its details', () => {
      const engine = new TemplateEngine();

      const error = renderError(engine, '{{ customer.name | date }}');

      expect(error.cause).to.be.instanceOf(Error);
      expect(JSON.stringify(error.details)).to.not.match(/\bat \S+ \(|\.js:\d+/);
      expect(error.messageKey).to.equal('errors.template_render_failed');
    });
  });

  describe('sandbox', () => {
    for (const body of [
      '{{ customer.constructor }}',
      '{{ customer.__proto__ }}',
      "{{ customer['constructor'] }}",
      '{{ customer.name.constructor }}',
      '{{ customer.toString }}',
    ]) {
      it(`finds nothing outside the data for ${body}`, () => {
        const error = renderError(new TemplateEngine(), body);

        expect(error.code).to.equal('RECADO_TEMPLATE_VARIABLE_MISSING');
      });
    }

    for (const body of [
      "{% include 'x' %}",
      "{% render 'x' %}",
      "{% layout 'x' %}",
      "{% liquid\ninclude 'x' %}",
    ]) {
      it(`refuses ${body.replace('\n', ' ')} before rendering anything`, () => {
        const error = renderError(new TemplateEngine(), body);

        expect(error.code).to.equal('RECADO_TEMPLATE_INVALID');
        expect(error.details.issue).to.equal('tag_not_allowed');
      });
    }

    it('stops a loop over a hundred million numbers with RECADO_TEMPLATE_LIMIT_EXCEEDED', () => {
      const error = renderError(
        new TemplateEngine(),
        '{% for i in (1..100000000) %}{{ i }}{% endfor %}',
      );

      expect(error.code).to.equal('RECADO_TEMPLATE_LIMIT_EXCEEDED');
      expect(error.details.limit).to.equal('memory');
    });

    it('stops nested loops that would run a billion times at the render time limit', () => {
      const engine = new TemplateEngine({ limits: { renderMs: 20 } });
      const loop = (name: string, inner: string) =>
        `{% for ${name} in (1..1000) %}${inner}{% endfor %}`;

      const error = renderError(engine, loop('a', loop('b', loop('c', '{{ c }}'))));

      expect(error.code).to.equal('RECADO_TEMPLATE_LIMIT_EXCEEDED');
      expect(error.details.limit).to.equal('time');
    });

    it('renders once more when a stalled process trips the time limit', () => {
      const now = sinon.stub(performance, 'now');
      now.callThrough();
      // The render starts at 0 and its first check sees a clock a long pause later.
      now.onCall(0).returns(0);
      now.onCall(1).returns(1e9);

      const rendered = new TemplateEngine().renderText(
        'Oi {{ customer.first_name }}',
        context,
        'text',
      );

      expect(rendered).to.equal('Oi Maria');
      expect(now.callCount).to.be.greaterThan(2);
    });

    it('stops a string doubled in a loop at the memory limit', () => {
      const body =
        "{% assign s = 'x' %}{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}";

      const error = renderError(new TemplateEngine(), body);

      expect(error.code).to.equal('RECADO_TEMPLATE_LIMIT_EXCEEDED');
    });

    it('refuses a template longer than the parse limit', () => {
      const engine = new TemplateEngine({ limits: { parseLength: 100 } });

      const error = renderError(engine, 'x'.repeat(101));

      expect(error.code).to.equal('RECADO_TEMPLATE_LIMIT_EXCEEDED');
      expect(error.details.limit).to.equal('length');
    });

    it('refuses data holding a function and never calls it', () => {
      const engine = new TemplateEngine();
      const secret = sinon.spy(() => 'leaked');

      const error = renderError(engine, '{{ customer.name }}', { customer: { name: secret } });

      expect(error.code).to.equal('RECADO_TEMPLATE_DATA_INVALID');
      expect(error.details.path).to.equal('data.customer.name');
      expect(secret.called).to.equal(false);
    });

    it('refuses data holding a class instance, a Date or a getter', () => {
      const engine = new TemplateEngine();
      class Customer {
        name = 'Ana';
      }
      const withGetter = Object.defineProperty({}, 'name', { get: () => 'Ana', enumerable: true });

      for (const customer of [new Customer(), new Date(), withGetter, { toLiquid: () => ({}) }]) {
        const error = renderError(engine, '{{ customer.name }}', { customer });
        expect(error.code).to.equal('RECADO_TEMPLATE_DATA_INVALID');
      }
    });
  });
});
