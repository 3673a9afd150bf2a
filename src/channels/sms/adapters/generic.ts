import type { FailureKind, SendResult } from '../../channel.js';
import { GatewayAdapter, prepare, type AdapterContext, type SmsMessage } from '../adapter.js';
import { decodeText, encodeText, parseJson, valueAtPath, type Charset } from '../encoding.js';
import type { HttpMethod, HttpRequest } from '../http.js';
import type { NumberFormat } from '../numbers.js';
import { accepted, clip, failed, statusResult, transportResult } from '../results.js';
import { CHARSET, LOGIN, TIMEOUT } from '../schema-parts.js';
import { fillTemplate } from './generic-template.js';

/**
 * A gateway the operator describes, as Controllr's "Genérico/Outros" and playSMS's generic
 * plugin do. Everything rests on configuration; nothing rests on a provider's document.
 */
export interface GenericConfig {
  /** Default `GET`. */
  readonly method: HttpMethod;
  /** Absolute URL with placeholders, e.g. `http://10.0.0.5/send?to={to}&msg={message}`. Required. */
  readonly urlTemplate: string;
  /** `none`, `form` (`a=b&c=d`) or `json`. Default `none`. */
  readonly bodyType: 'none' | 'form' | 'json';
  /** Body with placeholders; required unless `bodyType` is `none`. */
  readonly bodyTemplate?: string;
  /**
   * Extra request headers, values with placeholders. Default none. Stored in clear, like
   * all settings: put a token in the token field and write `{token}` here.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Default `e164_no_plus`. */
  readonly numberFormat: NumberFormat;
  /** Encoding of URL values and body. Default `utf-8`. */
  readonly charset: Charset;
  /** Value of `{user}`. Default none. */
  readonly user?: string;
  /** Value of `{sender}`. Default none. */
  readonly sender?: string;
  /** Send `Authorization: Basic` from `{user}` and `{password}`. Default false. */
  readonly basicAuth: boolean;
  /** Besides HTTP 2xx, what the answer must show; every rule given must hold. Default none. */
  readonly success: {
    readonly bodyContains?: string;
    readonly bodyRegex?: string;
    /** Path into a JSON answer (`data.0.status`); its value, as text, must equal `jsonEquals`. */
    readonly jsonPath?: string;
    readonly jsonEquals?: string;
  };
  /** Where the provider id is: a regex (group 1, else the match) or a JSON path. Default none. */
  readonly providerId: { readonly regex?: string; readonly jsonPath?: string };
  /** What a 2xx answer that fails the success rule means. Default `permanent`. */
  readonly refusedKind: FailureKind;
  /** Answer timeout, in ms. Default 10 000. */
  readonly timeoutMs: number;
}

/** Generic credentials, kept encrypted; both optional. */
export interface GenericSecrets {
  /** Value of `{password}`. */
  readonly password?: string;
  /** Value of `{token}`. */
  readonly token?: string;
}

/** The request-shaping part of the schema; the Voipr preset reuses it. */
export const REQUEST_PROPERTIES = {
  method: { enum: ['GET', 'POST', 'PUT'], default: 'GET' },
  bodyType: { enum: ['none', 'form', 'json'], default: 'none' },
  bodyTemplate: { type: 'string', minLength: 1, maxLength: 4000 },
  headers: {
    type: 'object',
    default: {},
    maxProperties: 16,
    propertyNames: { pattern: '^[A-Za-z0-9-]{1,64}$' },
    additionalProperties: { type: 'string', maxLength: 1000 },
  },
  numberFormat: { enum: ['e164_no_plus', 'e164_plus', 'national'], default: 'e164_no_plus' },
  charset: CHARSET,
  user: LOGIN,
  sender: { type: 'string', minLength: 1, maxLength: 64 },
  basicAuth: { type: 'boolean', default: false },
  success: {
    type: 'object',
    additionalProperties: false,
    default: {},
    properties: {
      bodyContains: { type: 'string', minLength: 1, maxLength: 200 },
      bodyRegex: { type: 'string', minLength: 1, maxLength: 200 },
      jsonPath: { type: 'string', minLength: 1, maxLength: 200 },
      jsonEquals: { type: 'string', maxLength: 200 },
    },
  },
  providerId: {
    type: 'object',
    additionalProperties: false,
    default: {},
    properties: {
      regex: { type: 'string', minLength: 1, maxLength: 200 },
      jsonPath: { type: 'string', minLength: 1, maxLength: 200 },
    },
  },
  refusedKind: { enum: ['permanent', 'transient', 'unknown'], default: 'permanent' },
  timeoutMs: TIMEOUT,
} as const;

