import type { RenderInput } from '../../src/templates/index.js';

/** One message about an overdue, since paid invoice, with every field filled. */
export const FULL_INPUT: RenderInput = {
  customer: {
    id: 7,
    name: 'MARIA DAS GRAÇAS SOUZA',
    email: 'maria@example.com.br',
    mobile: '5511987654321',
    plan: 'Fibra 300 Mega',
    city: 'São Paulo',
    neighbourhood: 'Mooca',
    dueDay: 3,
    birthDate: '1990-03-15',
  },
  invoice: {
    id: 42,
    reference: 'F-2026-0042',
    amount: 1234.5,
    dueDate: '2026-12-03',
    // 01:30 UTC is still the evening before in São Paulo (UTC-3).
    paidAt: '2026-12-05 01:30:00',
    paidAmount: 1240.75,
    digitableLine: '34191.79001 01043.510047 91020.150008 5 12340000123450',
    pixCode:
      '00020126580014br.gov.bcb.pix0136a1b2c3d4-0000-4000-8000-0000000000425204000053039865802BR6304ABCD',
    paymentLink: 'https://pagar.example.com/f/42',
  },
  provider: {
    name: 'Rede Sul Fibra',
    phone: '1133224455',
    site: 'https://redesul.example.com',
    email: 'contato@redesul.example.com',
    timeZone: 'America/Sao_Paulo',
  },
  unsubscribeUrl: 'https://painel.example.com/recado/sair/abc',
  now: new Date('2026-12-10T12:00:00Z'),
};

/** What `{{ name }}` prints for FULL_INPUT, for every registered variable. */
export const PLAIN_OUTPUT: Readonly<Record<string, string>> = {
  'customer.name': 'MARIA DAS GRAÇAS SOUZA',
  'customer.first_name': 'Maria',
  'customer.email': 'maria@example.com.br',
  'customer.mobile': '5511987654321',
  'customer.plan': 'Fibra 300 Mega',
  'customer.city': 'São Paulo',
  'customer.neighbourhood': 'Mooca',
  'customer.due_day': '3',
  'customer.birth_date': '1990-03-15',
  'invoice.reference': 'F-2026-0042',
  'invoice.amount': '1234.5',
  'invoice.due_date': '2026-12-03',
  'invoice.days_overdue': '7',
  'invoice.digitable_line': '34191.79001 01043.510047 91020.150008 5 12340000123450',
  'invoice.pix_code':
    '00020126580014br.gov.bcb.pix0136a1b2c3d4-0000-4000-8000-0000000000425204000053039865802BR6304ABCD',
  'invoice.payment_link': 'https://pagar.example.com/f/42',
  'invoice.paid_at': '2026-12-04 22:30',
  'invoice.paid_amount': '1240.75',
  'provider.name': 'Rede Sul Fibra',
  'provider.phone': '1133224455',
  'provider.site': 'https://redesul.example.com',
  'provider.email': 'contato@redesul.example.com',
  unsubscribe_url: 'https://painel.example.com/recado/sair/abc',
};

/** What each variable's picker snippet prints for FULL_INPUT, where a filter changes it. */
export const SNIPPET_OUTPUT: Readonly<Record<string, string>> = {
  ...PLAIN_OUTPUT,
  'customer.mobile': '(11) 98765-4321',
  'customer.birth_date': '15/03/1990',
  'invoice.amount': 'R$ 1.234,50',
  'invoice.due_date': '03/12/2026',
  'invoice.paid_at': '04/12/2026 22:30',
  'invoice.paid_amount': 'R$ 1.240,75',
  'provider.phone': '(11) 3322-4455',
};
