import { isGsm7 } from '../../../templates/sms-text.js';
import type { SendResult } from '../../channel.js';
import {
  prepare,
  trimBase,
  type AdapterContext,
  type BalanceResult,
  type PolledStatus,
  GatewayAdapter,
  type SmsMessage,
} from '../adapter.js';
import { decodeText, formBody, queryString } from '../encoding.js';
import type { HttpOutcome } from '../http.js';
import type { NumberFormat } from '../numbers.js';
import { accepted, clip, failed, statusResult, transportResult } from '../results.js';
import { BASE_URL, LOGIN, PATH, TIMEOUT } from '../schema-parts.js';
import { PLAYSMS_ERRORS, readCredit, readDsAnswer, readPvAnswer } from './playsms-answers.js';

/**
 * playSMS webservices settings (also "Khal PlaySMS", a playSMS that Khal hosts).
 *
 * Rests on documentation (playSMS source and WEBSERVICES.md, CONFIRMED): `app=ws` with
 * `op=pv|ds|cr` (or `app=webservices` with `ta=` on 0.9.9), `u` + `h` token, `to`, `msg`,
 * `from`, `unicode`, `format=json`, errors inside HTTP 200, the error codes, `p_status`.
 * Rests on configuration: the base URL (none is known for Khal PlaySMS), GET or POST, the
 * protocol generation, sender id, unicode flag, number format.
 */
export interface PlaySmsConfig {
  /** Where playSMS is served, e.g. `https://sms.example.com/playsms`. Required. */
  readonly baseUrl: string;
  /** The webservices script under the base URL. Default `/index.php`. */
  readonly path: string;
  /** playSMS user name (`u`). Required. */
  readonly user: string;
  /** GET puts every value in the query; POST sends them as a form. Default `GET`. */
  readonly method: 'GET' | 'POST';
  /** `ws` (playSMS ≥ 1.0: `app=ws&op=`) or `webservices` (0.9.9: `app=webservices&ta=`). Default `ws`. */
  readonly protocol: 'ws' | 'webservices';
  /** Sender id (`from`), honoured only if the account may use it. Default none. */
  readonly sender?: string;
  /** `auto` sends `unicode=1` for text outside GSM-7; `never` does not. Default `auto`. */
  readonly unicode: 'auto' | 'never';
  /** Default `e164_no_plus`; a `+` is sent as `%2B`. */
  readonly numberFormat: Exclude<NumberFormat, 'national'>;
  /** Answer timeout, in ms. Default 10 000. */
  readonly timeoutMs: number;
}

/** playSMS credentials, kept encrypted. */
export interface PlaySmsSecrets {
  /** Webservices token (`h`), from the user's Preferences. Required. */
  readonly token: string;
}

/**
 * JSON Schema of playSMS settings, defaults inside. The base URL has no default, for
 * playSMS and for Khal PlaySMS alike: no address of Khal's hosted playSMS was found.
 */
export const PLAYSMS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['baseUrl', 'user'],
  properties: {
    baseUrl: BASE_URL,
    path: { ...PATH, default: '/index.php' },
    user: LOGIN,
    method: { enum: ['GET', 'POST'], default: 'GET' },
    protocol: { enum: ['ws', 'webservices'], default: 'ws' },
    sender: { type: 'string', minLength: 1, maxLength: 32 },
    unicode: { enum: ['auto', 'never'], default: 'auto' },
    numberFormat: { enum: ['e164_no_plus', 'e164_plus'], default: 'e164_no_plus' },
    timeoutMs: TIMEOUT,
  },
} as const;

/** playSMS webservices: send (`pv`), delivery status (`ds`) and credit (`cr`). */
export class PlaySmsAdapter extends GatewayAdapter<PlaySmsConfig, PlaySmsSecrets> {
  readonly #prefix: string;

