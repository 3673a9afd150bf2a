import { fromSqlTime, toSqlTime } from '../../lib/time.js';
import { queryContext } from './evaluate.js';
import { enqueueTarget } from './hooks.js';
import type { BillingDeps } from './rule-plan.js';
import type { RuleStore } from './rules.js';
import type { BillingSettings } from './settings-schema.js';

/** Settings area of the poll's watermark. */
export const POLL_AREA = 'billing.poll';

/** The poll's position, as UTC `YYYY-MM-DD HH:MM:SS.mmm` (how datetimes are stored). */
export interface PollState {
  /** Payments up to this instant were looked at; advanced only after their enqueue. */
  readonly since: string;
  /** When polling began (the app's first enable): nothing paid earlier gets a receipt. */
  readonly startedAt: string;
}

/** What one poll did. */
export interface PollResult {
  /** True when this call only set the watermark (the first one). */
  readonly initialised: boolean;
  /** Receipts added. */
  readonly enqueued: number;
  /** The window looked at, `(after, upTo]`; absent on the first call. */
  readonly window?: { readonly after: string; readonly upTo: string };
}

const DAY_MS = 86_400_000;

export function readPollState(deps: BillingDeps): Promise<PollState | null> {
  return deps.settings.read<PollState | null>(POLL_AREA, null);
}

/**
 * Sets the watermark to `now` unless there is one: called when the app is first enabled,
 * so that the invoices paid before are not receipted.
 */
export async function startPolling(deps: BillingDeps, now: Date = deps.now()): Promise<boolean> {
  if (await readPollState(deps)) return false;
  const stamp = toSqlTime(now);
  await deps.settings.write(POLL_AREA, { since: stamp, startedAt: stamp } satisfies PollState);
  return true;
}

/**
 * The fallback for hosts that raise no hooks: receipts for the invoices paid since the
 * watermark, set-based through the same query and with the same dedupe keys as the
 * `invoice.paid` hook, so hook and poll together still send one receipt. The window starts
 * `pollLookbackDays` before the watermark (payments written with a past date are caught;
 * the keys stop repeats) but never before polling began. The watermark moves to `now` only
 * once every rule is enqueued: a run that fails is repeated whole by the next one.
 *
 * Relies on a host index on the invoices' paid date (and status) for speed; without one
 * each poll reads the paid invoices in full.
 */
export async function pollPayments(
  deps: BillingDeps,
  rules: RuleStore,
  settings: BillingSettings,
  now: Date = deps.now(),
): Promise<PollResult> {
  const state = await readPollState(deps);
  if (!state) {
    await startPolling(deps, now);
    return { initialised: true, enqueued: 0 };
  }
  const lookback = toSqlTime(
    new Date(fromSqlTime(state.since).getTime() - settings.pollLookbackDays * DAY_MS),
  );
  const after = lookback > state.startedAt ? lookback : state.startedAt;
  const upTo = toSqlTime(now);

  const receipts = await rules.list({ enabledOnly: true, kinds: ['payment_confirmed'] });
  const context = await queryContext(deps, now);
  let enqueued = 0;
  for (const rule of receipts) {
    const target = { kind: 'paid', after, upTo } as const;
    enqueued += await enqueueTarget(deps, context, rule, target, (channel) => `:paid:${channel}`);
  }
  await deps.settings.write(POLL_AREA, { ...state, since: upTo } satisfies PollState);

  deps.logger.debug({ event: 'billing.poll.finished', after, upTo, enqueued }, 'payments polled');
  return { initialised: false, enqueued, window: { after, upTo } };
}
