import { BIRTHDAY_FIELD } from './fields/birthday.js';
import { CONTACT_FIELDS } from './fields/contact.js';
import { CUSTOMER_FIELDS } from './fields/customer.js';
import { INVOICE_FIELDS } from './fields/invoices.js';
import type { FieldDefinition, OperatorId } from './types.js';

/**
 * Every field a filter may test, in the order the builder lists them. The schema, the
 * compiler and the builder's labels all read this one list; a field exists nowhere else.
 */
export const FIELDS: readonly FieldDefinition[] = [
  ...CUSTOMER_FIELDS,
  BIRTHDAY_FIELD,
  ...CONTACT_FIELDS,
  ...INVOICE_FIELDS,
];

const BY_ID: ReadonlyMap<string, FieldDefinition> = new Map(FIELDS.map((f) => [f.id, f]));

/** The field with this id; an unknown id is a programming error (input is validated first). */
export function fieldById(id: string): FieldDefinition {
  const field = BY_ID.get(id);
  if (!field) throw new Error(`no filter field "${id}"`);
  return field;
}

/** Operators that take no value. */
export const VALUELESS_OPERATORS: ReadonlySet<OperatorId> = new Set(['today', 'this_month']);

/** Operators whose value is a list. */
export const LIST_OPERATORS: ReadonlySet<OperatorId> = new Set(['in', 'not_in']);

/** Locale key of an operator's label, e.g. `filters.op.between`. */
export function operatorLabel(op: OperatorId): string {
  return `filters.op.${op}`;
}
