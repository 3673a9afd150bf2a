import type { SendResult } from '../../channel.js';
import { prepare, postJson, trimBase, GatewayAdapter, type SmsMessage } from '../adapter.js';
import { decodeText, parseJson } from '../encoding.js';
import { accepted, statusResult, transportResult, type CodeClass } from '../results.js';
import { BASE_URL, TIMEOUT } from '../schema-parts.js';

/**
 * Zenvia API v2 settings.
 *
 * Rests on documentation (zenvia-openapi-spec, CONFIRMED): the path
 * `/v2/channels/sms/messages`, the `X-API-TOKEN` header, the body fields (`from`, `to`,
 * `contents[{type:'text', text}]`, `externalId`, `encodingStrategy`), `id` in the answer,
 * the error statuses and their retry column, the `MESSAGE_STATUS` webhook payload.
 * Rests on configuration: the sender alias, the base URL, the timeout, and the webhook's
 * secret header (Zenvia sends whatever headers the subscription names).
 */
export interface ZenviaConfig {
  /** API origin. Default `https://api.zenvia.com`. */
  readonly baseUrl: string;
  /** The SMS account alias on the Zenvia platform (`from`); not a phone number. Required. */
  readonly from: string;
  /** Zenvia's `encodingStrategy`. Default `AUTO` (not sent: it is Zenvia's default). */
  readonly encodingStrategy: 'AUTO' | 'MORE_CHARACTER_SUPPORT' | 'MORE_CHARACTERS_PER_MESSAGE';
  /** Answer timeout, in ms. Default 10 000. */
  readonly timeoutMs: number;
  /** Header the webhook subscription sends with the secret. Default `X-Recado-Secret`. */
  readonly webhookHeader: string;
}

/** Zenvia credentials, kept encrypted. */
export interface ZenviaSecrets {
  /** API token from the Zenvia console. Required. */
  readonly token: string;
  /** Value of the webhook secret header; without it every webhook call is refused. */
  readonly webhookSecret?: string;
}

/** JSON Schema of Zenvia's settings, defaults inside. */
export const ZENVIA_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['from'],
  properties: {
    baseUrl: { ...BASE_URL, default: 'https://api.zenvia.com' },
    from: { type: 'string', minLength: 1, maxLength: 64 },
    encodingStrategy: {
      enum: ['AUTO', 'MORE_CHARACTER_SUPPORT', 'MORE_CHARACTERS_PER_MESSAGE'],
      default: 'AUTO',
    },
    timeoutMs: TIMEOUT,
    webhookHeader: {
      type: 'string',
      pattern: '^[A-Za-z0-9-]{1,64}$',
      default: 'X-Recado-Secret',
    },
  },
} as const;

/**
 * Zenvia's documented error table (HTTP status → retry), plus 403 and 422 which the spec's
 * schemas use for refused accounts and bodies. 429 and other 5xx fall to the HTTP rule.
 */
export const ZENVIA_STATUS: Readonly<Record<number, CodeClass>> = {
  400: { kind: 'permanent', meaning: 'VALIDATION_ERROR: the request was refused' },
  401: { kind: 'permanent', meaning: 'AUTHENTICATION_ERROR: check the API token' },
  403: { kind: 'permanent', meaning: 'the token may not send through this channel' },
  404: { kind: 'permanent', meaning: 'NOT_FOUND: check the sender alias and the base URL' },
  409: { kind: 'permanent', meaning: 'DUPLICATED' },
  422: { kind: 'permanent', meaning: 'the message was refused' },
  500: { kind: 'transient', meaning: 'INTERNAL_ERROR at Zenvia' },
};

/**
 * Zenvia API v2. Real HTTP statuses; a 200 only means accepted (the outcome arrives by
 * webhook). Zenvia does not deduplicate on `externalId`, so a timeout is an unknown outcome.
 */
export class ZenviaAdapter extends GatewayAdapter<ZenviaConfig, ZenviaSecrets> {
  async send(message: SmsMessage): Promise<SendResult> {
    const ready = prepare(message, {
      prefix: 'ZENVIA',
      numberFormat: 'e164_no_plus',
      foldAccents: this.context.foldAccents,
    });
    if (!ready.ok) return ready.result;

    const content: Record<string, string> = { type: 'text', text: ready.text };
    if (this.config.encodingStrategy !== 'AUTO') {
      content.encodingStrategy = this.config.encodingStrategy;
    }
    const body = {
      from: this.config.from,
      to: ready.to,
      contents: [content],
      externalId: message.id,
    };
    const outcome = await postJson(this.context.http, {
      url: `${trimBase(this.config.baseUrl)}/v2/channels/sms/messages`,
      headers: { 'x-api-token': this.secrets.token },
      body,
      timeoutMs: this.config.timeoutMs,
    });

    if (outcome.kind === 'failure') return transportResult('ZENVIA', outcome);
    const json = parseJson(decodeText(outcome.body));
    if (outcome.status >= 200 && outcome.status < 300) return accepted(idOf(json));
    return statusResult(
      'ZENVIA',
      outcome.status,
      outcome.headers,
      errorDetail(json),
      ZENVIA_STATUS,
    );
  }
}

function idOf(json: unknown): string | undefined {
  const id = (json as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Zenvia's error object `{code, message, details[]}` as one line. */
function errorDetail(json: unknown): string {
  if (!json || typeof json !== 'object') return '';
  const { code, message, details } = json as {
    code?: unknown;
    message?: unknown;
    details?: unknown;
  };
  const first = Array.isArray(details)
    ? (details[0] as { path?: unknown; message?: unknown })
    : undefined;
  const parts = [
    code,
    message,
    first && `${String(first.path ?? '')} ${String(first.message ?? '')}`,
  ];
  return parts.filter((part) => typeof part === 'string' && part.trim() !== '').join(' — ');
}
