import type { Knex } from 'knex';
import type { OutgoingMessage } from '../../channels/channel.js';
import type { Delivery } from '../../queue/types.js';
import type { Composer, Composition } from '../../scheduler/composer.js';
import {
  buildRenderContext,
  type ProviderInput,
  type TemplateEngine,
} from '../../templates/index.js';
import { isRecadoError } from '../errors.js';
import { statusOf, type HostMapping } from '../mapping.js';
import type { UnsubscribeLinks } from '../unsubscribe.js';
import { brazilianMobile, emailAddress } from './addresses.js';
import { loadBatch, type BatchData, type CustomerRecord } from './load-batch.js';

/** What the composer is built from. */
export interface ComposerDeps {
  readonly db: Knex;
  readonly mapping: HostMapping;
  readonly templates: TemplateEngine;
  readonly unsubscribe: UnsubscribeLinks;
  /** The provider's name, phone, site and e-mail, read when a batch is composed. */
  readonly provider: () => Promise<ProviderInput>;
}

/** A skip: not sent on purpose, with a stable code and a reason for the log. */
const skip = (code: string, reason: string): Composition => ({ action: 'skip', code, reason });

/**
 * Composes deliveries against the customer and invoice as they are at send time: a
 * reminder for an invoice paid meanwhile, marketing to a customer who opted out or left,
 * and a recipient without a valid address are skipped with the reason; the rest is
 * rendered from its template.
 */
export class DeliveryComposer implements Composer {
  readonly #deps: ComposerDeps;

  constructor(deps: ComposerDeps) {
    this.#deps = deps;
  }

  async compose(deliveries: readonly Delivery[], now: Date): Promise<Map<number, Composition>> {
    const data = await loadBatch(this.#deps.db, this.#deps.mapping, deliveries);
    const provider = await this.#deps.provider();
    return new Map(
      deliveries.map((delivery) => [delivery.id, this.#one(delivery, data, provider, now)]),
    );
  }

  #one(delivery: Delivery, data: BatchData, provider: ProviderInput, now: Date): Composition {
    const customer =
      delivery.customerId === null ? undefined : data.customers.get(delivery.customerId);
    if (!customer) return skip('RECADO_SKIP_CUSTOMER_GONE', 'the customer no longer exists');
    // A test renders a real customer's data but goes to the address the operator typed.
    const test = delivery.source === 'test';
    const refused = test ? undefined : this.#refusal(delivery, customer, data);
    if (refused) return refused;

    const address = test ? delivery.recipient : null;
    const to =
      delivery.channel === 'email'
        ? emailAddress(test ? address : customer.email)
        : brazilianMobile(test ? address : customer.mobile);
    if (!to) {
      const what = delivery.channel === 'email' ? 'e-mail address' : 'mobile number';
      return skip('RECADO_SKIP_NO_ADDRESS', `the customer has no valid ${what}`);
    }
    const template =
      delivery.templateId === null ? undefined : data.templates.get(delivery.templateId);
    if (!template)
      return { action: 'fail', code: 'RECADO_TEMPLATE_GONE', reason: 'the template was deleted' };

    const invoice =
      delivery.invoiceId === null ? null : (data.invoices.get(delivery.invoiceId) ?? null);
    const marketing = delivery.kind === 'marketing';
    const claim = { customerId: customer.id, channel: delivery.channel };
    const unsubscribeUrl = !marketing
      ? null
      : test
        ? this.#deps.unsubscribe.exampleUrl(delivery.channel)
        : this.#deps.unsubscribe.url(claim);
    try {
      const context = buildRenderContext({ customer, invoice, provider, unsubscribeUrl, now });
      const format = delivery.channel === 'email' ? 'html' : 'text';
      const rendered = this.#deps.templates.render(template, context, { format });
      return { action: 'send', message: this.#message(delivery, to, rendered, unsubscribeUrl) };
    } catch (error) {
      if (!isRecadoError(error)) throw error;
      return { action: 'fail', code: error.code, reason: `template: ${error.message}` };
    }
  }

  /** Why a delivery must not go to this customer now, if it must not. */
  #refusal(delivery: Delivery, customer: CustomerRecord, data: BatchData): Composition | undefined {
    const { customers, invoices } = this.#deps.mapping;
    if (delivery.kind === 'marketing') {
      if (data.optOuts.has(`${customer.id}:${delivery.channel}`)) {
        return skip('RECADO_SKIP_OPTED_OUT', 'the customer opted out of marketing on this channel');
      }
      if (customer.status === statusOf(customers, 'cancelled')) {
        return skip('RECADO_SKIP_CUSTOMER_CANCELLED', 'the customer cancelled the contract');
      }
    }
    if (delivery.payload.requireOpenInvoice && delivery.invoiceId !== null) {
      const invoice = data.invoices.get(delivery.invoiceId);
      if (!invoice || invoice.status !== statusOf(invoices, 'open')) {
        return skip('RECADO_SKIP_INVOICE_SETTLED', 'the invoice was paid or cancelled meanwhile');
      }
    }
    return undefined;
  }

  #message(
    delivery: Delivery,
    to: string,
    rendered: { subject: string | null; body: string },
    unsubscribeUrl: string | null,
  ): OutgoingMessage {
    const base = {
      deliveryId: delivery.id,
      accountId: delivery.accountId,
      to,
      kind: delivery.kind,
    };
    if (delivery.channel === 'sms') return { ...base, text: rendered.body };
    const headers: Record<string, string> = unsubscribeUrl
      ? {
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        }
      : {};
    return {
      ...base,
      subject: rendered.subject ?? '',
      html: rendered.body,
      text: htmlToText(rendered.body),
      headers,
    };
  }
}

/** A plain-text alternative of an HTML body: tags dropped, blocks on their own lines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
