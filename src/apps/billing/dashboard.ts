import type { Knex } from 'knex';
import { addDays, startOfDayUtc } from '../../core/filters/calendar.js';
import { columnOf, statusOf } from '../../core/mapping.js';
import { dialectOf } from '../../lib/database.js';
import { fromSqlTime, toSqlTime } from '../../lib/time.js';
import type { ChannelName, DeliveryStatus } from '../../queue/types.js';
import { wallClock } from '../../scheduler/gate/zoned-time.js';
import { localClock, type BillingDeps } from './rule-plan.js';

/** Age buckets of the overdue dashboard, in days past the due date (inclusive). */
export const AGE_BUCKETS = [
  { id: '1-15', from: 1, to: 15 },
  { id: '16-30', from: 16, to: 30 },
  { id: '31-60', from: 31, to: 60 },
  { id: '61+', from: 61, to: null },
] as const;

/** Customers and money overdue in one age bucket. */
export interface AgeBucket {
  /** `1-15`, `16-30`, `31-60` or `61+`. */
  readonly bucket: (typeof AGE_BUCKETS)[number]['id'];
  /** Customers whose oldest open overdue invoice is this old. */
  readonly customers: number;
  /** All their overdue open invoices. */
  readonly invoices: number;
  /** Sum of those invoices' amounts, in reais. */
  readonly amount: number;
}

/** Notices sent on one provider day by one rule on one channel. */
export interface SentPerDay {
  /** `YYYY-MM-DD` in the provider's zone. */
  readonly day: string;
  readonly ruleId: number;
  readonly channel: ChannelName;
  readonly sent: number;
}

/** Invoices paid within the window after a rule's notice about them. */
export interface Recovered {
  readonly ruleId: number;
  readonly channel: ChannelName;
  /** Each invoice counted once per rule and channel. */
  readonly invoices: number;
  /** Paid amount (the amount where the host records none), in reais. */
  readonly amount: number;
}

/** One notice in a customer's history. */
export interface HistoryEntry {
  readonly deliveryId: number;
  readonly ruleId: number | null;
  readonly channel: ChannelName;
  readonly invoiceId: number | null;
  readonly recipient: string | null;
  readonly status: DeliveryStatus;
  readonly errorCode: string | null;
  readonly errorReason: string | null;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

const asDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : fromSqlTime(String(value));

/** The Cobrança dashboard: one query per figure, values bound, read-only. */
export class BillingDashboard {
  readonly #deps: BillingDeps;

  constructor(deps: BillingDeps) {
    this.#deps = deps;
  }

