import { RecadoError } from '../../core/errors.js';
import { addDays, isCalendarDate } from '../../core/filters/calendar.js';
import { CUSTOMER_ALIAS } from '../../core/filters/index.js';
import { columnOf } from '../../core/mapping.js';
import type { ChannelName } from '../../queue/types.js';
import { queryContext } from './evaluate.js';
import { firingInstant, localClock, scheduledTarget, type BillingDeps } from './rule-plan.js';
import { queueColumns, ruleQuery, RULE_INVOICE_ALIAS, targetsInvoice } from './rule-query.js';
import { SCHEDULED_KINDS, type RuleKind } from './rule-schema.js';
import type { BillingRule, RuleStore } from './rules.js';

/** One customer a rule would reach, and the invoice it would be about. */
export interface DryRunRow {
  readonly customerId: number;
  readonly customerName: string;
  /** The address the notice would go to. */
  readonly recipient: string;
  /** Null for birthday greetings. */
  readonly invoiceId: number | null;
  readonly reference: string | null;
  /** In reais. */
  readonly amount: number | null;
  /** `YYYY-MM-DD`. */
  readonly dueDate: string | null;
}

/** What one channel of a rule would enqueue. */
export interface DryRunChannel {
  readonly channel: ChannelName;
  /** Deliveries the evaluation would add on a day nothing was enqueued yet. */
  readonly count: number;
  /** The first of them, by customer id. */
  readonly first: readonly DryRunRow[];
}

/** Why and when a rule fires on the day, and whom it reaches. */
export interface DryRunRule {
  readonly ruleId: number;
  readonly name: string;
  readonly kind: RuleKind;
  /** The step in days (`before_due` / `after_due`), else null. */
  readonly days: number | null;
  /** The due date the rule looks for that day; null for birthdays. */
  readonly dueDate: string | null;
  /** The instant the evaluation would enqueue it: the rule's hour in the provider's zone. */
  readonly firesAt: Date;
  readonly channels: readonly DryRunChannel[];
}

/** "Who receives the notices of <day>, and why". */
export interface DryRun {
  /** The provider's day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly rules: readonly DryRunRule[];
}

/** Options of {@link dryRun}. */
export interface DryRunOptions {
  /** `YYYY-MM-DD`; default tomorrow in the provider's zone. */
  readonly date?: string;
  /** Customers listed per rule and channel, 0–200. Default 20. */
  readonly sample?: number;
}

/**
 * What the evaluation would enqueue on a day, before anything is sent: per enabled
 * scheduled rule and channel, the count and the first customers with their invoice, from
 * the very query the evaluation inserts from (without the `INSERT`, over all customer ids
 * at once), read at the instant the rule would fire. Event rules (receipts, blocks) are not
 * listed: nobody knows in advance who will pay or be blocked.
 */
export async function dryRun(
  deps: BillingDeps,
  rules: RuleStore,
  options: DryRunOptions = {},
): Promise<DryRun> {
  const day = options.date ?? addDays(localClock(deps.now(), deps.timeZone).day, 1);
  if (!isCalendarDate(day)) {
    throw new RecadoError('RECADO_INPUT_INVALID', { field: 'date', reason: day });
  }
  const sample = Math.min(Math.max(Math.trunc(options.sample ?? 20), 0), 200);
  const scheduled = await rules.list({ enabledOnly: true, kinds: SCHEDULED_KINDS });

  const listed: DryRunRule[] = [];
  for (const rule of scheduled) listed.push(await dryRunRule(deps, rule, day, sample));
  return { day, rules: listed };
}

async function dryRunRule(
  deps: BillingDeps,
  rule: BillingRule,
  day: string,
  sample: number,
): Promise<DryRunRule> {
  const firesAt = firingInstant(day, rule.sendHour, deps.timeZone);
  const context = await queryContext(deps, firesAt);
  const target = scheduledTarget(rule, day);
  const customers = deps.mapping.customers;
  const invoices = deps.mapping.invoices;
  const invoiceColumn = (logical: string) =>
    targetsInvoice(target)
      ? `${RULE_INVOICE_ALIAS}.${columnOf(invoices, logical)}`
      : deps.db.raw('null');

  const channels: DryRunChannel[] = [];
  for (const channel of rule.channels) {
    if (rule.templates[channel] === null) continue;
    const counted = (await ruleQuery(context, rule, channel, target).count({ n: '*' })) as {
      n: number | string;
    }[];
    const rows =
      sample === 0
        ? []
        : ((await ruleQuery(context, rule, channel, target)
            .select({
              ...queueColumns(context, channel, target),
              customer_name: `${CUSTOMER_ALIAS}.${columnOf(customers, 'name')}`,
              reference: invoiceColumn('reference'),
              amount: invoiceColumn('amount'),
              due_date: invoiceColumn('dueDate'),
            })
            .orderBy(`${CUSTOMER_ALIAS}.${columnOf(customers, 'id')}`)
            .limit(sample)) as Record<string, unknown>[]);
    channels.push({ channel, count: Number(counted[0]?.n ?? 0), first: rows.map(toRow) });
  }
  const dueDate = target.kind === 'due' ? target.dueDate : null;
  return {
    ruleId: rule.id,
    name: rule.name,
    kind: rule.kind,
    days: rule.days,
    dueDate,
    firesAt,
    channels,
  };
}

function toRow(row: Record<string, unknown>): DryRunRow {
  const orNull = <T>(value: unknown, cast: (value: unknown) => T): T | null =>
    value === null || value === undefined ? null : cast(value);
  return {
    customerId: Number(row.customer_id),
    customerName: String(row.customer_name),
    recipient: String(row.recipient),
    invoiceId: orNull(row.invoice_id, Number),
    reference: orNull(row.reference, String),
    amount: orNull(row.amount, Number),
    dueDate: orNull(row.due_date, (value) => String(value).slice(0, 10)),
  };
}
