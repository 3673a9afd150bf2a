/*
 * Recado's template editor: inserts a variable at the cursor, counts an SMS as it is typed,
 * and asks the app for a preview rendered with a customer's real data after each change.
 * The e-mail preview goes into an <iframe sandbox=""> through srcdoc, so nothing in it runs.
 * Plain script, no build step, nothing loaded from outside the panel. `countSms` is exposed
 * on `RecadoTemplateEditor` so that a test can hold it to the server's count.
 */
/* global document */
globalThis.RecadoTemplateEditor = (function () {
  'use strict';

  /** Quiet time after the last keystroke before the preview is asked for, in ms. */
  const PREVIEW_DEBOUNCE_MS = 400;
  const SEARCH_DEBOUNCE_MS = 250;

  /**
   * Length and parts of an SMS, as `smsTextInfo` (src/templates/sms-text.ts) counts them;
   * `alphabet` is the server's (see src/core/screens/sms-alphabet.ts).
   */
  function countSms(text, alphabet) {
    const basic = new Set(Array.from(alphabet.basic));
    const extension = new Set(Array.from(alphabet.extension));
    const septets = (c) => (basic.has(c) ? 1 : extension.has(c) ? 2 : 0);
    const characters = Array.from(text);
    const nonGsm = Array.from(new Set(characters.filter((c) => septets(c) === 0)));
    const encoding = nonGsm.length === 0 ? 'GSM-7' : 'UCS-2';
    const sizes = characters.map((c) => (encoding === 'GSM-7' ? septets(c) : c.length));
    const units = sizes.reduce((sum, size) => sum + size, 0);
    const single = units <= alphabet.single[encoding];
    const perSegment = single ? alphabet.single[encoding] : alphabet.part[encoding];
    let segments = 1;
    let used = single ? units : 0;
    if (!single) {
      // An escape or surrogate pair never straddles two parts.
      for (const size of sizes) {
        if (used + size > perSegment) {
          segments += 1;
          used = 0;
        }
        used += size;
      }
    }
    return {
      encoding,
      characters: characters.length,
      units,
      segments: units === 0 ? 0 : segments,
      unitsPerSegment: perSegment,
      remaining: perSegment - (units === 0 ? 0 : used),
      nonGsmCharacters: encoding === 'GSM-7' ? [] : nonGsm,
    };
  }

  function format(template, params) {
    return template.replace(/\{(\w+)\}/g, (whole, name) =>
      params[name] === undefined ? whole : String(params[name]),
    );
  }

  function debounce(fn, ms) {
    let timer;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function smsLine(text, info) {
    const line = format(text.sms_typed, info);
    const note = info.nonGsmCharacters.length
      ? ` ${format(text.sms_unicode, { characters: info.nonGsmCharacters.join(' ') })}`
      : '';
    return line + note;
  }

  function setup(root) {
    const config = JSON.parse(root.getAttribute('data-config'));
    const text = config.text;
    const csrf = root.getAttribute('data-csrf');
    const form = root.querySelector('[data-template-form]');
    const subject = form.querySelector('[name="subject"]');
    const body = form.querySelector('[name="body"]');
    const typed = root.querySelector('[data-sms-typed]');
    const search = root.querySelector('[data-customer-search]');
    const select = root.querySelector('[data-customer-select]');
    const about = root.querySelector('[data-preview-about]');
    const issues = root.querySelector('[data-preview-issues]');
    const preview = root.querySelector('[data-preview]');
    let lastField = body;
    let asked = 0;
    // A new template's empty fields are not called out before the operator types.
    let typedYet = body.value !== '';

    const countTyped = () => {
      if (typed && config.alphabet) typed.textContent = smsLine(text, countSms(body.value, config.alphabet));
    };

    const show = (answer) => {
      const shown = answer.issues.filter((issue) => typedYet || issue.code !== 'required');
      issues.replaceChildren(
        ...shown.map((issue) => {
          const item = document.createElement('li');
          const field = config.channel === 'email' ? config.fields[issue.field] : undefined;
          item.textContent = field ? `${field}: ${issue.message}` : issue.message;
          item.setAttribute('data-line', String(issue.line));
          return item;
        }),
      );
      const who = answer.customer ? format(text.customer_data, answer.customer) : text.example_data;
      const bill = answer.customer
        ? answer.invoice
          ? format(text.invoice_data, answer.invoice)
          : text.no_invoice
        : '';
      about.textContent = bill ? `${who} · ${bill}` : who;
      if (config.channel === 'email') {
        root.querySelector('[data-preview-subject]').textContent = answer.subject || '';
        root.querySelector('[data-preview-frame]').srcdoc = answer.body;
      } else {
        root.querySelector('[data-preview-text]').textContent = answer.body;
        const rendered = root.querySelector('[data-sms-rendered]');
        rendered.textContent = answer.sms
          ? `${format(text.sms_rendered, answer.sms.text)} ${format(text.sms_folded, answer.sms.folded)}`
          : '';
      }
    };

    const refresh = async () => {
      const ticket = ++asked;
      preview.setAttribute('aria-busy', 'true');
      const payload = { subject: subject ? subject.value : '', body: body.value };
      if (select.value) payload.customerId = Number(select.value);
      try {
        const response = await fetch(config.previewUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify(payload),
          credentials: 'same-origin',
        });
        const answer = await response.json();
        if (ticket !== asked) return;
        if (!response.ok) throw new Error(answer.error ? answer.error.message : text.failed);
        show(answer);
      } catch (error) {
        if (ticket !== asked) return;
        about.textContent = error instanceof Error && error.message ? error.message : text.failed;
      } finally {
        if (ticket === asked) preview.removeAttribute('aria-busy');
      }
    };
    const refreshSoon = debounce(refresh, PREVIEW_DEBOUNCE_MS);

    const findCustomers = debounce(async () => {
      const query = search.value.trim();
      if (!query) return;
      try {
        const response = await fetch(`${config.customersUrl}?q=${encodeURIComponent(query)}`, {
          credentials: 'same-origin',
        });
        const { customers } = await response.json();
        const first = select.options[0];
        const options = customers.map((customer) => {
          const option = document.createElement('option');
          option.value = String(customer.id);
          option.textContent = customer.city ? `${customer.name} (${customer.city})` : customer.name;
          return option;
        });
        select.replaceChildren(first, ...options);
        if (options.length > 0) {
          select.value = options[0].value;
          refresh();
        } else {
          about.textContent = text.no_customers;
        }
      } catch {
        about.textContent = text.failed;
      }
    }, SEARCH_DEBOUNCE_MS);

    for (const field of form.querySelectorAll('[data-template-field]')) {
      field.addEventListener('focus', () => (lastField = field));
      field.addEventListener('input', () => {
        typedYet = true;
        countTyped();
        refreshSoon();
      });
    }
    for (const button of root.querySelectorAll('[data-snippet]')) {
      button.addEventListener('click', () => {
        const field = lastField;
        const start = field.selectionStart ?? field.value.length;
        const end = field.selectionEnd ?? start;
        field.setRangeText(button.getAttribute('data-snippet'), start, end, 'end');
        field.focus();
        field.dispatchEvent(new Event('input', { bubbles: true }));
      });
    }
    search.addEventListener('input', findCustomers);
    select.addEventListener('change', refresh);
    countTyped();
    refresh();
  }

  if (typeof document !== 'undefined') {
    const start = () => document.querySelectorAll('[data-template-editor]').forEach(setup);
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
  return { countSms };
})();
