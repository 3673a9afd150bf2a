import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { addDays } from '../../core/filters/calendar.js';
import type { FilterEngine } from '../../core/filters/index.js';
import { columnOf, type HostMapping } from '../../core/mapping.js';
import type { SettingsStore } from '../../core/settings.js';
import type { DeliveryKind } from '../../queue/types.js';
import { instantAt, wallClock } from '../../scheduler/gate/zoned-time.js';
import type { RuleKind } from './rule-schema.js';
import type { RuleTarget } from './rule-query.js';
import type { BillingRule } from './rules.js';

/** What the Cobrança engine is built from, once per process. */
export interface BillingDeps {
  readonly db: Knex;
  readonly mapping: HostMapping;
  /** Validates rule filters and reads the host's column hints. */
  readonly filters: FilterEngine;
  /** Keeps the app's settings, the poll watermark and the defaults marker. */
  readonly settings: SettingsStore;
  /** The provider's IANA zone: due dates, birthdays and send hours are read in it. */
  readonly timeZone: string;
  /** The clock; tests pass a fixed instant. */
  readonly now: () => Date;
  /** Child logger with `app: billing`. */
  readonly logger: Logger;
  /** Customer ids per `INSERT … SELECT` of the evaluation. Default 100 000. */
  readonly chunkSize?: number;
}

/** The provider's calendar day and hour at an instant. */
export interface LocalClock {
  /** `YYYY-MM-DD` in the provider's zone. */
  readonly day: string;
  /** 0–23 in the provider's zone. */
  readonly hour: number;
}

export function localClock(now: Date, timeZone: string): LocalClock {
  const wall = wallClock(now, timeZone);
  return { day: wall.date, hour: Math.floor(wall.minute / 60) };
}

/** The instant a scheduled rule fires on a day: its hour, in the provider's zone. */
export function firingInstant(day: string, hour: number, timeZone: string): Date {
  return instantAt(day, hour * 60, timeZone);
}

/** What the rows of a rule kind look like in the queue. */
export interface DeliveryShape {
  readonly kind: DeliveryKind;
  readonly payload: Readonly<Record<string, unknown>>;
}

const REMINDER: DeliveryShape = {
  kind: 'transactional',
  payload: { requireOpenInvoice: true, collection: true },
};

/**
 * Kind and payload per rule kind. Reminders and the invoice-created notice are skipped at
 * send time when the invoice was settled meanwhile, and keep the collection hours (as does
 * the block notice). Receipts and unblock notices are good news: they go at once. Birthday
 * greetings are marketing: opted-out customers do not get them, and they carry the
 * unsubscribe link.
 */
export const DELIVERY_SHAPES: Readonly<Record<RuleKind, DeliveryShape>> = {
  before_due: REMINDER,
  on_due: REMINDER,
  after_due: REMINDER,
  invoice_created: REMINDER,
  payment_confirmed: { kind: 'transactional', payload: {} },
  customer_blocked: { kind: 'transactional', payload: { collection: true } },
  customer_unblocked: { kind: 'transactional', payload: {} },
  birthday: { kind: 'marketing', payload: {} },
};

/** What a scheduled rule selects on a local day: the invoices due then, or the birthdays. */
export function scheduledTarget(rule: BillingRule, day: string): RuleTarget {
  switch (rule.kind) {
    case 'before_due':
      return { kind: 'due', dueDate: addDays(day, rule.days ?? 0) };
    case 'on_due':
      return { kind: 'due', dueDate: day };
    case 'after_due':
      return { kind: 'due', dueDate: addDays(day, -(rule.days ?? 0)) };
    case 'birthday':
      return { kind: 'birthday' };
    default:
      throw new Error(`rule kind ${rule.kind} is not scheduled`);
  }
}

/** Smallest and largest customer id, the range the evaluation walks in chunks. */
export async function customerIdRange(
  db: Knex,
  mapping: HostMapping,
): Promise<{ min: number; max: number } | undefined> {
  const id = columnOf(mapping.customers, 'id');
  const row = (await db(mapping.customers.table).min({ min: id }).max({ max: id }).first()) as
    { min: number | null; max: number | null } | undefined;
  return row?.min == null || row.max == null
    ? undefined
    : { min: Number(row.min), max: Number(row.max) };
}

/** Consecutive customer-id ranges of at most `size` ids covering `[min, max]`. */
export function chunksOf(
  range: { min: number; max: number },
  size: number,
): { from: number; to: number }[] {
  const chunks: { from: number; to: number }[] = [];
  for (let from = range.min; from <= range.max; from += size) {
    chunks.push({ from, to: Math.min(from + size - 1, range.max) });
  }
  return chunks;
}
