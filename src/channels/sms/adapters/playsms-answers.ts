import type { PolledStatus } from '../adapter.js';
import { parseJson } from '../encoding.js';
import type { CodeClass } from '../results.js';

/**
 * playSMS webservices error codes (`web/inc/app/webservices.php`, WEBSERVICES.md; CONFIRMED)
 * and what each means for another attempt (the classes are INFERRED in the reference).
 */
export const PLAYSMS_ERRORS: Readonly<Record<string, CodeClass>> = {
  '100': { kind: 'permanent', meaning: 'authentication failed: check the user and the token' },
  '101': { kind: 'permanent', meaning: 'type of action invalid or unknown' },
  '102': { kind: 'permanent', meaning: 'one or more fields empty' },
  '103': { kind: 'permanent', meaning: 'not enough credit: top up the account' },
  '104': { kind: 'permanent', meaning: 'webservice token not available' },
  '105': { kind: 'permanent', meaning: 'webservice token not enabled for this user' },
  '106': { kind: 'permanent', meaning: 'webservice token not allowed from this IP address' },
  '200': { kind: 'transient', meaning: 'send message failed at the gateway' },
  '201': { kind: 'permanent', meaning: 'destination number or message empty' },
};

/** A send answer read: accepted with the smslog id, refused with a code, or unreadable. */
export type PvAnswer =
  | { readonly ok: true; readonly smslogId?: string; readonly queue?: string }
  | { readonly ok: false; readonly error: string; readonly text?: string }
  | { readonly ok: 'unreadable' };

type Json = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/**
 * Reads the three answer styles playSMS servers give (all with HTTP 200):
 * JSON with `data[]` (≥ 1.0), flat JSON `{"status":"OK","smslog_id":…}` (0.9.9), and plain
 * text `OK <id>,<queue>`, `OK <to>,<id>,<queue>` or `ERR <code>` (0.9.x).
 */
export function readPvAnswer(text: string): PvAnswer {
  const json = parseJson(text);
  if (json && typeof json === 'object') return readJson(json as Json);

  const line = text.trim().split(/\r?\n/)[0] ?? '';
  const ok = /^OK\b\s*(.*)$/.exec(line);
  if (ok) {
    const parts = (ok[1] ?? '').split(',').map((part) => part.trim());
    const [first, second, third] = parts;
    return parts.length >= 3
      ? { ok: true, smslogId: second, queue: third }
      : { ok: true, smslogId: first || undefined, queue: second };
  }
  const err = /^ERR\s+(\d+)\s*(.*)$/.exec(line);
  if (err) return { ok: false, error: err[1] as string, text: err[2] || undefined };
  return { ok: 'unreadable' };
}

function readJson(json: Json): PvAnswer {
  const item = Array.isArray(json.data) ? (json.data[0] as Json | undefined) : undefined;
  const answer = item && typeof item === 'object' ? item : json;
  const status = str(answer.status)?.toUpperCase();
  if (status === 'OK') {
    return { ok: true, smslogId: str(answer.smslog_id), queue: str(answer.queue) };
  }
  const error = str(answer.error) ?? str(json.error);
  if (status === 'ERR' && error) {
    return { ok: false, error, text: str(answer.error_string) ?? str(json.error_string) };
  }
  return { ok: 'unreadable' };
}

/** playSMS `p_status` of a message: 0 pending, 1 sent, 2 failed, 3 delivered (`fn_dlr.php`). */
const DS_STATUS: Readonly<Record<string, PolledStatus>> = {
  '0': { status: 'pending', detail: 'pending at the gateway' },
  '1': { status: 'pending', detail: 'sent to the operator' },
  '2': { status: 'not_delivered', detail: 'failed' },
  '3': { status: 'delivered', detail: 'delivered' },
};

/** Codes of a status query that mean "no final word yet" rather than an error. */
const DS_PENDING = new Set(['400', '401', '402']);

/** Reads an `op=ds` answer for one smslog id. */
export function readDsAnswer(text: string, prefix: string): PolledStatus {
  const json = parseJson(text);
  const data = (json as Json | undefined)?.data;
  const item = Array.isArray(data) ? (data[0] as Json | undefined) : undefined;
  const status = item && str(item.status);
  if (status !== undefined && DS_STATUS[status]) return DS_STATUS[status];

  const error = readPvAnswer(text);
  if (error.ok === false && DS_PENDING.has(error.error)) {
    return { status: 'pending', detail: `ERR ${error.error}` };
  }
  if (error.ok === false) {
    const meaning = PLAYSMS_ERRORS[error.error]?.meaning ?? error.text ?? 'error';
    return { status: 'error', code: `${prefix}_ERR_${error.error}`, reason: meaning };
  }
  return {
    status: 'error',
    code: `${prefix}_UNREADABLE`,
    reason: 'the status answer could not be read',
  };
}

/** Credit from an `op=cr` answer: `credit` at the top or in `data` (as the playSMS client reads it). */
export function readCredit(text: string): string | undefined {
  const json = parseJson(text) as Json | undefined;
  if (!json || typeof json !== 'object') return undefined;
  const data = json.data as Json | Json[] | undefined;
  const inner = Array.isArray(data) ? data[0] : data;
  return str(json.credit) ?? (inner && typeof inner === 'object' ? str(inner.credit) : undefined);
}
