import { join } from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { DeliveryComposer, htmlToText } from '../../src/core/compose/composer.js';
import { loadManifest } from '../../src/core/manifest.js';
import { resolveMapping } from '../../src/core/mapping.js';
import { UnsubscribeLinks } from '../../src/core/unsubscribe.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { claimDeliveries } from '../../src/queue/claim-deliveries.js';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import type { NewDelivery } from '../../src/queue/types.js';
import type { Composition } from '../../src/scheduler/composer.js';
import { TemplateEngine } from '../../src/templates/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { prepareCustomers } from '../queue/fixtures.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');
const mapping = resolveMapping(loadManifest(join(PLUGIN_ROOT, 'plugin.json')));
const links = new UnsubscribeLinks({
  secret: 'x'.repeat(40),
  baseUrl: 'https://painel.example.com/',
});

async function seedFixtures(db: Knex): Promise<{ email: number; sms: number }> {
  await prepareCustomers(db, 6);
  await db('customers').where('id', 1).update({ name: 'Maria das Graças <b>Souza</b>' });
  await db('customers').where('id', 3).update({ mobile: '551133334444' });
  await db('customers').where('id', 4).update({ status: 'cancelled' });
  await db('invoices').insert([
    {
      id: 10,
      customer_id: 1,
      reference: '2026-12/000010',
      amount: 99.9,
      due_date: '2026-12-10',
      status: 'open',
      created_at: '2026-11-10 00:00:00',
    },
    {
      id: 11,
      customer_id: 2,
      reference: '2026-12/000011',
      amount: 129.9,
      due_date: '2026-12-10',
      status: 'paid',
      paid_at: '2026-12-02 13:00:00',
      paid_amount: 129.9,
      created_at: '2026-11-10 00:00:00',
    },
  ]);
  await db('recado_opt_outs').insert({
    customer_id: 5,
    channel: 'email',
    created_at: '2026-11-01 00:00:00',
  });
  const now = '2026-12-01 00:00:00';
  const [email] = await db('recado_templates').insert({
    channel: 'email',
    name: 'Lembrete',
    subject: 'Fatura {{ invoice.reference }}',
    body: '<p>Olá, {{ customer.first_name }}! Valor: {{ invoice.amount | money }}</p>',
    created_at: now,
    updated_at: now,
  });
  const [sms] = await db('recado_templates').insert({
    channel: 'sms',
    name: 'Promo',
    subject: null,
    body: 'Oi {{ customer.first_name }}, 1 Giga por R$ 99!',
    created_at: now,
    updated_at: now,
  });
  return { email: Number(email), sms: Number(sms) };
}

