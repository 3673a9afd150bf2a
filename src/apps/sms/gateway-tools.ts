import { randomBytes } from 'node:crypto';
import type { SendResult } from '../../channels/channel.js';
import type { BalanceResult, SmsAdapter } from '../../channels/sms/adapter.js';
import { checkBrazilianMobile } from '../../channels/sms/numbers.js';
import type { ResolvedGateway } from '../../channels/sms/sms-channel.js';
import { RecadoError } from '../../core/errors.js';
import type { SmsGateways } from './gateways.js';

/** Longest test text, in characters: ten GSM-7 parts. */
export const MAX_TEST_TEXT = 1530;

/** Builds adapters; the SMS channel does, sharing its connection pools. */
export interface AdapterSource {
  adapterFor(gateway: ResolvedGateway): SmsAdapter | undefined;
}

/** Credit at a gateway, or `unavailable` for a type that cannot report it. */
export type GatewayBalance = BalanceResult | { readonly status: 'unavailable' };

/** What the tools are built from. */
export interface GatewayToolsDeps {
  readonly gateways: Pick<SmsGateways, 'resolve'>;
  readonly adapters: AdapterSource;
}

/**
 * What the gateway screen does besides editing: send a test SMS and ask for the credit.
 * Both go straight to the gateway (not through the queue), even while it is disabled, so
 * an operator can try a gateway before turning it on.
 */
export class GatewayTools {
  readonly #deps: GatewayToolsDeps;

  constructor(deps: GatewayToolsDeps) {
    this.#deps = deps;
  }

  /**
   * Sends `text` to `to` through a gateway and answers as the channel would: accepted with
   * the gateway's id, or failed with the kind, code and reason. A number that is not a
   * Brazilian mobile is refused before anything is sent.
   */
  async sendTestSms(gatewayId: number, to: string, text: string): Promise<SendResult> {
    const number = checkBrazilianMobile(to);
    if (!number.ok) {
      throw new RecadoError('RECADO_SMS_NUMBER_REFUSED', {
        number: to,
        reason: `sms.number.${number.refusal}`,
      });
    }
    if (text.trim() === '' || [...text].length > MAX_TEST_TEXT) {
      throw new RecadoError('RECADO_SMS_TEST_TEXT_INVALID', { limit: MAX_TEST_TEXT });
    }
    const adapter = await this.#adapter(gatewayId);
    const id = `test-${randomBytes(6).toString('hex')}`;
    return adapter.send({ id, to: number.e164, text });
  }

  /** The gateway's credit where it reports one (Khal `getbalance`, playSMS `op=cr`). */
  async balance(gatewayId: number): Promise<GatewayBalance> {
    const adapter = await this.#adapter(gatewayId);
    return adapter.balance ? adapter.balance() : { status: 'unavailable' };
  }

  async #adapter(gatewayId: number): Promise<SmsAdapter> {
    const gateway = await this.#deps.gateways.resolve(gatewayId);
    if (!gateway) throw new RecadoError('RECADO_SMS_GATEWAY_NOT_FOUND', { id: String(gatewayId) });
    const adapter = this.#deps.adapters.adapterFor(gateway);
    if (!adapter) {
      throw new RecadoError('RECADO_SMS_GATEWAY_INVALID', {
        field: '/config',
        reason: 'sms.reason.invalid',
      });
    }
    return adapter;
  }
}
