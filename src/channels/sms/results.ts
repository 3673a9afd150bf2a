import type { FailureKind, SendResult } from '../channel.js';
import type { HttpOutcome } from './http.js';
import type { NumberRefusal } from './numbers.js';

/** One row of a gateway's classification table: what a documented code means for a retry. */
export interface CodeClass {
  readonly kind: FailureKind;
  /** What the code means, for the delivery log. */
  readonly meaning: string;
}

/** Longest reason kept; the queue's `error_reason` column holds 500 characters. */
const MAX_REASON = 300;

/** An accepted send; the provider id is kept when the gateway gave one (128 characters at most). */
export function accepted(providerId?: string | number | null): SendResult {
  if (providerId === undefined || providerId === null || providerId === '') {
    return { status: 'accepted' };
  }
  return { status: 'accepted', providerId: String(providerId).slice(0, 128) };
}

/** A failed send; the code is cut to 64 characters and the reason to one line of 300. */
export function failed(
  kind: FailureKind,
  code: string,
  reason: string,
  retryAfterMs?: number,
): SendResult {
  const base = { status: 'failed', kind, code: code.slice(0, 64), reason: clip(reason) } as const;
  return retryAfterMs === undefined ? base : { ...base, retryAfterMs };
}

/** A reason cut to fit the log, on one line. */
export function clip(text: string, length = MAX_REASON): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

/** The failure for a recipient that is not a Brazilian mobile: permanent, nothing was sent. */
export function refusedNumber(prefix: string, refusal: NumberRefusal): SendResult {
  const reasons: Record<NumberRefusal, string> = {
    invalid: 'the recipient is not a valid phone number',
    landline: 'the recipient is a landline, which cannot receive SMS',
    foreign: 'the recipient is not a Brazilian number',
  };
  return failed('permanent', `${prefix}_NUMBER_${refusal.toUpperCase()}`, reasons[refusal]);
}

/**
 * A transport failure as a send result: nothing went out after a connect failure
 * (transient) or a request that could not be built (permanent: the configuration is
 * wrong); after a timeout, a reset or an oversized answer the message may have been sent
 * (unknown).
 */
export function transportResult(
  prefix: string,
  outcome: Extract<HttpOutcome, { kind: 'failure' }>,
): SendResult {
  const code = `${prefix}_${outcome.failure.toUpperCase()}`;
  const detail = `${outcome.code}: ${outcome.detail}`;
  switch (outcome.failure) {
    case 'connect':
      return failed('transient', code, `could not connect to the gateway (${detail})`);
    case 'invalid_request':
      return failed('permanent', code, `the request could not be built (${detail})`);
    case 'timeout':
      return failed(
        'unknown',
        code,
        `no answer in time; the message may have been sent (${detail})`,
      );
    case 'too_large':
      return failed('unknown', code, `the answer was too large to read (${detail})`);
    case 'reset':
      return failed(
        'unknown',
        code,
        `the connection broke; the message may have been sent (${detail})`,
      );
  }
}

/**
 * The general HTTP rule for statuses a gateway's table does not name: 408, 425 and 429 and
 * every 5xx are worth another attempt, a redirect (never followed) and the other 4xx are
 * not. `Retry-After` is honoured on 429 and 503.
 */
export function statusResult(
  prefix: string,
  status: number,
  headers: Readonly<Record<string, string>>,
  detail: string,
  table: Readonly<Record<number, CodeClass>> = {},
): SendResult {
  const code = `${prefix}_${status}`;
  const known = table[status];
  const retryAfterMs = status === 429 || status === 503 ? retryAfter(headers) : undefined;
  if (known) return failed(known.kind, code, joinReason(known.meaning, detail), retryAfterMs);
  if (status >= 300 && status < 400) {
    return failed('permanent', code, joinReason('redirect not followed; check the URL', detail));
  }
  const transient = status === 408 || status === 425 || status === 429 || status >= 500;
  return failed(
    transient ? 'transient' : 'permanent',
    code,
    joinReason(`HTTP ${status}`, detail),
    retryAfterMs,
  );
}

function joinReason(meaning: string, detail: string): string {
  return detail ? `${meaning}: ${detail}` : meaning;
}

/** `Retry-After` in ms, from delta-seconds or an HTTP date; capped at one day. */
export function retryAfter(
  headers: Readonly<Record<string, string>>,
  now = Date.now(),
): number | undefined {
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), 86_400_000);
}
