import { FIELDS } from '../filters/registry.js';
import type { FieldDefinition, FilterCondition, FilterNode } from '../filters/types.js';

/** How a filter is put in words: the operator's translations and locale. */
export interface DescribeOptions {
  readonly t: (key: string, params?: Record<string, string | number>) => string;
  /** BCP 47 locale for amounts and dates, e.g. `pt-BR`. */
  readonly locale: string;
}

/** One value as an operator reads it: an option's label, yes/no, R$ 10,00, 03/12/2026. */
function oneValue(field: FieldDefinition, value: unknown, options: DescribeOptions): string {
  const { t, locale } = options;
  if (typeof value === 'boolean') return t(value ? 'filters.value.yes' : 'filters.value.no');
  const option = field.options?.find((o) => o.value === value);
  if (option) return t(option.label);
  if (typeof value === 'number' && field.type === 'number') {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' }).format(value);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).format(new Date(`${value}T00:00Z`));
  }
  return String(value);
}

function valueText(field: FieldDefinition, condition: FilterCondition, options: DescribeOptions) {
  const value = condition.value;
  if (value === undefined) return '';
  const one = (item: unknown) => oneValue(field, item, options);
  // Days follow a count; reais are already in the amount; dates take none.
  const counted =
    field.unit &&
    field.type !== 'number' &&
    typeof (Array.isArray(value) ? value[0] : value) === 'number';
  const unit = counted && field.unit ? ` ${options.t(field.unit)}` : '';
  if (!Array.isArray(value)) return `${one(value)}${unit}`;
  if (condition.op === 'between') {
    const range = options.t('groups.describe.range', { from: one(value[0]), to: one(value[1]) });
    return `${range}${unit}`;
  }
  return value.map(one).join(', ');
}

function conditionText(condition: FilterCondition, options: DescribeOptions): string {
  // A group saved before a field left the registry is still listed, in its raw words.
  const field = FIELDS.find((f) => f.id === condition.field);
  if (!field) return `${condition.field} ${condition.op} ${JSON.stringify(condition.value ?? '')}`;
  const { t } = options;
  const parts = [
    t(field.label),
    t(`filters.op.${condition.op}`),
    valueText(field, condition, options),
  ];
  return parts.filter((part) => part !== '').join(' ');
}

/**
 * A filter in words, for lists and confirmations: `Cidade é igual a Campinas e (Dias de
 * atraso … está entre 1 e 30 dias)`. Takes a validated tree; nested groups are parenthesized.
 */
export function describeFilter(node: FilterNode, options: DescribeOptions, nested = false): string {
  const { t } = options;
  if ('not' in node) return t('groups.describe.not', { filter: describeFilter(node.not, options) });
  if (!('all' in node) && !('any' in node)) return conditionText(node, options);

  const all = 'all' in node;
  const children = all ? node.all : node.any;
  if (children.length === 0) return t(all ? 'groups.describe.everyone' : 'groups.describe.nobody');
  if (children.length === 1 && children[0]) return describeFilter(children[0], options, nested);
  const joiner = t(all ? 'groups.describe.and' : 'groups.describe.or');
  const text = children.map((child) => describeFilter(child, options, true)).join(` ${joiner} `);
  return nested ? `(${text})` : text;
}
