/**
 * The texts of the default rules, in Brazilian Portuguese. E-mails are HTML; SMS texts stay
 * in GSM-7 (no ã, ç, õ, á …; names through `| ascii`) and near one 160-character part, so
 * they carry the payment link rather than the long PIX code.
 */

/** A default message: e-mail subject and body, and the SMS text. */
export interface DefaultTexts {
  /** Template name, unique per channel in `recado_templates`. */
  readonly name: string;
  readonly subject: string;
  readonly html: string;
  readonly sms: string;
}

const SIGNATURE = '<p>Atenciosamente,<br>Equipe {{ provider.name }}</p>';

const HOW_TO_PAY = [
  '{% if invoice.digitable_line %}<p>Linha digitável do boleto:<br>',
  '<strong>{{ invoice.digitable_line }}</strong></p>{% endif %}',
  '{% if invoice.pix_code %}<p>PIX copia e cola:<br>{{ invoice.pix_code }}</p>{% endif %}',
  '{% if invoice.payment_link %}<p>Ou pague pelo link: ',
  '<a href="{{ invoice.payment_link }}">{{ invoice.payment_link }}</a></p>{% endif %}',
].join('');

const ALREADY_PAID = '<p>Se você já pagou, por favor desconsidere esta mensagem.</p>';

const SMS_FROM = '{{ provider.name | ascii }}: ';
const SMS_LINK = '{% if invoice.payment_link %} Pague em {{ invoice.payment_link }}{% endif %}';

export const BEFORE_DUE: DefaultTexts = {
  name: 'Cobrança: lembrete antes do vencimento',
  subject: 'Sua fatura de {{ invoice.amount | money }} vence em {{ invoice.due_date | date }}',
  html: [
    '<p>Olá, {{ customer.first_name }}!</p>',
    '<p>Passando para lembrar que a sua fatura {{ invoice.reference }}, no valor de ',
    '<strong>{{ invoice.amount | money }}</strong>, vence em ',
    "<strong>{{ invoice.due_date | date: 'long' }}</strong>.</p>",
    HOW_TO_PAY,
    ALREADY_PAID,
    SIGNATURE,
  ].join(''),
  sms:
    SMS_FROM +
    'Ola {{ customer.first_name | ascii }}, sua fatura de {{ invoice.amount | money }} vence em ' +
    '{{ invoice.due_date | date }}.' +
    SMS_LINK,
};

export const ON_DUE: DefaultTexts = {
  name: 'Cobrança: vencimento hoje',
  subject: 'Sua fatura de {{ invoice.amount | money }} vence hoje',
  html: [
    '<p>Olá, {{ customer.first_name }}!</p>',
    '<p>A sua fatura {{ invoice.reference }}, no valor de ',
    '<strong>{{ invoice.amount | money }}</strong>, vence <strong>hoje</strong>. ',
    'Pague até o fim do dia para evitar multa e juros.</p>',
    HOW_TO_PAY,
    ALREADY_PAID,
    SIGNATURE,
  ].join(''),
  sms:
    SMS_FROM +
    'Ola {{ customer.first_name | ascii }}, sua fatura de {{ invoice.amount | money }} vence ' +
    'hoje.' +
    SMS_LINK,
};

export const AFTER_DUE_3: DefaultTexts = {
  name: 'Cobrança: fatura vencida há 3 dias',
  subject: 'Não identificamos o pagamento da sua fatura de {{ invoice.due_date | date }}',
  html: [
    '<p>Olá, {{ customer.first_name }}.</p>',
    '<p>Até agora não identificamos o pagamento da sua fatura {{ invoice.reference }}, ',
    'no valor de <strong>{{ invoice.amount | money }}</strong>, vencida em ',
    '{{ invoice.due_date | date }}. Para manter sua conexão sem interrupções, ',
    'regularize o quanto antes.</p>',
    HOW_TO_PAY,
    ALREADY_PAID,
    SIGNATURE,
  ].join(''),
  sms:
    SMS_FROM +
    'Ola {{ customer.first_name | ascii }}, sua fatura de {{ invoice.amount | money }} venceu em ' +
    '{{ invoice.due_date | date }}. Evite o bloqueio.' +
    SMS_LINK,
};

