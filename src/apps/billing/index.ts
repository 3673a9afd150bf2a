import type { AppContext, AppModule } from '../../core/app-module.js';
import { BillingEngine } from './engine.js';
import { billingHooks } from './hooks.js';
import type { BillingDeps } from './rule-plan.js';
import { billingRoutes } from './routes.js';

export { BILLING_SCHEDULE, BillingEngine } from './engine.js';
export { AGE_BUCKETS, BillingDashboard } from './dashboard.js';
export type { AgeBucket, HistoryEntry, Recovered, SentPerDay } from './dashboard.js';
export { DEFAULT_RULES, type InstallResult } from './defaults.js';
export type { DryRun, DryRunChannel, DryRunOptions, DryRunRow, DryRunRule } from './dry-run.js';
export type { EvaluationResult, RuleOutcome } from './evaluate.js';
export type { PollResult } from './poll.js';
export type { BillingDeps } from './rule-plan.js';
export {
  billingErrorText,
  RULE_KINDS,
  RULE_SCHEMA,
  SCHEDULED_KINDS,
  type RuleInput,
  type RuleKind,
} from './rule-schema.js';
export type { BillingRule, RuleStore } from './rules.js';
export type { BillingSettings, PollMode } from './settings-schema.js';

const engines = new WeakMap<AppContext, BillingEngine>();

/**
 * The Cobrança engine of a mounted app, built once per app context: what its screens call
 * (`rules`, `installDefaults`, `dryRun`, `dashboard`, `settings`).
 */
export function billingEngineOf(context: AppContext): BillingEngine {
  let engine = engines.get(context);
  if (!engine) {
    engine = new BillingEngine(billingDeps(context));
    engines.set(context, engine);
  }
  return engine;
}

function billingDeps(context: AppContext): BillingDeps {
  return {
    db: context.db,
    mapping: context.mapping,
    filters: context.services.filters,
    settings: context.services.settings,
    timeZone: context.timeZone,
    now: context.now,
    logger: context.logger,
  };
}

/** Cobrança: automatic notices tied to invoices, and the overdue dashboard. */
export const billingApp: AppModule = {
  id: 'billing',
  routes: billingRoutes,
  hooks: (context) => billingHooks((hook, event) => billingEngineOf(context).handle(hook, event)),
  jobs: (context) => billingEngineOf(context).jobs({ hostRaisesHooks: Boolean(context.host.on) }),
  onEnable: (context) => billingEngineOf(context).setUp(),
};
