import type { SendResult } from '../../channel.js';
import { prepare, postJson, trimBase, GatewayAdapter, type SmsMessage } from '../adapter.js';
import { decodeText, parseJson } from '../encoding.js';
import type { NumberFormat } from '../numbers.js';
import { accepted, failed, statusResult, transportResult, type CodeClass } from '../results.js';
import { BASE_URL, TIMEOUT } from '../schema-parts.js';

/**
 * SmsGateway.me (API v4, an Android phone as the gateway) settings.
 *
 * Rests on documentation (vendor pages and the swagger SDK, CONFIRMED): `POST
 * /api/v4/message/send`, `Authorization: <token>` without `Bearer`, a JSON array of
 * `{phone_number, message, device_id}`, the answer array with `id`, the 400/401/403 and 500
 * answers. Rests on configuration: the device id, the number format (the phone dials what
 * its carrier accepts; `+55…` is the default, INFERRED), the base URL, the timeout.
 */
export interface SmsGatewayMeConfig {
  /** Default `https://smsgateway.me`. */
  readonly baseUrl: string;
  /** The phone's device id in SmsGateway.me. Required. */
  readonly deviceId: number;
  /** Default `e164_plus`. */
  readonly numberFormat: NumberFormat;
  /** Answer timeout, in ms. Default 10 000. */
  readonly timeoutMs: number;
}

/** SmsGateway.me credentials, kept encrypted. */
export interface SmsGatewayMeSecrets {
  /** API token from the settings page. Required. */
  readonly token: string;
}

/** JSON Schema of SmsGateway.me's settings, defaults inside. */
export const SMSGATEWAY_ME_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['deviceId'],
  properties: {
    baseUrl: { ...BASE_URL, default: 'https://smsgateway.me' },
    deviceId: { type: 'integer', minimum: 1 },
    numberFormat: { enum: ['e164_plus', 'e164_no_plus', 'national'], default: 'e164_plus' },
    timeoutMs: TIMEOUT,
  },
} as const;

/** The documented answers (the SDK maps 400/401/403 to errors, 500 and others to fatal). */
export const SMSGATEWAY_ME_STATUS: Readonly<Record<number, CodeClass>> = {
  400: { kind: 'permanent', meaning: 'failed validation' },
  401: { kind: 'permanent', meaning: 'the token was refused' },
  403: { kind: 'permanent', meaning: 'the token may not use this device' },
  500: { kind: 'transient', meaning: 'could not process the request' },
};

/** SmsGateway.me v4: real HTTP statuses, one message per request. */
export class SmsGatewayMeAdapter extends GatewayAdapter<SmsGatewayMeConfig, SmsGatewayMeSecrets> {
  async send(message: SmsMessage): Promise<SendResult> {
    const ready = prepare(message, {
      prefix: 'SMSGATEWAYME',
      numberFormat: this.config.numberFormat,
      foldAccents: this.context.foldAccents,
    });
    if (!ready.ok) return ready.result;

    const body = [{ phone_number: ready.to, message: ready.text, device_id: this.config.deviceId }];
    const outcome = await postJson(this.context.http, {
      url: `${trimBase(this.config.baseUrl)}/api/v4/message/send`,
      headers: { authorization: this.secrets.token },
      body,
      timeoutMs: this.config.timeoutMs,
    });

    if (outcome.kind === 'failure') return transportResult('SMSGATEWAYME', outcome);
    const json = parseJson(decodeText(outcome.body));
    if (outcome.status >= 200 && outcome.status < 300) {
      const first = Array.isArray(json) ? (json[0] as { id?: unknown } | undefined) : undefined;
      if (first)
        return accepted(
          typeof first.id === 'number' || typeof first.id === 'string' ? first.id : undefined,
        );
      return failed('unknown', 'SMSGATEWAYME_UNREADABLE', 'the answer does not list the message');
    }
    return statusResult(
      'SMSGATEWAYME',
      outcome.status,
      outcome.headers,
      detailOf(json),
      SMSGATEWAY_ME_STATUS,
    );
  }
}

/** `{status:'fail', message, data}`: the message, then a field's first error or the exception. */
function detailOf(json: unknown): string {
  if (!json || typeof json !== 'object') return '';
  const { message, data } = json as { message?: unknown; data?: unknown };
  const parts = [typeof message === 'string' ? message : ''];
  if (Array.isArray(data)) {
    const first = data[0] as { key?: unknown; errors?: unknown[] } | undefined;
    if (first) parts.push(`${String(first.key ?? '')}: ${String(first.errors?.[0] ?? '')}`);
  } else if (data && typeof data === 'object' && 'exception' in data) {
    parts.push(String((data as { exception: unknown }).exception));
  }
  return parts.filter(Boolean).join(' — ');
}
