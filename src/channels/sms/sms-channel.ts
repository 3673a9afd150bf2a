import type { Channel, OutgoingMessage, SendResult } from '../channel.js';
import type { SmsAdapter } from './adapter.js';
import { GATEWAY_SPECS, type GatewayType } from './gateway-types.js';
import { HttpClient } from './http.js';
import { failed } from './results.js';

/** A gateway as the channel needs it: configuration checked, secrets decrypted. */
export interface ResolvedGateway {
  readonly id: number;
  readonly type: GatewayType;
  readonly enabled: boolean;
  /** Changes on every edit; the channel rebuilds the adapter when it does. */
  readonly updatedAt: string;
  /** Fold accents with `foldToGsm` before sending. */
  readonly foldAccents: boolean;
  readonly config: Record<string, unknown>;
  readonly secrets: Record<string, string>;
}

/** Where gateways come from; the SMS app implements it over its gateways table. */
export interface GatewaySource {
  /** The gateway of an account id, or the default gateway for null; undefined when none. */
  resolve(accountId: number | null): Promise<ResolvedGateway | undefined>;
}

/** What the SMS channel is built from. */
export interface SmsChannelDeps {
  readonly gateways: GatewaySource;
  /** The HTTP client; default a new one. The channel owns it: `close()` closes its pools. */
  readonly http?: HttpClient;
  /** How long a looked-up gateway is reused before asking the source again, in ms. Default 5 000. */
  readonly refreshMs?: number;
  /** The clock, in ms; default `Date.now`. */
  readonly now?: () => number;
}

interface Lookup {
  readonly gateway: ResolvedGateway | undefined;
  readonly expiresAt: number;
}

interface Built {
  readonly updatedAt: string;
  readonly adapter: SmsAdapter;
}

/**
 * The `sms` channel: finds the gateway of each message's account (null means the default
 * gateway), keeps one adapter per gateway until the gateway is edited, and hands the
 * message to it. No gateway deduplicates on our id, so the channel is not idempotent: an
 * unknown outcome is not retried.
 */
export class SmsChannel implements Channel {
  readonly name = 'sms' as const;
  readonly idempotent = false;
  readonly #source: GatewaySource;
  readonly #http: HttpClient;
  readonly #refreshMs: number;
  readonly #now: () => number;
  readonly #lookups = new Map<string, Lookup>();
  readonly #pending = new Map<string, Promise<ResolvedGateway | undefined>>();
  readonly #adapters = new Map<number, Built>();

  constructor(deps: SmsChannelDeps) {
    this.#source = deps.gateways;
    this.#http = deps.http ?? new HttpClient();
    this.#refreshMs = deps.refreshMs ?? 5_000;
    this.#now = deps.now ?? Date.now;
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    let gateway: ResolvedGateway | undefined;
    try {
      gateway = await this.#gateway(message.accountId);
    } catch (error) {
      return failed(
        'transient',
        'SMS_GATEWAY_LOOKUP',
        `the gateway could not be read: ${String(error)}`,
      );
    }
    if (!gateway) {
      const which =
        message.accountId === null
          ? 'no default SMS gateway'
          : `no SMS gateway ${message.accountId}`;
      return failed('permanent', 'SMS_NO_GATEWAY', `${which} is configured`);
    }
    if (!gateway.enabled)
      return failed('permanent', 'SMS_GATEWAY_DISABLED', `SMS gateway ${gateway.id} is disabled`);

    const adapter = this.#adapter(gateway);
    if (!adapter)
      return failed(
        'permanent',
        'SMS_GATEWAY_CONFIG',
        `SMS gateway ${gateway.id} has an unusable configuration`,
      );
    return adapter.send({ id: String(message.deliveryId), to: message.to, text: message.text });
  }

  /** An adapter for a gateway outside the send path (test send, balance, polling). */
  adapterFor(gateway: ResolvedGateway): SmsAdapter | undefined {
    return this.#adapter(gateway);
  }

  async close(): Promise<void> {
    this.#adapters.clear();
    this.#lookups.clear();
    await this.#http.close();
  }

  /** A lookup reused for `refreshMs`; overlapping lookups of one account share a call. */
  async #gateway(accountId: number | null): Promise<ResolvedGateway | undefined> {
    const key = accountId === null ? 'default' : String(accountId);
    const cached = this.#lookups.get(key);
    if (cached && cached.expiresAt > this.#now()) return cached.gateway;

    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#source
        .resolve(accountId)
        .then((gateway) => {
          this.#lookups.set(key, { gateway, expiresAt: this.#now() + this.#refreshMs });
          return gateway;
        })
        .finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  #adapter(gateway: ResolvedGateway): SmsAdapter | undefined {
    const built = this.#adapters.get(gateway.id);
    if (built && built.updatedAt === gateway.updatedAt) return built.adapter;
    try {
      const context = { http: this.#http, foldAccents: gateway.foldAccents };
      const adapter = GATEWAY_SPECS[gateway.type].create(gateway.config, gateway.secrets, context);
      this.#adapters.set(gateway.id, { updatedAt: gateway.updatedAt, adapter });
      return adapter;
    } catch {
      // Only a configuration the store did not check (a stored regex that no longer
      // compiles) gets here; the message fails with a reason rather than the worker throwing.
      return undefined;
    }
  }
}