describeEachDatabase('DeliveryComposer', (database) => {
  let templates: { email: number; sms: number };
  let composer: DeliveryComposer;

  before(async () => {
    const { db } = database();
    templates = await seedFixtures(db);
    composer = new DeliveryComposer({
      db,
      mapping,
      templates: new TemplateEngine(),
      unsubscribe: links,
      provider: async () => ({ name: 'Fibra Rápida' }),
    });
  });
  beforeEach(async () => database().db('recado_deliveries').delete());

  async function compose(deliveries: NewDelivery[]): Promise<Composition[]> {
    const { db } = database();
    await enqueueDeliveries(db, deliveries, NOW);
    const claimed = await claimDeliveries(db, {
      workerId: 'w',
      limit: 50,
      leaseMs: 60_000,
      now: NOW,
    });
    const result = await composer.compose(claimed, NOW);
    const byKey = new Map(claimed.map((delivery) => [delivery.dedupeKey, delivery.id]));
    return deliveries.map(
      (delivery) => result.get(byKey.get(delivery.dedupeKey) ?? 0) as Composition,
    );
  }

  const reminder = (customerId: number, invoiceId: number): NewDelivery => ({
    dedupeKey: `rule:1:${invoiceId}`,
    channel: 'email',
    source: 'rule',
    kind: 'transactional',
    customerId,
    invoiceId,
    templateId: templates.email,
    payload: { requireOpenInvoice: true },
  });
  const promo = (customerId: number, channel: 'email' | 'sms' = 'sms'): NewDelivery => ({
    dedupeKey: `campaign:1:${channel}:${customerId}`,
    channel,
    source: 'campaign',
    kind: 'marketing',
    customerId,
    templateId: channel === 'sms' ? templates.sms : templates.email,
  });

  describe('compose', () => {
    it('renders an e-mail reminder with escaped values and a text alternative, without unsubscribe headers', async () => {
      const [composition] = await compose([reminder(1, 10)]);

      expect(composition?.action).to.equal('send');
      const message = (composition as Extract<Composition, { action: 'send' }>).message;
      expect(message).to.include({
        to: 'cliente1@example.com',
        subject: 'Fatura 2026-12/000010',
        kind: 'transactional',
      });
      expect(message.html).to.equal('<p>Olá, Maria! Valor: R$ 99,90</p>');
      expect(message.text).to.equal('Olá, Maria! Valor: R$ 99,90');
      expect(message.headers).to.deep.equal({});
    });

    it('skips a reminder whose invoice was paid meanwhile', async () => {
      const [composition] = await compose([reminder(2, 11)]);

      expect(composition).to.deep.include({ action: 'skip', code: 'RECADO_SKIP_INVOICE_SETTLED' });
    });

    it('adds signed one-click unsubscribe headers to marketing e-mail', async () => {
      const [composition] = await compose([{ ...promo(1, 'email'), invoiceId: 10 }]);

      const message = (composition as Extract<Composition, { action: 'send' }>).message;
      const url = links.url({ customerId: 1, channel: 'email' });
      expect(message.headers).to.deep.equal({
        'List-Unsubscribe': `<${url}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });
      expect(links.verify(url.split('/').pop() ?? '')).to.deep.equal({
        customerId: 1,
        channel: 'email',
      });
    });

    it('skips marketing to a customer who opted out or cancelled, and a landline for SMS', async () => {
      const [optedOut, cancelled, landline, fine] = await compose([
        promo(5, 'email'),
        promo(4),
        promo(3),
        promo(2),
      ]);

      expect(optedOut).to.deep.include({ action: 'skip', code: 'RECADO_SKIP_OPTED_OUT' });
      expect(cancelled).to.deep.include({ action: 'skip', code: 'RECADO_SKIP_CUSTOMER_CANCELLED' });
      expect(landline).to.deep.include({ action: 'skip', code: 'RECADO_SKIP_NO_ADDRESS' });
      expect(fine?.action).to.equal('send');
      expect((fine as Extract<Composition, { action: 'send' }>).message).to.deep.include({
        to: '5511900000002',
        text: 'Oi Cliente, 1 Giga por R$ 99!',
      });
    });

    it('sends a test to the typed address, past opt-outs, with a link that unsubscribes nobody', async () => {
      const [composition] = await compose([
        {
          ...promo(5, 'email'),
          invoiceId: 10,
          dedupeKey: 'test:1',
          source: 'test',
          recipient: 'operador@example.net',
        },
      ]);

      expect(composition?.action).to.equal('send');
      const message = (composition as Extract<Composition, { action: 'send' }>).message;
      expect(message.to).to.equal('operador@example.net');
      const link = message.headers?.['List-Unsubscribe'] ?? '';
      expect(link).to.contain('/recado/email/unsubscribe/exemplo');
      expect(links.verify('exemplo')).to.equal(undefined);
    });

    it('fails a delivery whose template was deleted or needs an invoice it lacks', async () => {
      const [deleted, withoutInvoice] = await compose([
        { ...promo(2), templateId: 999 },
        { ...reminder(6, 10), dedupeKey: 'x', invoiceId: null, payload: {} },
      ]);

      expect(deleted).to.deep.include({ action: 'fail', code: 'RECADO_TEMPLATE_GONE' });
      expect(withoutInvoice).to.deep.include({
        action: 'fail',
        code: 'RECADO_TEMPLATE_VARIABLE_MISSING',
      });
    });
  });
});

describe('htmlToText', () => {
  it('keeps the words, puts blocks on their own lines and shows link targets', () => {
    const html =
      '<h1>Fatura</h1><p>Pague &amp; <a href="https://pagar.example.com/f/1">aqui</a></p><style>p{}</style>';

    expect(htmlToText(html)).to.equal('Fatura\nPague & aqui (https://pagar.example.com/f/1)');
  });
});
