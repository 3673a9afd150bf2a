import { foldToGsm } from '../../templates/sms-text.js';
import type { SendResult } from '../channel.js';
import type { HttpClient, HttpOutcome } from './http.js';
import { recipientFor, type NumberFormat } from './numbers.js';
import { refusedNumber } from './results.js';

/** One SMS for a gateway. */
export interface SmsMessage {
  /** Our id for the message: the delivery id, or `test-…` for a test send. */
  readonly id: string;
  /** The recipient; checked again and written in the gateway's number format. */
  readonly to: string;
  readonly text: string;
}

/** Credit left at the gateway, as it reports it. */
export type BalanceResult =
  | {
      readonly status: 'ok';
      /** The amount as the gateway wrote it (credits or money; the gateway decides). */
      readonly balance: string;
    }
  | { readonly status: 'failed'; readonly code: string; readonly reason: string };

/**
 * What became of a message at the gateway, by polling:
 * `pending` (no final word yet), `delivered`, or `not_delivered` with the gateway's detail.
 */
export type PolledStatus =
  | { readonly status: 'pending'; readonly detail?: string }
  | { readonly status: 'delivered' | 'not_delivered'; readonly detail: string }
  | { readonly status: 'error'; readonly code: string; readonly reason: string };

/** One gateway's API behind a common shape; every method answers, none throws. */
export interface SmsAdapter {
  send(message: SmsMessage): Promise<SendResult>;
  /** Credit left, for gateways that report it (Khal, playSMS). */
  balance?(): Promise<BalanceResult>;
  /** Delivery status of one message by provider id, for gateways polled for it (playSMS). */
  deliveryStatus?(providerId: string): Promise<PolledStatus>;
}

/** What every adapter is built with besides its own configuration. */
export interface AdapterContext {
  readonly http: HttpClient;
  /** Fold accents with `foldToGsm` before sending, to stay in GSM-7. */
  readonly foldAccents: boolean;
}

/**
 * What every adapter is built from: its checked configuration, its decrypted secrets and the
 * shared context, kept in private fields (never an own property a log could print) and read
 * by the adapter through protected getters.
 */
export abstract class GatewayAdapter<Config, Secrets> implements SmsAdapter {
  readonly #config: Config;
  readonly #secrets: Secrets;
  readonly #context: AdapterContext;

  constructor(config: Config, secrets: Secrets, context: AdapterContext) {
    this.#config = config;
    this.#secrets = secrets;
    this.#context = context;
  }

  abstract send(message: SmsMessage): Promise<SendResult>;

  protected get config(): Config {
    return this.#config;
  }

  protected get secrets(): Secrets {
    return this.#secrets;
  }

  protected get context(): AdapterContext {
    return this.#context;
  }
}

/** A message made ready for the wire: the number in the gateway's format, text folded. */
export type Prepared = { ok: true; to: string; text: string } | { ok: false; result: SendResult };

/**
 * Checks and formats the recipient and folds the text when the gateway asks for it. Every
 * adapter calls this first, so a bad number never reaches a gateway.
 */
export function prepare(
  message: SmsMessage,
  options: { prefix: string; numberFormat: NumberFormat; foldAccents: boolean },
): Prepared {
  const recipient = recipientFor(message.to, options.numberFormat);
  if (!recipient.ok) return { ok: false, result: refusedNumber(options.prefix, recipient.refusal) };
  const text = options.foldAccents ? foldToGsm(message.text) : message.text;
  return { ok: true, to: recipient.number, text };
}

/** A base URL without its trailing slashes, so paths can be appended. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

/** POSTs a JSON body and asks for JSON back: the wire shape of Zenvia and SmsGateway.me. */
export function postJson(
  http: HttpClient,
  request: { url: string; headers: Record<string, string>; body: unknown; timeoutMs: number },
): Promise<HttpOutcome> {
  return http.send({
    url: request.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
    body: JSON.stringify(request.body),
    timeoutMs: request.timeoutMs,
  });
}
