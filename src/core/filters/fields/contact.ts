import { customerColumn } from '../sql.js';
import type { CompileContext, ConditionCompiler, FieldDefinition } from '../types.js';

/** The plugin's table of customers who asked not to receive marketing on a channel. */
export const OPT_OUTS_TABLE = 'recado_opt_outs';

/** Channels a customer can opt out of. */
export const OPT_OUT_CHANNELS = ['email', 'sms'] as const;

/** Has an address: not null and not empty. `is false` is the exact complement. */
function presence(logical: string): ConditionCompiler {
  return (where, condition, context) => {
    const column = customerColumn(context, logical);
    const present = (inner: typeof where) => inner.whereNotNull(column).where(column, '<>', '');
    if (condition.value === true) present(where);
    else where.whereNot(present);
  };
}

function optOutsOf(context: CompileContext, channels: readonly string[]) {
  return context
    .db({ recado_o: OPT_OUTS_TABLE })
    .select(context.db.raw('1'))
    .whereRaw('?? = ??', ['recado_o.customer_id', customerColumn(context, 'id')])
    .whereIn('recado_o.channel', channels);
}

const compileOptedOut: ConditionCompiler = (where, condition, context) => {
  const channels = Array.isArray(condition.value) ? condition.value : [condition.value];
  where.whereExists(optOutsOf(context, channels as string[]));
};

/** Whether the customer can be reached, and whether they want to be. */
export const CONTACT_FIELDS: readonly FieldDefinition[] = [
  {
    id: 'has_email',
    group: 'customer',
    type: 'boolean',
    operators: ['is'],
    label: 'filters.field.has_email',
    compile: presence('email'),
    columns: { reads: ['email'] },
  },
  {
    id: 'has_mobile',
    group: 'customer',
    type: 'boolean',
    operators: ['is'],
    label: 'filters.field.has_mobile',
    compile: presence('mobile'),
    columns: { reads: ['mobile'] },
  },
  {
    id: 'opted_out',
    group: 'customer',
    type: 'enum',
    operators: ['eq', 'in'],
    label: 'filters.field.opted_out',
    options: OPT_OUT_CHANNELS.map((value) => ({ value, label: `filters.value.channel.${value}` })),
    compile: compileOptedOut,
  },
];