export const AFTER_DUE_10: DefaultTexts = {
  name: 'Cobrança: fatura vencida há 10 dias',
  subject: 'Sua fatura está vencida há {{ invoice.days_overdue }} dias',
  html: [
    '<p>Olá, {{ customer.first_name }}.</p>',
    '<p>A sua fatura {{ invoice.reference }}, de <strong>{{ invoice.amount | money }}</strong>, ',
    'está vencida desde {{ invoice.due_date | date }}. Para evitar o bloqueio do serviço, ',
    'faça o pagamento o quanto antes. Se precisar negociar, fale com a gente',
    '{% if provider.phone %} pelo {{ provider.phone | phone }}{% endif %}.</p>',
    HOW_TO_PAY,
    ALREADY_PAID,
    SIGNATURE,
  ].join(''),
  sms:
    SMS_FROM +
    '{{ customer.first_name | ascii }}, sua fatura de {{ invoice.amount | money }} esta ' +
    'vencida ha {{ invoice.days_overdue }} dias. Evite o bloqueio.' +
    SMS_LINK,
};

export const RECEIPT: DefaultTexts = {
  name: 'Cobrança: pagamento confirmado',
  subject: 'Pagamento confirmado: fatura {{ invoice.reference }}',
  html: [
    '<p>Olá, {{ customer.first_name }}!</p>',
    '<p>Recebemos o pagamento da sua fatura {{ invoice.reference }}.</p>',
    '<p>Valor pago: <strong>{{ invoice.paid_amount | money }}</strong><br>',
    "Data do pagamento: {{ invoice.paid_at | date: 'datetime' }}<br>",
    'Vencimento: {{ invoice.due_date | date }}</p>',
    '<p>Obrigado por manter tudo em dia!</p>',
    SIGNATURE,
  ].join(''),
  sms:
    SMS_FROM +
    'Recebemos o pagamento de {{ invoice.paid_amount | money }} da fatura ' +
    '{{ invoice.reference }} em {{ invoice.paid_at | date }}. Obrigado!',
};

export const BLOCKED: DefaultTexts = {
  name: 'Cobrança: aviso de bloqueio',
  subject: 'Sua conexão foi bloqueada por falta de pagamento',
  html: [
    '<p>Olá, {{ customer.first_name }}.</p>',
    '<p>Como há faturas em aberto, o seu acesso à internet foi bloqueado. ',
    'Assim que o pagamento for confirmado, a conexão é liberada automaticamente.</p>',
    '<p>Para consultar suas faturas ou negociar, fale com a gente',
    '{% if provider.phone %} pelo {{ provider.phone | phone }}{% endif %}',
    '{% if provider.site %} ou em {{ provider.site }}{% endif %}.</p>',
    SIGNATURE,
  ].join(''),
  sms:
    SMS_FROM +
    '{{ customer.first_name | ascii }}, seu acesso foi bloqueado por falta de pagamento. ' +
    'Pague para liberar.{% if provider.phone %} Duvidas: {{ provider.phone | phone }}{% endif %}',
};

export const BIRTHDAY: DefaultTexts = {
  name: 'Cobrança: feliz aniversário',
  subject: 'Feliz aniversário, {{ customer.first_name }}!',
  html: [
    '<p>Olá, {{ customer.first_name }}!</p>',
    '<p>Hoje o dia é seu! Toda a equipe {{ provider.name }} deseja a você um feliz ',
    'aniversário, com muita saúde, alegria e conexão com quem você ama.</p>',
    '<p>Obrigado por estar com a gente.</p>',
    SIGNATURE,
    '{% if unsubscribe_url %}<p style="font-size:12px;color:#777">Não quer mais receber ',
    'mensagens como esta? <a href="{{ unsubscribe_url }}">Cancele aqui</a>.</p>{% endif %}',
  ].join(''),
  sms:
    SMS_FROM +
    'Feliz aniversario, {{ customer.first_name | ascii }}! Desejamos um dia muito especial. ' +
    'Obrigado por estar com a gente!',
};
