import type { Translator } from '../../lib/i18n.js';
import { FIELDS, LIST_OPERATORS, VALUELESS_OPERATORS } from '../filters/registry.js';
import type { FieldDefinition, OperatorId } from '../filters/types.js';
import { builderAssetUrls } from './assets.js';

/** Which input the builder shows for a value; decided here, from the registry, not in the script. */
export type InputKind =
  | 'none'
  | 'boolean'
  | 'option'
  | 'options'
  | 'text'
  | 'texts'
  | 'number'
  | 'numbers'
  | 'number-range'
  | 'date'
  | 'date-range';

/** The value input of one operator of one field; mirrors `valueSchema` in the filter schema. */
export function inputKind(field: FieldDefinition, op: OperatorId): InputKind {
  if (VALUELESS_OPERATORS.has(op)) return 'none';
  if (field.type === 'boolean') return 'boolean';
  const list = LIST_OPERATORS.has(op) || (field.type === 'enum' && op === 'in');
  if (field.type === 'enum') return list ? 'options' : 'option';
  if (field.type === 'text') return list ? 'texts' : 'text';
  if (field.type === 'date' && op !== 'in_last_days')
    return op === 'between' ? 'date-range' : 'date';
  if (op === 'between') return 'number-range';
  return list ? 'numbers' : 'number';
}

/** A field as the script sees it: labels already in the operator's language. */
export interface BuilderField {
  readonly id: string;
  /** `customer` or `invoices`: the builder lists fields under these headings. */
  readonly group: string;
  /** The registry's value type (`enum`, `text`, `integer` …); inputs follow `operators[].input`. */
  readonly type: string;
  readonly label: string;
  readonly operators: readonly { id: OperatorId; label: string; input: InputKind }[];
  readonly options?: readonly { value: string; label: string }[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** Whether numbers must be whole (every numeric field but `amount_owed`). */
  readonly integer: boolean;
  /** Translated unit shown after a number (dias, R$). */
  readonly unit?: string;
}

/** Texts of the builder's own controls, passed to the script translated. */
const TEXT_KEYS = [
  'label',
  'group',
  'condition',
  'mode',
  'field',
  'operator',
  'value',
  'from',
  'to',
  'list_hint',
  'add_condition',
  'add_group',
  'remove_condition',
  'remove_group',
  'empty_all',
  'empty_any',
] as const;

const PREVIEW_KEYS = ['count_zero', 'count_one', 'count_other', 'loading', 'failed', 'first'];

/** The fields of the registry with every locale key translated. */
export function builderFields(t: (key: string) => string): BuilderField[] {
  return FIELDS.map((field) => ({
    id: field.id,
    group: field.group,
    type: field.type,
    label: t(field.label),
    operators: field.operators.map((op) => ({
      id: op,
      label: t(`filters.op.${op}`),
      input: inputKind(field, op),
    })),
    options: field.options?.map((option) => ({ value: option.value, label: t(option.label) })),
    minimum: field.minimum,
    maximum: field.maximum,
    integer: field.type !== 'number',
    unit: field.unit ? t(field.unit) : undefined,
  }));
}

/** How a page embeds the builder; see `filterBuilderView`. */
export interface FilterBuilderOptions {
  /** The filter shown first; may be an invalid tree a form is showing back. Default `{all: []}`. */
  readonly filter?: unknown;
  /** Name of the form field the filter JSON is posted in. Default `filter`. */
  readonly field?: string;
  /** A refused filter's message and the JSON pointer of the node it names, to highlight. */
  readonly error?: { readonly message: string; readonly path: string };
}

/** What `views/shared/filter-builder.eta` reads from `it.builder`. */
export interface FilterBuilderView {
  /** Name of the hidden input that carries the filter JSON. */
  readonly field: string;
  readonly filterJson: string;
  /** The script's configuration (fields, texts, preview URL) as JSON, for a data attribute. */
  readonly configJson: string;
  readonly scriptUrl: string;
  readonly styleUrl: string;
  readonly error?: { readonly message: string; readonly path: string };
}

/**
 * The builder of a page of an app mounted at `basePath`: the preview endpoint and assets are
 * that app's (`groupRoutes` and `filterBuilderAssets` mount them in every app).
 */
export function filterBuilderView(
  deps: { i18n: Translator; basePath: string },
  locale: string,
  options: FilterBuilderOptions = {},
): FilterBuilderView {
  const t = (key: string) => deps.i18n.t(locale, key);
  const base = deps.basePath.replace(/\/$/, '');
  const text = Object.fromEntries(TEXT_KEYS.map((key) => [key, t(`groups.builder.${key}`)]));
  const preview = Object.fromEntries(PREVIEW_KEYS.map((key) => [key, t(`groups.preview.${key}`)]));
  const config = {
    locale,
    previewUrl: `${base}/filters/preview`,
    fields: builderFields(t),
    fieldGroups: ['customer', 'invoices'].map((id) => ({
      id,
      label: t(`groups.field_group.${id}`),
    })),
    modes: [
      { id: 'all', label: t('filters.group.all') },
      { id: 'any', label: t('filters.group.any') },
    ],
    text: {
      ...text,
      negate: t('filters.group.not'),
      yes: t('filters.value.yes'),
      no: t('filters.value.no'),
    },
    preview,
    errorPath: options.error?.path ?? null,
  };
  const { script, style } = builderAssetUrls(base);
  return {
    field: options.field ?? 'filter',
    filterJson: JSON.stringify(options.filter ?? { all: [] }),
    configJson: JSON.stringify(config),
    scriptUrl: script,
    styleUrl: style,
    error: options.error,
  };
}