  /**
   * Overdue customers and money now, by age. A customer is aged by the oldest of their
   * open overdue invoices, and the bucket holds all their overdue money, so every overdue
   * customer is in exactly one bucket and the buckets add up to the totals. Uses the host
   * index invoices (status, due_date, customer_id): a range on the open invoices due
   * before today.
   */
  async overdueByAge(now: Date = this.#deps.now()): Promise<AgeBucket[]> {
    const { db, mapping } = this.#deps;
    const today = localClock(now, this.#deps.timeZone).day;
    const column = (logical: string) => columnOf(mapping.invoices, logical);
    const perCustomer = db(mapping.invoices.table)
      .select({ customer_id: column('customerId') })
      .min({ oldest: column('dueDate') })
      .count({ invoices: '*' })
      .sum({ amount: column('amount') })
      .where(column('status'), statusOf(mapping.invoices, 'open'))
      .where(column('dueDate'), '<', today)
      .groupBy(column('customerId'));
    const bounds = [15, 30, 60].map((days) => addDays(today, -days));
    const rows = (await db
      .from(perCustomer.as('o'))
      .select(
        db.raw(
          `case when o.oldest >= ? then '1-15' when o.oldest >= ? then '16-30' ` +
            `when o.oldest >= ? then '31-60' else '61+' end as bucket`,
          bounds,
        ),
      )
      .count({ customers: '*' })
      .sum({ invoices: 'o.invoices', amount: 'o.amount' })
      .groupBy('bucket')) as {
      bucket: string;
      customers: unknown;
      invoices: unknown;
      amount: unknown;
    }[];
    const found = new Map(rows.map((row) => [row.bucket, row]));
    return AGE_BUCKETS.map(({ id }) => ({
      bucket: id,
      customers: Number(found.get(id)?.customers ?? 0),
      invoices: Number(found.get(id)?.invoices ?? 0),
      amount: Math.round(Number(found.get(id)?.amount ?? 0) * 100) / 100,
    }));
  }

  /**
   * Notices sent per provider day, rule and channel over the last `days` days (default 30).
   * Days are read with the zone's offset at `now`, exact for zones without daylight saving
   * time (all of Brazil since 2019). Uses recado_deliveries_source_sent_idx.
   */
  async sentPerDay(options: { days?: number; now?: Date } = {}): Promise<SentPerDay[]> {
    const { db, timeZone } = this.#deps;
    const now = options.now ?? this.#deps.now();
    const today = localClock(now, timeZone).day;
    const since = startOfDayUtc(addDays(today, -((options.days ?? 30) - 1)), timeZone);
    const local =
      dialectOf(db) === 'mysql'
        ? db.raw('date(date_add(sent_at, interval ? minute))', [offsetMinutes(now, timeZone)])
        : db.raw('date(sent_at, ?)', [`${offsetMinutes(now, timeZone)} minutes`]);
    const rows = (await db('recado_deliveries')
      .select({ day: local, rule_id: 'source_id', channel: 'channel' })
      .count({ sent: '*' })
      .where({ source: 'rule', status: 'sent' })
      .where('sent_at', '>=', since)
      .groupBy('day', 'source_id', 'channel')
      .orderBy([{ column: 'day' }, { column: 'rule_id' }, { column: 'channel' }])) as Record<
      string,
      unknown
    >[];
    return rows.map((row) => ({
      day: String(row.day).slice(0, 10),
      ruleId: Number(row.rule_id),
      channel: row.channel as ChannelName,
      sent: Number(row.sent),
    }));
  }

  /**
   * Money recovered: invoices paid within `windowDays` (default 7) after the first notice a
   * rule sent about them on a channel, for notices sent in the last `days` days (default
   * 30). Receipts never count: they are sent after the payment. Uses
   * recado_deliveries_source_sent_idx for the notices and the invoices' primary key.
   */
  async recovered(
    options: { days?: number; windowDays?: number; now?: Date } = {},
  ): Promise<Recovered[]> {
    const { db, mapping, timeZone } = this.#deps;
    const now = options.now ?? this.#deps.now();
    const since = startOfDayUtc(
      addDays(localClock(now, timeZone).day, -((options.days ?? 30) - 1)),
      timeZone,
    );
    const windowDays = options.windowDays ?? 7;
    const invoice = (logical: string) => `i.${columnOf(mapping.invoices, logical)}`;
    const notices = db('recado_deliveries')
      .select({ rule_id: 'source_id', channel: 'channel', invoice_id: 'invoice_id' })
      .min({ first_sent: 'sent_at' })
      .where({ source: 'rule', status: 'sent' })
      .where('sent_at', '>=', since)
      .whereNotNull('invoice_id')
      .groupBy('source_id', 'channel', 'invoice_id');
    const windowEnd: Knex.Raw =
      dialectOf(db) === 'mysql'
        ? db.raw('date_add(n.first_sent, interval ? day)', [windowDays])
        : db.raw('datetime(n.first_sent, ?)', [`+${windowDays} days`]);
    const rows = (await db
      .from(notices.as('n'))
      .join({ i: mapping.invoices.table }, invoice('id'), 'n.invoice_id')
      .select({ rule_id: 'n.rule_id', channel: 'n.channel' })
      .count({ invoices: '*' })
      .select(db.raw('sum(coalesce(??, ??)) as amount', [invoice('paidAmount'), invoice('amount')]))
      .where(invoice('status'), statusOf(mapping.invoices, 'paid'))
      .where(invoice('paidAt'), '>=', db.ref('n.first_sent'))
      .where(invoice('paidAt'), '<', windowEnd)
      .groupBy('n.rule_id', 'n.channel')
      .orderBy([{ column: 'rule_id' }, { column: 'channel' }])) as Record<string, unknown>[];
    return rows.map((row) => ({
      ruleId: Number(row.rule_id),
      channel: row.channel as ChannelName,
      invoices: Number(row.invoices),
      amount: Math.round(Number(row.amount ?? 0) * 100) / 100,
    }));
  }

  /**
   * A customer's Cobrança notices, newest first (default the last 50): status, error and
   * when. Uses recado_deliveries_customer_idx (customer_id, created_at).
   */
  async customerHistory(customerId: number, options: { limit?: number } = {}) {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 500);
    const rows = (await this.#deps
      .db('recado_deliveries')
      .select(
        'id',
        'source_id',
        'channel',
        'invoice_id',
        'recipient',
        'status',
        'error_code',
        'error_reason',
        'attempts',
        'created_at',
        'sent_at',
      )
      .where({ customer_id: customerId, source: 'rule' })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)) as Record<string, unknown>[];
    return rows.map((row): HistoryEntry => ({
      deliveryId: Number(row.id),
      ruleId: row.source_id === null ? null : Number(row.source_id),
      channel: row.channel as ChannelName,
      invoiceId: row.invoice_id === null ? null : Number(row.invoice_id),
      recipient: row.recipient as string | null,
      status: row.status as DeliveryStatus,
      errorCode: row.error_code as string | null,
      errorReason: row.error_reason as string | null,
      attempts: Number(row.attempts),
      createdAt: asDate(row.created_at) as Date,
      sentAt: asDate(row.sent_at),
    }));
  }
}

/** How far the zone's clock is ahead of UTC at an instant, in minutes (São Paulo: -180). */
export function offsetMinutes(now: Date, timeZone: string): number {
  const wall = wallClock(now, timeZone);
  const local = Date.parse(`${wall.date}T00:00:00Z`) + wall.minute * 60_000;
  const utc = Date.parse(toSqlTime(now).slice(0, 16).replace(' ', 'T') + ':00Z');
  return Math.round((local - utc) / 60_000);
}