  /** `prefix` starts every code: `PLAYSMS`, or `KHALPLAYSMS` for the Khal-hosted one. */
  constructor(
    config: PlaySmsConfig,
    secrets: PlaySmsSecrets,
    context: AdapterContext,
    prefix = 'PLAYSMS',
  ) {
    super(config, secrets, context);
    this.#prefix = prefix;
  }

  async send(message: SmsMessage): Promise<SendResult> {
    const ready = prepare(message, {
      prefix: this.#prefix,
      numberFormat: this.config.numberFormat,
      foldAccents: this.context.foldAccents,
    });
    if (!ready.ok) return ready.result;

    const unicode = this.config.unicode === 'auto' && !isGsm7(ready.text) ? '1' : undefined;
    const outcome = await this.#call('pv', {
      to: ready.to,
      msg: ready.text,
      from: this.config.sender,
      unicode,
    });
    if (outcome.kind === 'failure') return transportResult(this.#prefix, outcome);
    if (outcome.status !== 200)
      return statusResult(this.#prefix, outcome.status, outcome.headers, '');

    const answer = readPvAnswer(decodeText(outcome.body));
    if (answer.ok === true) return accepted(answer.smslogId);
    if (answer.ok === false) {
      const known = PLAYSMS_ERRORS[answer.error];
      const reason = known?.meaning ?? answer.text ?? 'undocumented error code';
      return failed(known?.kind ?? 'permanent', `${this.#prefix}_ERR_${answer.error}`, reason);
    }
    // A 200 we cannot read may still mean the message was queued.
    const body = clip(decodeText(outcome.body), 120);
    return failed('unknown', `${this.#prefix}_UNREADABLE`, `unreadable answer: ${body}`);
  }

  async deliveryStatus(providerId: string): Promise<PolledStatus> {
    const outcome = await this.#call('ds', { smslog_id: providerId });
    if (outcome.kind === 'failure') {
      return {
        status: 'error',
        code: `${this.#prefix}_${outcome.failure.toUpperCase()}`,
        reason: outcome.detail,
      };
    }
    if (outcome.status !== 200) {
      return {
        status: 'error',
        code: `${this.#prefix}_${outcome.status}`,
        reason: `HTTP ${outcome.status}`,
      };
    }
    return readDsAnswer(decodeText(outcome.body), this.#prefix);
  }

  async balance(): Promise<BalanceResult> {
    const outcome = await this.#call('cr', {});
    if (outcome.kind === 'failure') {
      return {
        status: 'failed',
        code: `${this.#prefix}_${outcome.failure.toUpperCase()}`,
        reason: outcome.detail,
      };
    }
    const text = decodeText(outcome.body);
    const credit = outcome.status === 200 ? readCredit(text) : undefined;
    if (credit !== undefined) return { status: 'ok', balance: credit };
    const answer = readPvAnswer(text);
    const code =
      answer.ok === false
        ? `${this.#prefix}_ERR_${answer.error}`
        : `${this.#prefix}_${outcome.status}`;
    const reason =
      answer.ok === false
        ? (PLAYSMS_ERRORS[answer.error]?.meaning ?? 'error')
        : 'no credit in the answer';
    return { status: 'failed', code, reason };
  }

  /** One webservices call; on POST, `app` and the operation stay in the query. */
  #call(op: string, params: Record<string, string | undefined>): Promise<HttpOutcome> {
    const { baseUrl, path, protocol, method, user, timeoutMs } = this.config;
    const route = protocol === 'ws' ? { app: 'ws', op } : { app: 'webservices', ta: op };
    const fields = { u: user, h: this.secrets.token, ...params, format: 'json' };
    const url = `${trimBase(baseUrl)}${path}`;
    if (method === 'GET') {
      return this.context.http.send({
        url: `${url}?${queryString({ ...route, ...fields })}`,
        method: 'GET',
        timeoutMs,
      });
    }
    return this.context.http.send({
      url: `${url}?${queryString(route)}`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: formBody(fields),
      timeoutMs,
    });
  }
}
