import type { Knex } from 'knex';
import { fromSqlTime } from '../../lib/time.js';
import type { DeliveryStatus } from '../../queue/types.js';
import { columnOf, type HostMapping } from '../mapping.js';

/** Rows a page of the per-recipient log shows. */
export const LOG_PAGE_SIZE = 50;
/** Test messages the campaign page lists, newest first. */
export const TESTS_SHOWN = 5;

/** Every status a delivery can have, in the order the log's filter offers them. */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'queued',
  'sending',
  'sent',
  'failed',
  'skipped',
  'cancelled',
  'unknown',
];

/** One delivery of a campaign, as the log shows it. */
export interface LogEntry {
  readonly id: number;
  readonly customerId: number | null;
  /** From the host table now; null when the customer is gone. */
  readonly customerName: string | null;
  /** The address the message went, or goes, to. */
  readonly recipient: string | null;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** The failure's or skip's code, e.g. `RECADO_SKIP_OPTED_OUT`. */
  readonly errorCode: string | null;
  /** Why it failed or was skipped, as the worker recorded it. */
  readonly errorReason: string | null;
  readonly sentAt: Date | null;
  readonly updatedAt: Date;
}

/** One page of the log. */
export interface LogPage {
  readonly entries: readonly LogEntry[];
  /** Deliveries under the status filter. */
  readonly total: number;
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
}

type Row = Record<string, unknown>;

function toEntry(row: Row): LogEntry {
  const time = (value: unknown) => (value ? fromSqlTime(String(value)) : null);
  return {
    id: Number(row.id),
    customerId: row.customer_id === null ? null : Number(row.customer_id),
    customerName: (row.customer_name as string | null) ?? null,
    recipient: (row.recipient as string | null) ?? null,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    errorCode: (row.error_code as string | null) ?? null,
    errorReason: (row.error_reason as string | null) ?? null,
    sentAt: time(row.sent_at),
    updatedAt: time(row.updated_at) ?? new Date(0),
  };
}

/** Reads a campaign's deliveries from `recado_deliveries`, with the customers' names. */
export class CampaignLog {
  readonly #db: Knex;
  readonly #mapping: HostMapping;

  constructor(deps: { db: Knex; mapping: HostMapping }) {
    this.#db = deps.db;
    this.#mapping = deps.mapping;
  }

  /** A page of the log in delivery order; `status` narrows it to one status. */
  async page(campaignId: number, options: { status?: DeliveryStatus; page: number }) {
    const scope = (query: Knex.QueryBuilder) => {
      query.where('d.campaign_id', campaignId);
      if (options.status) query.where('d.status', options.status);
      return query;
    };
    const counted = (await scope(this.#db('recado_deliveries as d')).count({ n: '*' }).first()) as
      { n: number | string } | undefined;
    const total = Number(counted?.n ?? 0);
    const pages = Math.max(1, Math.ceil(total / LOG_PAGE_SIZE));
    const page = Math.min(Math.max(1, options.page), pages);

    const rows = (await scope(this.#withCustomer())
      .orderBy('d.id')
      .limit(LOG_PAGE_SIZE)
      .offset((page - 1) * LOG_PAGE_SIZE)) as Row[];
    return { entries: rows.map(toEntry), total, page, pages } satisfies LogPage;
  }

  /** The latest test messages of a campaign. */
  async tests(campaignId: number): Promise<LogEntry[]> {
    const rows = (await this.#withCustomer()
      .where({ 'd.source': 'test', 'd.source_id': String(campaignId) })
      .orderBy('d.id', 'desc')
      .limit(TESTS_SHOWN)) as Row[];
    return rows.map(toEntry);
  }

  /** Deliveries by status of each campaign, in one query, for the list. */
  async counts(campaignIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
    const counts = new Map<number, Record<string, number>>();
    if (campaignIds.length === 0) return counts;
    const rows = (await this.#db('recado_deliveries')
      .select('campaign_id', 'status')
      .count({ n: '*' })
      .whereIn('campaign_id', campaignIds)
      .groupBy('campaign_id', 'status')) as { campaign_id: number; status: string; n: unknown }[];
    for (const row of rows) {
      const id = Number(row.campaign_id);
      const byStatus = counts.get(id) ?? {};
      byStatus[row.status] = Number(row.n);
      counts.set(id, byStatus);
    }
    return counts;
  }

  #withCustomer(): Knex.QueryBuilder {
    const customers = this.#mapping.customers;
    return this.#db('recado_deliveries as d')
      .leftJoin(`${customers.table} as c`, `c.${columnOf(customers, 'id')}`, 'd.customer_id')
      .select(
        'd.id',
        'd.customer_id',
        'd.recipient',
        'd.status',
        'd.attempts',
        'd.error_code',
        'd.error_reason',
        'd.sent_at',
        'd.updated_at',
        { customer_name: `c.${columnOf(customers, 'name')}` },
      );
  }
}
