/*
 * Recado's filter builder: draws a filter tree (all / any groups, `not`, conditions) from the
 * field registry the page hands over in `data-config`, keeps the hidden input the form posts
 * in sync, and asks the app's preview endpoint how many customers match after each change.
 * Plain script, no build step, no framework, nothing loaded from outside the panel.
 */
/* global document, window */
(function () {
  'use strict';

  /** Quiet time after the last change before the preview is asked for, in ms. */
  const DEBOUNCE_MS = 300;
  let lastKey = 0;

  const condition = (field, op, value) => ({
    kind: 'condition',
    key: ++lastKey,
    field,
    op,
    value,
  });
  const group = (mode, children, negate) => ({
    kind: 'group',
    key: ++lastKey,
    mode,
    negate,
    children,
  });

  /** A node of the JSON tree as a node of the model; a `not` becomes a negated group. */
  function fromJson(node) {
    if (node && typeof node === 'object') {
      if (Array.isArray(node.all)) return group('all', node.all.map(fromJson), false);
      if (Array.isArray(node.any)) return group('any', node.any.map(fromJson), false);
      if ('not' in node) {
        const inner = fromJson(node.not);
        if (inner.kind === 'group' && !inner.negate) return Object.assign(inner, { negate: true });
        return group('all', [inner], true);
      }
      if (typeof node.field === 'string') return condition(node.field, node.op, node.value);
    }
    return group('all', [], false);
  }

  /** The model as the JSON tree the engine reads; records each node's JSON pointer. */
  function toJson(node, path, paths) {
    paths.set(node.key, path);
    if (node.kind === 'condition') {
      const out = { field: node.field, op: node.op };
      if (node.value !== undefined) out.value = node.value;
      return out;
    }
    const inner = node.negate ? `${path}/not` : path;
    const children = node.children.map((c, i) => toJson(c, `${inner}/${node.mode}/${i}`, paths));
    const body = { [node.mode]: children };
    return node.negate ? { not: body } : body;
  }

  function el(tag, attributes, children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === undefined || value === null) continue;
      if (name === 'text') element.textContent = value;
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children || []) if (child) element.append(child);
    return element;
  }

  const fill = (text, params) =>
    text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? params[name] : whole));

  function toNumber(text) {
    const trimmed = String(text).trim();
    if (trimmed === '') return '';
    const number = Number(trimmed);
    return Number.isFinite(number) ? number : trimmed;
  }

  const splitList = (text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const shown = (value) => (value === undefined || value === null ? '' : String(value));

  function defaultValue(kind, field) {
    if (kind === 'none') return undefined;
    if (kind === 'boolean') return true;
    if (kind === 'option') return field.options[0].value;
    if (kind === 'options' || kind === 'texts' || kind === 'numbers') return [];
    if (kind === 'number-range' || kind === 'date-range') return ['', ''];
    return '';
  }

  class FilterBuilder {
    constructor(root) {
      this.root = root;
      this.config = JSON.parse(root.dataset.config);
      this.text = this.config.text;
      this.fields = new Map(this.config.fields.map((field) => [field.id, field]));
      this.input = root.querySelector('[data-filter-input]');
      this.treeEl = root.querySelector('[data-filter-tree]');
      this.errorEl = root.querySelector('[data-preview-error]');
      this.countEl = root.querySelector('[data-preview-count]');
      this.firstEl = root.querySelector('[data-preview-first]');
      this.matchesEl = root.querySelector('[data-preview-matches]');
      this.sequence = 0;
      this.timer = undefined;
      let initial;
      try {
        initial = JSON.parse(this.input.value || '{"all":[]}');
      } catch {
        initial = { all: [] };
      }
      const tree = fromJson(initial);
      this.tree = tree.kind === 'group' ? tree : group('all', [tree], false);
      this.treeEl.addEventListener('input', (event) => this.onValue(event));
      this.treeEl.addEventListener('change', (event) => this.onChange(event));
      this.treeEl.addEventListener('click', (event) => this.onClick(event));
      this.render();
      this.markError(this.config.errorPath);
      this.preview();
    }

    /** Finds a model node and its parent group by key. */
    find(key, node = this.tree, parent = null) {
      if (node.key === key) return { node, parent };
      for (const child of node.children || []) {
        const found = this.find(key, child, node);
        if (found) return found;
      }
      return null;
    }

    fieldOf(node) {
      return this.fields.get(node.field);
    }

    kindOf(node) {
      const operator = this.fieldOf(node)?.operators.find((op) => op.id === node.op);
      return operator ? operator.input : 'none';
    }

    render(focus) {
      this.counters = { group: 0, condition: 0 };
      this.treeEl.replaceChildren(this.renderGroup(this.tree, true));
      this.changed();
      const target = focus && this.controls(focus.key, focus.role)[0];
      if (target) target.focus();
    }

    /** The controls of one node with a role, leaving out those of the nodes nested in it. */
    controls(key, role) {
      const container = this.treeEl.querySelector(`[data-node="${key}"]`);
      if (!container) return [];
      const all = container.querySelectorAll(`[data-role^="${role}"]`);
      return Array.from(all).filter((control) => control.closest('[data-node]') === container);
    }

    renderGroup(node, isRoot) {
      const t = this.text;
      const name = fill(t.group, { number: ++this.counters.group });
      const modes = this.config.modes.map((mode) =>
        el('option', {
          value: mode.id,
          selected: mode.id === node.mode,
          text: mode.label,
        }),
      );
      const head = el('div', { class: 'rc-group-head' }, [
        el('select', { 'aria-label': t.mode, 'data-role': 'mode' }, modes),
        el('label', { class: 'rc-negate' }, [
          el('input', {
            type: 'checkbox',
            'data-role': 'negate',
            checked: node.negate,
          }),
          el('span', { text: t.negate }),
        ]),
        !isRoot && this.button('remove', t.remove_group, '×'),
      ]);
      const empty = node.children.length === 0;
      const items = node.children.map((child) =>
        el('li', {}, [
          child.kind === 'group' ? this.renderGroup(child, false) : this.renderCondition(child),
        ]),
      );
      return el('fieldset', { class: 'rc-group', 'data-node': node.key, 'data-mode': node.mode }, [
        el('legend', { class: 'rc-sr-only', text: name }),
        head,
        empty &&
          el('p', {
            class: 'rc-muted',
            text: node.mode === 'all' ? t.empty_all : t.empty_any,
          }),
        !empty && el('ol', { class: 'rc-children' }, items),
        el('div', { class: 'rc-group-actions' }, [
          this.button('add-condition', t.add_condition),
          this.button('add-group', t.add_group),
        ]),
      ]);
    }

    button(action, label, glyph) {
      const attributes = {
        type: 'button',
        class: glyph ? 'rc-remove' : 'secondary',
        'data-role': action,
      };
      if (glyph) Object.assign(attributes, { 'aria-label': label, title: label });
      return el('button', Object.assign(attributes, { text: glyph || label }));
    }

    renderCondition(node) {
      const t = this.text;
      const field = this.fieldOf(node);
      const groups = this.config.fieldGroups.map((heading) =>
        el(
          'optgroup',
          { label: heading.label },
          this.config.fields
            .filter((f) => f.group === heading.id)
            .map((f) =>
              el('option', {
                value: f.id,
                selected: f.id === node.field,
                text: f.label,
              }),
            ),
        ),
      );
      const unknown =
        !field && el('option', { value: node.field, selected: true, text: node.field });
      const operators = (field ? field.operators : [{ id: node.op, label: node.op }]).map((op) =>
        el('option', {
          value: op.id,
          selected: op.id === node.op,
          text: op.label,
        }),
      );
      const number = fill(t.condition, { number: ++this.counters.condition });
      return el(
        'div',
        {
          class: 'rc-condition',
          role: 'group',
          'aria-label': number,
          'data-node': node.key,
        },
        [
          el('select', { 'aria-label': t.field, 'data-role': 'field' }, [unknown, ...groups]),
          el('select', { 'aria-label': t.operator, 'data-role': 'op' }, operators),
          el('span', { class: 'rc-value' }, this.valueInputs(node, field)),
          this.button('remove', t.remove_condition, '×'),
        ],
      );
    }

    valueInputs(node, field) {
      const t = this.text;
      const kind = this.kindOf(node);
      const value = node.value;
      const unit = field?.unit && el('span', { class: 'rc-unit', text: field.unit });
      const numeric = {
        type: 'number',
        min: field?.minimum,
        max: field?.maximum,
        step: field?.integer ? 1 : 0.01,
      };
      const input = (role, label, attributes, current) =>
        el(
          'input',
          Object.assign(
            { 'aria-label': label, 'data-role': role, value: shown(current) },
            attributes,
          ),
        );
      const pair = (attributes) => [
        input('value-from', t.from, attributes, Array.isArray(value) ? value[0] : ''),
        input('value-to', t.to, attributes, Array.isArray(value) ? value[1] : ''),
      ];
      const list = Array.isArray(value) ? value.join(', ') : shown(value);
      switch (kind) {
        case 'boolean':
          return [
            el('select', { 'aria-label': t.value, 'data-role': 'value' }, [
              el('option', {
                value: 'true',
                selected: value !== false,
                text: t.yes,
              }),
              el('option', {
                value: 'false',
                selected: value === false,
                text: t.no,
              }),
            ]),
          ];
        case 'option':
          return [
            el(
              'select',
              { 'aria-label': t.value, 'data-role': 'value' },
              field.options.map((o) =>
                el('option', {
                  value: o.value,
                  selected: o.value === value,
                  text: o.label,
                }),
              ),
            ),
          ];
        case 'options':
          return [
            el(
              'span',
              { role: 'group', 'aria-label': t.value, class: 'rc-options' },
              field.options.map((o) =>
                el('label', {}, [
                  el('input', {
                    type: 'checkbox',
                    value: o.value,
                    'data-role': 'value-option',
                    checked: Array.isArray(value) && value.includes(o.value),
                  }),
                  el('span', { text: o.label }),
                ]),
              ),
            ),
          ];
        case 'text':
          return [input('value', t.value, { type: 'text', maxlength: 120 }, value)];
        case 'texts':
        case 'numbers':
          return [
            input(
              'value',
              t.value,
              { type: 'text', placeholder: t.list_hint, title: t.list_hint },
              list,
            ),
          ];
        case 'number':
          return [input('value', t.value, numeric, value), unit];
        case 'number-range':
          return [...pair(numeric), unit];
        case 'date':
          return [input('value', t.value, { type: 'date' }, value)];
        case 'date-range':
          return pair({ type: 'date' });
        default:
          return [];
      }
    }

    /** The value of a condition as its inputs hold it, shaped for the engine. */
    readValue(node, container) {
      const kind = this.kindOf(node);
      const get = (role) => container.querySelector(`[data-role="${role}"]`)?.value ?? '';
      if (kind === 'boolean') return get('value') === 'true';
      if (kind === 'option' || kind === 'date') return get('value');
      if (kind === 'text') return get('value').trim();
      if (kind === 'texts') return splitList(get('value'));
      if (kind === 'numbers') return splitList(get('value')).map(toNumber);
      if (kind === 'number') return toNumber(get('value'));
      if (kind === 'number-range') return [toNumber(get('value-from')), toNumber(get('value-to'))];
      if (kind === 'date-range') return [get('value-from'), get('value-to')];
      if (kind === 'options') {
        const checked = container.querySelectorAll('[data-role="value-option"]:checked');
        return Array.from(checked, (box) => box.value);
      }
      return undefined;
    }

    located(event) {
      const container = event.target.closest('[data-node]');
      const found = container && this.find(Number(container.dataset.node));
      return found && Object.assign(found, { container, role: event.target.dataset.role });
    }

    /** Typing in a value: the model and the preview follow, the inputs stay as they are. */
    onValue(event) {
      const at = this.located(event);
      if (!at || at.node.kind !== 'condition' || !String(at.role).startsWith('value')) return;
      at.node.value = this.readValue(at.node, at.container);
      this.changed();
    }

    onChange(event) {
      const at = this.located(event);
      if (!at) return;
      const { node, role } = at;
      if (role === 'mode') node.mode = event.target.value;
      else if (role === 'negate') node.negate = event.target.checked;
      else if (role === 'field' || role === 'op') {
        const previous = this.kindOf(node);
        if (role === 'field') {
          node.field = event.target.value;
          node.op = this.fieldOf(node).operators[0].id;
        } else node.op = event.target.value;
        const kind = this.kindOf(node);
        if (role === 'field' || kind !== previous)
          node.value = defaultValue(kind, this.fieldOf(node));
      } else return this.onValue(event);
      this.render({ key: node.key, role });
    }

    onClick(event) {
      const role = event.target.closest('button')?.dataset.role;
      const at = role && this.located(event);
      if (!at) return;
      const { node, parent } = at;
      if (role === 'remove' && parent) {
        parent.children.splice(parent.children.indexOf(node), 1);
        return this.render({ key: parent.key, role: 'add-condition' });
      }
      const added = this.newCondition();
      if (role === 'add-condition') node.children.push(added);
      if (role === 'add-group')
        node.children.push(group(node.mode === 'all' ? 'any' : 'all', [added], false));
      this.render({ key: added.key, role: 'field' });
    }

    newCondition() {
      const field = this.config.fields[0];
      const op = field.operators[0];
      return condition(field.id, op.id, defaultValue(op.input, field));
    }

    /** After every change: the hidden input, an event for the page, and a preview soon. */
    changed() {
      this.paths = new Map();
      const json = toJson(this.tree, '', this.paths);
      this.input.value = JSON.stringify(json);
      this.root.dispatchEvent(
        new CustomEvent('recado:filter-change', { detail: { filter: json } }),
      );
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.preview(), DEBOUNCE_MS);
    }

    async preview() {
      window.clearTimeout(this.timer);
      const sequence = ++this.sequence;
      const sent = this.input.value;
      this.root.setAttribute('aria-busy', 'true');
      this.countEl.textContent = this.config.preview.loading;
      let response;
      let body = null;
      try {
        response = await window.fetch(this.config.previewUrl, {
          method: 'POST',
          credentials: 'same-origin',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'x-csrf-token': this.root.dataset.csrf,
          },
          body: JSON.stringify({ filter: JSON.parse(sent) }),
        });
        body = await response.json().catch(() => null);
      } catch {
        response = undefined;
      }
      // A slower answer to an older filter must not overwrite a newer one.
      if (sequence !== this.sequence) return;
      this.root.removeAttribute('aria-busy');
      if (response && response.ok && body) this.showMatches(body, sent);
      else
        this.showError(body && body.error ? body.error : { message: this.config.preview.failed });
    }

    /** Shows a count and its matches; `sent` is the filter JSON they belong to. */
    showMatches(body, sent) {
      const p = this.config.preview;
      const count = new Intl.NumberFormat(this.config.locale).format(body.count);
      const text = body.count === 0 ? p.count_zero : body.count === 1 ? p.count_one : p.count_other;
      this.markError(null);
      this.errorEl.hidden = true;
      this.errorEl.textContent = '';
      this.countEl.textContent = fill(text, { count });
      this.countEl.dataset.count = String(body.count);
      this.countEl.dataset.filter = sent;
      this.firstEl.hidden = body.matches.length === 0;
      this.firstEl.textContent = fill(p.first, { shown: body.matches.length });
      this.matchesEl.replaceChildren(
        ...body.matches.map((match) => {
          const place = [match.city, match.neighbourhood, match.plan, match.statusLabel].filter(
            Boolean,
          );
          return el('li', { 'data-customer': match.id }, [
            el('strong', { text: match.name }),
            el('span', { class: 'rc-muted', text: ` · ${place.join(' · ')}` }),
            match.reasons.length > 0 &&
              el('span', {
                class: 'rc-why',
                text: ` — ${match.reasons.join('; ')}`,
              }),
          ]);
        }),
      );
      this.root.dispatchEvent(
        new CustomEvent('recado:filter-preview', {
          detail: { count: body.count },
        }),
      );
    }

    showError(error) {
      this.countEl.textContent = '';
      delete this.countEl.dataset.count;
      delete this.countEl.dataset.filter;
      this.firstEl.hidden = true;
      this.matchesEl.replaceChildren();
      this.errorEl.textContent = error.message;
      this.errorEl.hidden = false;
      this.markError(typeof error.path === 'string' ? error.path : null);
    }

    /** Marks the node a server error names: the deepest node whose pointer starts its path. */
    markError(path) {
      for (const marked of this.treeEl.querySelectorAll('.rc-invalid'))
        marked.classList.remove('rc-invalid');
      for (const marked of this.treeEl.querySelectorAll('[aria-invalid]'))
        marked.removeAttribute('aria-invalid');
      if (typeof path !== 'string') return;
      let best = null;
      for (const [key, pointer] of this.paths) {
        const inside = path === pointer || path.startsWith(`${pointer}/`);
        if (inside && (best === null || pointer.length > best.pointer.length))
          best = { key, pointer };
      }
      const target = best && this.treeEl.querySelector(`[data-node="${best.key}"]`);
      if (!target) return;
      target.classList.add('rc-invalid');
      const role = path.endsWith('/op') ? 'op' : path.endsWith('/field') ? 'field' : 'value';
      for (const control of this.controls(best.key, role))
        control.setAttribute('aria-invalid', 'true');
    }
  }

  function start() {
    for (const root of document.querySelectorAll('[data-filter-builder]')) {
      if (root.dataset.ready) continue;
      root.dataset.ready = 'true';
      root.recadoFilterBuilder = new FilterBuilder(root);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
