import type { HostEvent, HostEventHandler } from '../../core/host.js';
import type { HookName } from '../../core/manifest.js';
import type { ChannelName } from '../../queue/types.js';
import { insertRuleRows, keyParts } from './enqueue-rule.js';
import { aboutOf, queryContext } from './evaluate.js';
import { DELIVERY_SHAPES, localClock, type BillingDeps } from './rule-plan.js';
import { queueColumns, ruleQuery, type RuleQueryContext, type RuleTarget } from './rule-query.js';
import type { RuleKind } from './rule-schema.js';
import type { BillingRule, RuleStore } from './rules.js';

/** How a host hook becomes deliveries: which rules answer it, whom and what they name. */
interface HookPlan {
  readonly ruleKind: RuleKind;
  /** What the rules select, or undefined when the event lacks the id it needs. */
  target(event: HostEvent): RuleTarget | undefined;
  /** The end of each dedupe key: what makes the event once-only. */
  keySuffix(event: HostEvent, day: string, channel: ChannelName): string;
}

const idOf = (value: number | string | undefined): number | undefined => {
  const id = Number(value);
  return value !== undefined && Number.isSafeInteger(id) && id > 0 ? id : undefined;
};

/**
 * Dedupe keys: an invoice is paid or created once, so its key has no day
 * (`rule:7:invoice:345:paid:email`); a customer may be blocked again next month and must be
 * told again, so block keys hold the provider's day of `occurredAt`.
 */
const PLANS: Readonly<Record<HookName, HookPlan>> = {
  'invoice.paid': {
    ruleKind: 'payment_confirmed',
    target: (event) => invoiceTarget(event, 'paid'),
    keySuffix: (_event, _day, channel) => `:paid:${channel}`,
  },
  'invoice.created': {
    ruleKind: 'invoice_created',
    target: (event) => invoiceTarget(event, 'open'),
    keySuffix: (_event, _day, channel) => `:created:${channel}`,
  },
  'customer.blocked': {
    ruleKind: 'customer_blocked',
    target: (event) => customerTarget(event, 'blocked'),
    keySuffix: (_event, day, channel) => `:blocked:${day}:${channel}`,
  },
  'customer.unblocked': {
    ruleKind: 'customer_unblocked',
    target: (event) => customerTarget(event, 'active'),
    keySuffix: (_event, day, channel) => `:unblocked:${day}:${channel}`,
  },
};

function invoiceTarget(event: HostEvent, status: 'open' | 'paid'): RuleTarget | undefined {
  const invoiceId = idOf(event.invoiceId);
  return invoiceId === undefined ? undefined : { kind: 'invoice', invoiceId, status };
}

function customerTarget(event: HostEvent, status: 'blocked' | 'active'): RuleTarget | undefined {
  const customerId = idOf(event.customerId);
  return customerId === undefined ? undefined : { kind: 'customer', customerId, status };
}

/**
 * Answers one host hook: each enabled rule of the matching kind enqueues one delivery per
 * channel, if the customer matches its filter, has an address for the channel, and the
 * invoice or customer is (still) in the state the hook announces — a hook raised for an
 * invoice that is not paid sends no receipt. Values the message shows (payment date,
 * amount, reference) are read from the invoice when it is sent. Returns rows added.
 */
export async function handleHook(
  deps: BillingDeps,
  rules: RuleStore,
  hook: HookName,
  event: HostEvent,
): Promise<number> {
  const plan = PLANS[hook];
  const target = plan.target(event);
  if (!target) {
    deps.logger.warn({ event: 'billing.hook.dropped', hook }, 'hook without the id it needs');
    return 0;
  }
  const matching = await rules.list({ enabledOnly: true, kinds: [plan.ruleKind] });
  if (matching.length === 0) return 0;

  const occurredAt = event.occurredAt ?? deps.now();
  const { day } = localClock(occurredAt, deps.timeZone);
  const context = await queryContext(deps, occurredAt);
  let added = 0;
  for (const rule of matching) {
    added += await enqueueTarget(deps, context, rule, target, (channel) =>
      plan.keySuffix(event, day, channel),
    );
  }
  deps.logger.info({ event: 'billing.hook.enqueued', hook, added }, 'hook answered');
  return added;
}

/** One rule's rows for a target on each of its channels, set-based; returns rows added. */
export async function enqueueTarget(
  deps: BillingDeps,
  context: RuleQueryContext,
  rule: BillingRule,
  target: RuleTarget,
  keySuffix: (channel: ChannelName) => string,
): Promise<number> {
  let added = 0;
  for (const channel of rule.channels) {
    const templateId = rule.templates[channel];
    if (templateId === null) continue;
    const rows = {
      ...keyParts(rule.id, aboutOf(target), keySuffix(channel)),
      ruleId: rule.id,
      channel,
      templateId,
      ...DELIVERY_SHAPES[rule.kind],
      runAt: deps.now(),
      now: deps.now(),
    };
    const select = ruleQuery(context, rule, channel, target).select(
      queueColumns(context, channel, target),
    );
    added += await insertRuleRows(deps.db, rows, select);
  }
  return added;
}

/** The handlers the plugin relays host hooks to while Cobrança is enabled. */
export function billingHooks(
  handle: (hook: HookName, event: HostEvent) => Promise<unknown>,
): Partial<Record<HookName, HostEventHandler>> {
  const handler = (hook: HookName) => async (event: HostEvent) => {
    await handle(hook, event);
  };
  return {
    'invoice.paid': handler('invoice.paid'),
    'invoice.created': handler('invoice.created'),
    'customer.blocked': handler('customer.blocked'),
    'customer.unblocked': handler('customer.unblocked'),
  };
}