/** JSON Schema of the generic gateway's settings, defaults inside. */
export const GENERIC_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['urlTemplate'],
  properties: {
    urlTemplate: { type: 'string', maxLength: 2000, pattern: '^https?://[^\\s]+$' },
    ...REQUEST_PROPERTIES,
  },
} as const;

/** The generic HTTP gateway: a request built from templates, judged by the operator's rule. */
export class GenericAdapter extends GatewayAdapter<GenericConfig, GenericSecrets> {
  readonly #prefix: string;
  readonly #extra: Readonly<Record<string, string>>;
  readonly #successRegex?: RegExp;
  readonly #idRegex?: RegExp;

  /** `extra` adds placeholders (the Voipr preset's keys); `prefix` starts every code. */
  constructor(
    config: GenericConfig,
    secrets: GenericSecrets,
    context: AdapterContext,
    options: { prefix?: string; extra?: Readonly<Record<string, string>> } = {},
  ) {
    super(config, secrets, context);
    this.#prefix = options.prefix ?? 'GENERIC';
    this.#extra = options.extra ?? {};
    if (config.success.bodyRegex) this.#successRegex = new RegExp(config.success.bodyRegex);
    if (config.providerId.regex) this.#idRegex = new RegExp(config.providerId.regex);
  }

  async send(message: SmsMessage): Promise<SendResult> {
    const ready = prepare(message, {
      prefix: this.#prefix,
      numberFormat: this.config.numberFormat,
      foldAccents: this.context.foldAccents,
    });
    if (!ready.ok) return ready.result;

    const values = {
      ...this.#extra,
      to: ready.to,
      message: ready.text,
      id: message.id,
      user: this.config.user ?? '',
      password: this.secrets.password ?? '',
      token: this.secrets.token ?? '',
      sender: this.config.sender ?? '',
    };
    const request = this.#request(values);
    if (!request)
      return failed(
        'permanent',
        `${this.#prefix}_INVALID_REQUEST`,
        'a header value holds a line break',
      );
    const outcome = await this.context.http.send(request);

    if (outcome.kind === 'failure') return transportResult(this.#prefix, outcome);
    const text = decodeText(outcome.body, this.config.charset);
    if (outcome.status < 200 || outcome.status >= 300) {
      return statusResult(this.#prefix, outcome.status, outcome.headers, clip(text, 160));
    }
    const json = this.#needsJson() ? parseJson(text) : undefined;
    if (!this.#succeeded(text, json)) {
      return failed(
        this.config.refusedKind,
        `${this.#prefix}_REFUSED`,
        `the answer fails the success rule: ${clip(text, 160)}`,
      );
    }
    return accepted(this.#providerId(text, json));
  }

  #request(values: Record<string, string>): HttpRequest | undefined {
    const { method, urlTemplate, bodyType, bodyTemplate, charset, timeoutMs } = this.config;
    const headers: Record<string, string> = {};
    if (bodyType === 'form')
      headers['content-type'] = `application/x-www-form-urlencoded; charset=${charset}`;
    if (bodyType === 'json') headers['content-type'] = `application/json; charset=${charset}`;
    if (this.config.basicAuth) {
      headers.authorization = `Basic ${Buffer.from(`${values.user}:${values.password}`).toString('base64')}`;
    }
    for (const [name, template] of Object.entries(this.config.headers)) {
      const value = fillTemplate(template, values, 'raw');
      if (/[\r\n\0]/.test(value)) return undefined;
      headers[name.toLowerCase()] = value;
    }
    const body =
      bodyType === 'none' || !bodyTemplate
        ? undefined
        : encodeText(fillTemplate(bodyTemplate, values, bodyType, charset), charset);
    const url = fillTemplate(urlTemplate, values, 'url', charset);
    return { url, method, headers, body, timeoutMs };
  }

  #needsJson(): boolean {
    return (
      this.config.success.jsonPath !== undefined || this.config.providerId.jsonPath !== undefined
    );
  }

  #succeeded(text: string, json: unknown): boolean {
    const { bodyContains, jsonPath, jsonEquals } = this.config.success;
    if (bodyContains !== undefined && !text.includes(bodyContains)) return false;
    if (this.#successRegex && !this.#successRegex.test(text)) return false;
    if (jsonPath !== undefined && String(valueAtPath(json, jsonPath)) !== jsonEquals) return false;
    return true;
  }

  #providerId(text: string, json: unknown): string | undefined {
    if (this.#idRegex) {
      const match = this.#idRegex.exec(text);
      return match ? (match[1] ?? match[0]) : undefined;
    }
    const path = this.config.providerId.jsonPath;
    if (path === undefined) return undefined;
    const value = valueAtPath(json, path);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
}
