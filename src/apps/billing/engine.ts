import type { HostEvent } from '../../core/host.js';
import { DEFAULT_PROVIDER, PROVIDER_AREA, type ProviderSettings } from '../../core/settings.js';
import type { HookName } from '../../core/manifest.js';
import type { PeriodicJob } from '../../scheduler/scheduler.js';
import { BillingDashboard } from './dashboard.js';
import { defaultsInstalled, installDefaults, type InstallResult } from './defaults.js';
import { dryRun, type DryRun, type DryRunOptions } from './dry-run.js';
import { evaluate, PassMemo, type EvaluationResult } from './evaluate.js';
import { handleHook } from './hooks.js';
import { pollPayments, startPolling, type PollResult } from './poll.js';
import type { BillingDeps } from './rule-plan.js';
import { RuleStore } from './rules.js';
import {
  readBillingSettings,
  writeBillingSettings,
  writeProviderAndSettings,
  type BillingSettings,
} from './settings-schema.js';

/** Cron rules (with seconds) of the app's periodic jobs. */
export const BILLING_SCHEDULE = {
  /** The evaluation: every 10 minutes, so a rule sends within 10 minutes of its hour. */
  evaluate: '0 */10 * * * *',
  /** The payment poll: every 2 minutes, at second 30 (apart from the evaluation). */
  poll: '30 */2 * * * *',
} as const;

/**
 * The Cobrança engine, what the app's screens, hooks and jobs call: the rules, the default
 * rules, the evaluation, the dry run, the host hooks, the payment poll and the dashboard.
 */
export class BillingEngine {
  readonly rules: RuleStore;
  readonly dashboard: BillingDashboard;
  readonly #deps: BillingDeps;
  readonly #passes = new PassMemo();

  constructor(deps: BillingDeps) {
    this.#deps = deps;
    this.rules = new RuleStore({ db: deps.db, filters: deps.filters, now: deps.now });
    this.dashboard = new BillingDashboard(deps);
  }

  /** Creates the default rules and their templates that are missing. Idempotent. */
  installDefaults(): Promise<InstallResult> {
    return installDefaults(this.#deps, this.rules);
  }

  /**
   * What enabling the app does: the defaults the first time (rules the operator deleted
   * later do not come back), and the poll's watermark set to now, so that invoices paid
   * before Cobrança was enabled get no receipt.
   */
  async setUp(): Promise<void> {
    if (!(await defaultsInstalled(this.#deps))) await this.installDefaults();
    await startPolling(this.#deps);
  }

  /**
   * Enqueues what the scheduled rules owe now; see `evaluate`. A rule with a full pass in
   * the last hour is left out unless `force` (see `PassMemo`).
   */
  evaluate(now?: Date, options: { force?: boolean } = {}): Promise<EvaluationResult> {
    const memo = options.force ? undefined : this.#passes;
    return evaluate(this.#deps, this.rules, now, memo);
  }

  /** Who receives the notices of a day (default tomorrow), and why; sends nothing. */
  dryRun(options?: DryRunOptions): Promise<DryRun> {
    return dryRun(this.#deps, this.rules, options);
  }

  /** Answers a host hook; returns the deliveries added (0 for a repeat). */
  handle(hook: HookName, event: HostEvent): Promise<number> {
    return handleHook(this.#deps, this.rules, hook, event);
  }

  /** Receipts for invoices paid since the watermark; see `pollPayments`. */
  async pollPayments(now?: Date): Promise<PollResult> {
    return pollPayments(this.#deps, this.rules, await this.settings(), now);
  }

  settings(): Promise<BillingSettings> {
    return readBillingSettings(this.#deps.settings);
  }

  /** The provider's details as messages quote them. */
  provider(): Promise<ProviderSettings> {
    return this.#deps.settings.read(PROVIDER_AREA, DEFAULT_PROVIDER);
  }

  /**
   * Validates the provider's details and the app's settings and saves both, or neither;
   * `RECADO_BILLING_SETTINGS_INVALID` names the field.
   */
  saveProviderAndSettings(
    input: { provider: unknown; settings: unknown },
    updatedBy?: string,
  ): Promise<{ provider: ProviderSettings; settings: BillingSettings }> {
    return writeProviderAndSettings(this.#deps.settings, input, updatedBy);
  }

  /** Validates and saves the app's settings; `RECADO_BILLING_SETTINGS_INVALID` names the field. */
  saveSettings(input: unknown, updatedBy?: string): Promise<BillingSettings> {
    return writeBillingSettings(this.#deps.settings, input, updatedBy);
  }

  /**
   * The app's periodic jobs. The poll runs when the settings ask for it: by default only
   * on hosts that raise no hooks (`hostRaisesHooks` false).
   */
  jobs(options: { hostRaisesHooks: boolean }): PeriodicJob[] {
    const poll = async (): Promise<PollResult | undefined> => {
      const settings = await this.settings();
      const wanted =
        settings.pollPayments === 'always' ||
        (settings.pollPayments === 'auto' && !options.hostRaisesHooks);
      return wanted ? pollPayments(this.#deps, this.rules, settings) : undefined;
    };
    return [
      { name: 'billing.evaluate', rule: BILLING_SCHEDULE.evaluate, run: () => this.evaluate() },
      { name: 'billing.poll-payments', rule: BILLING_SCHEDULE.poll, run: poll },
    ];
  }
}
