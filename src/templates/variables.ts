/** The groups the variable picker shows, in this order. */
export const VARIABLE_GROUPS = ['customer', 'invoice', 'provider', 'message'] as const;
/** One of {@link VARIABLE_GROUPS}. */
export type VariableGroup = (typeof VARIABLE_GROUPS)[number];

/** What a variable holds; tells the picker which filter suits it. */
export type VariableType =
  'text' | 'number' | 'money' | 'date' | 'datetime' | 'phone' | 'email' | 'url';

/** One named variable operators may use in a template. */
export interface TemplateVariable {
  /** The path templates write, e.g. `customer.first_name`. */
  readonly name: string;
  readonly group: VariableGroup;
  readonly type: VariableType;
  /** Locale key of the label the picker shows: `templates.variable.<name>`. */
  readonly labelKey: string;
  /** What the picker inserts: the variable with the filter that suits it. */
  readonly snippet: string;
  /** A realistic value, used by previews and by the trial render when a template is saved. */
  readonly example: string | number;
}

type Entry = [name: string, type: VariableType, example: string | number];

/** The filter each type is shown through when inserted. */
const SNIPPET_FILTER: Partial<Record<VariableType, string>> = {
  money: ' | money',
  date: ' | date',
  datetime: " | date: 'datetime'",
  phone: ' | phone',
};

const ENTRIES: Record<VariableGroup, Entry[]> = {
  customer: [
    ['customer.name', 'text', 'Maria das Graças Souza'],
    ['customer.first_name', 'text', 'Maria'],
    ['customer.email', 'email', 'maria.souza@example.com.br'],
    ['customer.mobile', 'phone', '5519987654321'],
    ['customer.plan', 'text', 'Fibra 500 Mega'],
    ['customer.city', 'text', 'Campinas'],
    ['customer.neighbourhood', 'text', 'Barão Geraldo'],
    ['customer.due_day', 'number', 10],
    ['customer.birth_date', 'date', '1985-07-21'],
  ],
  invoice: [
    ['invoice.reference', 'text', '2026/000123'],
    ['invoice.amount', 'money', 129.9],
    ['invoice.due_date', 'date', '2026-12-10'],
    ['invoice.days_overdue', 'number', 3],
    ['invoice.digitable_line', 'text', '34191.79001 01043.510047 91020.150008 5 12340000012990'],
    [
      'invoice.pix_code',
      'text',
      '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266141740005204000053039865406129.905802BR5912PROVEDOR NET6008CAMPINAS62070503***6304B14F',
    ],
    ['invoice.payment_link', 'url', 'https://pagar.example.com.br/f/2026000123'],
    ['invoice.paid_at', 'datetime', '2026-12-09 14:32'],
    ['invoice.paid_amount', 'money', 129.9],
  ],
  provider: [
    ['provider.name', 'text', 'Provedor Net'],
    ['provider.phone', 'phone', '551932345678'],
    ['provider.site', 'url', 'https://www.provedor.example.com.br'],
    ['provider.email', 'email', 'atendimento@provedor.example.com.br'],
  ],
  message: [['unsubscribe_url', 'url', 'https://painel.example.com.br/recado/sair/3f9a2c']],
};

/** Every variable, grouped and in picker order. */
export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = Object.freeze(
  VARIABLE_GROUPS.flatMap((group) =>
    ENTRIES[group].map(([name, type, example]) =>
      Object.freeze({
        name,
        group,
        type,
        labelKey: `templates.variable.${name}`,
        snippet: `{{ ${name}${SNIPPET_FILTER[type] ?? ''} }}`,
        example,
      }),
    ),
  ),
);

const BY_NAME = new Map(TEMPLATE_VARIABLES.map((variable) => [variable.name, variable]));

/** The variable of that exact name, if there is one. */
export function findVariable(name: string): TemplateVariable | undefined {
  return BY_NAME.get(name);
}

/** Objects that hold variables (`customer`); `{% if invoice %}` may test them. */
export const VARIABLE_ROOTS: ReadonlySet<string> = new Set(
  TEMPLATE_VARIABLES.filter((variable) => variable.name.includes('.')).map(
    (variable) => variable.name.split('.')[0] as string,
  ),
);

/** The picker's data: groups with their label key and variables, in order. */
export function variablesByGroup(): {
  group: VariableGroup;
  labelKey: string;
  variables: TemplateVariable[];
}[] {
  return VARIABLE_GROUPS.map((group) => ({
    group,
    labelKey: `templates.group.${group}`,
    variables: TEMPLATE_VARIABLES.filter((variable) => variable.group === group),
  }));
}

/**
 * A render context filled with every variable's example, for previews and for the trial
 * render a template gets when it is saved. Without `invoice`, the invoice object is absent,
 * as it is for a campaign that is not about an invoice.
 */
export function sampleRenderData(options: { invoice?: boolean } = {}): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const variable of TEMPLATE_VARIABLES) {
    if (variable.group === 'invoice' && options.invoice === false) continue;
    setPath(data, variable.name.split('.'), variable.example);
  }
  return data;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = (target[head] ??= {}) as Record<string, unknown>;
  setPath(child, rest, value);
}
