import type { SendResult } from '../../channel.js';
import { prepare, trimBase, GatewayAdapter, type SmsMessage } from '../adapter.js';
import { decodeText, queryString, type Charset } from '../encoding.js';
import { accepted, clip, failed, statusResult, transportResult } from '../results.js';
import { BASE_URL, CHARSET, LOGIN, MARKERS, PATH, TIMEOUT } from '../schema-parts.js';
import { PLAYSMS_ERRORS, readPvAnswer } from './playsms-answers.js';

/**
 * Torpedus settings.
 *
 * No vendor document exists. Rests on public callers (OBSERVED): `GET
 * http://torpedus.com.br/sms/index.php?app=webservices&u=&p=&ta=pv&to=55…&msg=` (the legacy
 * playSMS password protocol, INFERRED), success shown as `SMS Aceito` after `STATUS:` by one
 * caller. Rests on configuration, because the callers disagree: the success and failure
 * markers, what an answer matching neither means, the charset, the base URL and path.
 */
export interface TorpedusConfig {
  /** Default `http://torpedus.com.br` (HTTPS was never seen). */
  readonly baseUrl: string;
  /** Default `/sms/index.php`. */
  readonly path: string;
  /** Account user (`u`), usually numeric. Required. */
  readonly user: string;
  /** Encoding of the text. Default `utf-8`. */
  readonly charset: Charset;
  /** The answer means accepted when it contains one of these. Default `['SMS Aceito']`. */
  readonly successContains: readonly string[];
  /** … or starts with one of these (stock playSMS `OK <id>`). Default `['OK']`. */
  readonly successPrefixes: readonly string[];
  /** The answer means refused when it contains one of these. Default `['ERR']`. */
  readonly failureContains: readonly string[];
  /** What an answer matching no marker means. Default `unknown` (it may have been sent). */
  readonly unmatched: 'unknown' | 'accepted' | 'failed';
  /** Answer timeout, in ms. Default 10 000. */
  readonly timeoutMs: number;
}

/** Torpedus credentials, kept encrypted. */
export interface TorpedusSecrets {
  /** Account password (`p`). Required. */
  readonly password: string;
}

/** JSON Schema of Torpedus's settings, defaults inside. */
export const TORPEDUS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['user'],
  properties: {
    baseUrl: { ...BASE_URL, default: 'http://torpedus.com.br' },
    path: { ...PATH, default: '/sms/index.php' },
    user: LOGIN,
    charset: CHARSET,
    successContains: { ...MARKERS, default: ['SMS Aceito'] },
    successPrefixes: { ...MARKERS, default: ['OK'] },
    failureContains: { ...MARKERS, default: ['ERR'] },
    unmatched: { enum: ['unknown', 'accepted', 'failed'], default: 'unknown' },
    timeoutMs: TIMEOUT,
  },
} as const;

/** Torpedus: always HTTP 200; the meaning is in customised text or HTML. */
export class TorpedusAdapter extends GatewayAdapter<TorpedusConfig, TorpedusSecrets> {
  async send(message: SmsMessage): Promise<SendResult> {
    const ready = prepare(message, {
      prefix: 'TORPEDUS',
      numberFormat: 'e164_no_plus',
      foldAccents: this.context.foldAccents,
    });
    if (!ready.ok) return ready.result;

    const { baseUrl, path, user, charset, timeoutMs } = this.config;
    const query = queryString(
      {
        app: 'webservices',
        u: user,
        p: this.secrets.password,
        ta: 'pv',
        to: ready.to,
        msg: ready.text,
      },
      charset,
    );
    const outcome = await this.context.http.send({
      url: `${trimBase(baseUrl)}${path}?${query}`,
      method: 'GET',
      timeoutMs,
    });
    if (outcome.kind === 'failure') return transportResult('TORPEDUS', outcome);
    if (outcome.status !== 200)
      return statusResult('TORPEDUS', outcome.status, outcome.headers, '');
    return this.#judge(decodeText(outcome.body, charset));
  }

  /** Success markers first, then `STATUS:` text, then failure markers, then `unmatched`. */
  #judge(body: string): SendResult {
    const { successContains, successPrefixes, failureContains, unmatched } = this.config;
    const trimmed = body.trim();
    const shown = clip(body, 160);
    if (successContains.some((marker) => body.includes(marker))) return accepted();
    if (successPrefixes.some((prefix) => trimmed.startsWith(prefix))) {
      const answer = readPvAnswer(trimmed);
      return accepted(answer.ok === true ? answer.smslogId : undefined);
    }

    const status = /STATUS:\s*([^<>\r\n]*)/.exec(body)?.[1]?.trim();
    if (status !== undefined)
      return failed('permanent', 'TORPEDUS_STATUS', `gateway status: ${clip(status, 120)}`);
    const answer = readPvAnswer(trimmed);
    if (answer.ok === false) {
      const known = PLAYSMS_ERRORS[answer.error];
      return failed(
        known?.kind ?? 'permanent',
        `TORPEDUS_ERR_${answer.error}`,
        known?.meaning ?? shown,
      );
    }
    if (failureContains.some((marker) => body.includes(marker))) {
      return failed('permanent', 'TORPEDUS_REFUSED', `refused: ${shown}`);
    }

    if (unmatched === 'accepted') return accepted();
    if (unmatched === 'failed') return failed('permanent', 'TORPEDUS_REFUSED', `refused: ${shown}`);
    return failed('unknown', 'TORPEDUS_UNREADABLE', `answer matches no marker: ${shown}`);
  }
}
