import type { ChannelName } from '../../queue/types.js';
import { insertRuleRows, keyParts } from './enqueue-rule.js';
import {
  chunksOf,
  customerIdRange,
  DELIVERY_SHAPES,
  localClock,
  scheduledTarget,
  type BillingDeps,
} from './rule-plan.js';
import {
  queueColumns,
  ruleQuery,
  targetsInvoice,
  type RuleQueryContext,
  type RuleTarget,
} from './rule-query.js';
import { SCHEDULED_KINDS } from './rule-schema.js';
import type { BillingRule, RuleStore } from './rules.js';

/** Default customer ids per statement: a few hundred ms each on a million customers. */
export const DEFAULT_CHUNK = 100_000;

/** What one rule and channel added in an evaluation. */
export interface RuleOutcome {
  readonly ruleId: number;
  readonly channel: ChannelName;
  /** Deliveries this run added; 0 when an earlier run had already enqueued them. */
  readonly added: number;
}

/**
 * Remembers when each rule last had a full pass on a day, so that the evaluation job, which
 * ticks every few minutes, re-reads a rule at most once per `refreshMs`: the first pass after
 * the rule's hour sends, the hourly ones catch invoices issued since and customers whose
 * address changed. Editing a rule starts a new pass at the next tick. Held per process: two
 * machines each make their own passes, and the dedupe keys keep those from doubling.
 */
export class PassMemo {
  readonly #last = new Map<string, number>();
  readonly #refreshMs: number;

  /** `refreshMs`: least time between two full passes of an unchanged rule. Default 1 h. */
  constructor(refreshMs = 3_600_000) {
    this.#refreshMs = refreshMs;
  }

  due(rule: BillingRule, day: string, now: Date): boolean {
    const last = this.#last.get(this.#key(rule, day));
    return last === undefined || now.getTime() - last >= this.#refreshMs;
  }

  done(rule: BillingRule, day: string, now: Date): void {
    // Only today's passes matter: older ones are forgotten, so the map stays small.
    for (const key of this.#last.keys()) if (!key.endsWith(`:${day}`)) this.#last.delete(key);
    this.#last.set(this.#key(rule, day), now.getTime());
  }

  #key(rule: BillingRule, day: string): string {
    return `${rule.id}:${rule.updatedAt.getTime()}:${day}`;
  }
}

/** What an evaluation did. */
export interface EvaluationResult {
  /** The provider's local day evaluated, `YYYY-MM-DD`. */
  readonly day: string;
  /** The provider's local hour at the evaluation, 0–23. */
  readonly hour: number;
  /** Deliveries added, all rules together. */
  readonly enqueued: number;
  /** Per rule and channel whose hour had come; rules still waiting for it are absent. */
  readonly rules: readonly RuleOutcome[];
  /** Rules left out because the memo had a recent full pass of them. */
  readonly skipped: number;
  /** Wall time, in milliseconds. */
  readonly ms: number;
}

/**
 * The periodic evaluation: for each enabled scheduled rule whose hour has come in the
 * provider's zone, enqueues what is due today, set-based, one `INSERT … SELECT` per rule,
 * channel and customer-id chunk. Dedupe keys hold rule, invoice (or customer), day and
 * channel, so running it every few minutes, on several machines at once, enqueues each
 * notice once; a later run also catches invoices issued after an earlier one.
 *
 * Who is reached (decided here, tested in evaluate.test.ts): reminders go to every customer
 * whose invoice is open, blocked or cancelled included, since the invoice is still owed and
 * each step fires once; birthdays go to active and blocked customers only.
 *
 * TODO: a day on which no scheduler ran is not caught up later, since a "3 days before"
 * notice sent two days before would be wrong — a catch-up with its own wording could go in.
 */
export async function evaluate(
  deps: BillingDeps,
  rules: RuleStore,
  now: Date = deps.now(),
  memo?: PassMemo,
): Promise<EvaluationResult> {
  const started = performance.now();
  const { day, hour } = localClock(now, deps.timeZone);
  const ready = (await rules.list({ enabledOnly: true, kinds: SCHEDULED_KINDS })).filter(
    (rule) => rule.sendHour <= hour,
  );
  const due = memo ? ready.filter((rule) => memo.due(rule, day, now)) : ready;
  const range = due.length === 0 ? undefined : await customerIdRange(deps.db, deps.mapping);
  const context = await queryContext(deps, now);

  const outcomes: RuleOutcome[] = [];
  for (const rule of due) {
    for (const channel of rule.channels) {
      if (!range) break;
      const added = await enqueueRule(deps, context, rule, channel, day, range);
      outcomes.push({ ruleId: rule.id, channel, added });
    }
    memo?.done(rule, day, now);
  }

  const enqueued = outcomes.reduce((sum, outcome) => sum + outcome.added, 0);
  const ms = Math.round(performance.now() - started);
  deps.logger.info(
    { event: 'billing.evaluation.finished', day, hour, rules: due.length, enqueued, ms },
    'evaluation finished',
  );
  return { day, hour, enqueued, rules: outcomes, skipped: ready.length - due.length, ms };
}

/** The filter clock and the host's column hints, shared by every query of a run. */
export async function queryContext(deps: BillingDeps, now: Date): Promise<RuleQueryContext> {
  const hints = await deps.filters.prepare();
  return { db: deps.db, mapping: deps.mapping, timeZone: deps.timeZone, now, hints };
}

async function enqueueRule(
  deps: BillingDeps,
  context: RuleQueryContext,
  rule: BillingRule,
  channel: ChannelName,
  day: string,
  range: { min: number; max: number },
): Promise<number> {
  const templateId = rule.templates[channel];
  if (templateId === null) return 0;
  const target = scheduledTarget(rule, day);
  const rows = {
    ...keyParts(rule.id, aboutOf(target), `:${day}:${channel}`),
    ruleId: rule.id,
    channel,
    templateId,
    ...DELIVERY_SHAPES[rule.kind],
    runAt: context.now,
    now: context.now,
  };
  let added = 0;
  for (const chunk of chunksOf(range, deps.chunkSize ?? DEFAULT_CHUNK)) {
    const select = ruleQuery(context, rule, channel, target, chunk).select(
      queueColumns(context, channel, target),
    );
    added += await insertRuleRows(deps.db, rows, select);
  }
  return added;
}

/** What a target's dedupe keys name: the invoice, or the customer. */
export function aboutOf(target: RuleTarget): 'invoice' | 'customer' {
  return targetsInvoice(target) ? 'invoice' : 'customer';
}
