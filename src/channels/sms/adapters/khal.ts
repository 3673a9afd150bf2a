import type { SendResult } from '../../channel.js';
import {
  prepare,
  trimBase,
  type BalanceResult,
  GatewayAdapter,
  type SmsMessage,
} from '../adapter.js';
import { decodeText, formBody, parseJson, queryString, type Charset } from '../encoding.js';
import type { HttpOutcome } from '../http.js';
import {
  accepted,
  clip,
  failed,
  statusResult,
  transportResult,
  type CodeClass,
} from '../results.js';
import { BASE_URL, CHARSET, LOGIN, PATH, TIMEOUT } from '../schema-parts.js';

/**
 * Khal settings.
 *
 * No Khal document exists. Rests on public callers (OBSERVED): the host
 * `172.246.132.10`, the path `/app/modulo/api/index.php`, `action=sendsms` with `lgn`,
 * `pwd`, `msg`, `numbers` in national digits (no 55). Rests on the sibling LocaSMS API
 * (OBSERVED, by analogy): the JSON answer `status` 1/0 with `data` (campaign id, taken as
 * provider id) and `msg`, the plain `0:OPERACAO INVALIDA`, `action=getbalance`.
 * Rests on configuration, as all of it is unverified: base URL, path, method, charset.
 */
export interface KhalConfig {
  /** Default `http://172.246.132.10` (plain http: no HTTPS was ever seen). */
  readonly baseUrl: string;
  /** Default `/app/modulo/api/index.php`. */
  readonly path: string;
  /** Panel login (`lgn`), as Khal sent it. Required. */
  readonly user: string;
  /** Default `GET`, as every known caller does; POST sends a form. */
  readonly method: 'GET' | 'POST';
  /** Encoding of the text. Default `utf-8`; `iso-8859-1` for an old panel. */
  readonly charset: Charset;
  /** Answer timeout, in ms. Default 10 000. */
  readonly timeoutMs: number;
}

/** Khal credentials, kept encrypted. */
export interface KhalSecrets {
  /** Panel password (`pwd`). Required. */
  readonly password: string;
}

/** JSON Schema of Khal's settings, defaults inside. */
export const KHAL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['user'],
  properties: {
    baseUrl: { ...BASE_URL, default: 'http://172.246.132.10' },
    path: { ...PATH, default: '/app/modulo/api/index.php' },
    user: LOGIN,
    method: { enum: ['GET', 'POST'], default: 'GET' },
    charset: CHARSET,
    timeoutMs: TIMEOUT,
  },
} as const;

/** Khal's answers by `status` (OBSERVED); anything else is unreadable. */
export const KHAL_STATUS: Readonly<Record<string, CodeClass>> = {
  '0': { kind: 'permanent', meaning: 'refused by Khal' },
};

/** Khal (LocaSMS-style panel API): `status` in a JSON body, always HTTP 200. */
export class KhalAdapter extends GatewayAdapter<KhalConfig, KhalSecrets> {
  async send(message: SmsMessage): Promise<SendResult> {
    const ready = prepare(message, {
      prefix: 'KHAL',
      numberFormat: 'national',
      foldAccents: this.context.foldAccents,
    });
    if (!ready.ok) return ready.result;

    const outcome = await this.#call('sendsms', { msg: ready.text, numbers: ready.to });
    if (outcome.kind === 'failure') return transportResult('KHAL', outcome);
    if (outcome.status !== 200) return statusResult('KHAL', outcome.status, outcome.headers, '');

    const answer = readAnswer(decodeText(outcome.body, this.config.charset));
    if (answer.kind === 'ok') return accepted(answer.data);
    if (answer.kind === 'refused') {
      const known = KHAL_STATUS[answer.status];
      return failed(
        known?.kind ?? 'permanent',
        `KHAL_STATUS_${answer.status}`,
        answer.msg ?? known?.meaning ?? 'refused',
      );
    }
    if (answer.kind === 'invalid_operation') {
      return failed(
        'permanent',
        'KHAL_INVALID_OPERATION',
        'the gateway does not know this operation: check the path',
      );
    }
    return failed('unknown', 'KHAL_UNREADABLE', `unreadable answer: ${clip(answer.text, 120)}`);
  }

  async balance(): Promise<BalanceResult> {
    const outcome = await this.#call('getbalance', {});
    if (outcome.kind === 'failure') {
      return {
        status: 'failed',
        code: `KHAL_${outcome.failure.toUpperCase()}`,
        reason: outcome.detail,
      };
    }
    const answer = readAnswer(decodeText(outcome.body, this.config.charset));
    if (answer.kind === 'ok' && answer.data !== undefined)
      return { status: 'ok', balance: answer.data };
    const reason =
      answer.kind === 'refused' ? (answer.msg ?? 'refused') : 'no balance in the answer';
    return { status: 'failed', code: 'KHAL_BALANCE', reason };
  }

  #call(action: string, params: Record<string, string>): Promise<HttpOutcome> {
    const { baseUrl, path, method, charset, user, timeoutMs } = this.config;
    const fields = { action, lgn: user, pwd: this.secrets.password, ...params };
    const url = `${trimBase(baseUrl)}${path}`;
    if (method === 'GET') {
      return this.context.http.send({
        url: `${url}?${queryString(fields, charset)}`,
        method: 'GET',
        timeoutMs,
      });
    }
    return this.context.http.send({
      url,
      method: 'POST',
      headers: { 'content-type': `application/x-www-form-urlencoded; charset=${charset}` },
      body: formBody(fields, charset),
      timeoutMs,
    });
  }
}

type KhalAnswer =
  | { kind: 'ok'; data?: string }
  | { kind: 'refused'; status: string; msg?: string }
  | { kind: 'invalid_operation' }
  | { kind: 'unreadable'; text: string };

function readAnswer(text: string): KhalAnswer {
  const json = parseJson(text) as { status?: unknown; data?: unknown; msg?: unknown } | undefined;
  if (json && typeof json === 'object' && json.status !== undefined) {
    const status = String(json.status);
    const msg = typeof json.msg === 'string' && json.msg ? json.msg : undefined;
    if (status === '1') {
      const data =
        typeof json.data === 'string' || typeof json.data === 'number'
          ? String(json.data)
          : undefined;
      return { kind: 'ok', data };
    }
    return { kind: 'refused', status, msg };
  }
  if (/^0:/.test(text.trim())) return { kind: 'invalid_operation' };
  return { kind: 'unreadable', text };
}
