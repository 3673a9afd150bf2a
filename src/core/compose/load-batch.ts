import type { Knex } from 'knex';
import type { CustomerInput, InvoiceInput } from '../../templates/index.js';
import { columnOf, type HostMapping, type TableMapping } from '../mapping.js';
import type { Delivery } from '../../queue/types.js';

/** A customer as the composer needs it: the template's fields plus the status. */
export interface CustomerRecord extends CustomerInput {
  /** The host's status value, compared through the mapping. */
  readonly status: string;
}

/** An invoice as the composer needs it. */
export interface InvoiceRecord extends InvoiceInput {
  readonly customerId: number;
  readonly status: string;
}

/** A stored message template. */
export interface TemplateRecord {
  readonly id: number;
  readonly channel: string;
  readonly subject: string | null;
  readonly body: string;
}

/** Everything a batch of deliveries refers to, loaded in four queries. */
export interface BatchData {
  readonly customers: ReadonlyMap<number, CustomerRecord>;
  readonly invoices: ReadonlyMap<number, InvoiceRecord>;
  readonly templates: ReadonlyMap<number, TemplateRecord>;
  /** `<customer id>:<channel>` of every opt-out among the batch's customers. */
  readonly optOuts: ReadonlySet<string>;
}

const CUSTOMER_FIELDS = [
  'id',
  'name',
  'email',
  'mobile',
  'plan',
  'city',
  'neighbourhood',
  'dueDay',
  'birthDate',
  'status',
];
const INVOICE_FIELDS = [
  'id',
  'customerId',
  'reference',
  'amount',
  'dueDate',
  'paidAt',
  'paidAmount',
  'status',
  'digitableLine',
  'pixCode',
  'paymentLink',
];

/** Loads, fresh, the customers, invoices, templates and opt-outs of a batch. */
export async function loadBatch(
  db: Knex,
  mapping: HostMapping,
  deliveries: readonly Delivery[],
): Promise<BatchData> {
  const ids = (pick: (delivery: Delivery) => number | null) => [
    ...new Set(deliveries.map(pick).filter((id): id is number => id !== null)),
  ];
  const customerIds = ids((delivery) => delivery.customerId);
  const invoiceIds = ids((delivery) => delivery.invoiceId);
  const templateIds = ids((delivery) => delivery.templateId);

  const [customers, invoices, templates, optOuts] = await Promise.all([
    mapped<CustomerRecord>(db, mapping.customers, CUSTOMER_FIELDS, customerIds),
    mapped<InvoiceRecord>(db, mapping.invoices, INVOICE_FIELDS, invoiceIds),
    templateIds.length === 0
      ? []
      : db<TemplateRecord>('recado_templates').whereIn('id', templateIds),
    customerIds.length === 0
      ? []
      : db('recado_opt_outs').whereIn('customer_id', customerIds).select('customer_id', 'channel'),
  ]);
  return {
    customers: byId(customers),
    invoices: byId(invoices),
    templates: byId(templates),
    optOuts: new Set(
      optOuts.map(
        (row: { customer_id: number; channel: string }) => `${row.customer_id}:${row.channel}`,
      ),
    ),
  };
}

async function mapped<T extends { id: number }>(
  db: Knex,
  table: TableMapping,
  fields: readonly string[],
  ids: number[],
): Promise<T[]> {
  if (ids.length === 0) return [];
  const columns = Object.fromEntries(fields.map((field) => [field, columnOf(table, field)]));
  const rows = (await db(table.table).select(columns).whereIn(columnOf(table, 'id'), ids)) as T[];
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

function byId<T extends { id: number }>(rows: readonly T[]): Map<number, T> {
  return new Map(rows.map((row) => [Number(row.id), row]));
}
