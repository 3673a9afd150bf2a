import { expect } from 'chai';
import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { OperatorSession } from '../../src/panel/operators.js';
import { addToOutbox } from '../../src/panel/records/outbox.js';
import { seedOperators } from '../../src/panel/seed/operators.js';
import { startSinks, type Sinks } from '../../src/panel/sinks/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { PanelClient, startTestPanel, type RunningPanel } from '../support/panel.js';

const NOW = new Date('2026-12-10T15:00:00Z');

function messageIds(html: string): number[] {
  return [...html.matchAll(/data-message="(\d+)"/g)].map((match) => Number(match[1]));
}

describeEachDatabase('Outbox routes', (database) => {
  let running: RunningPanel;
  let sinks: Sinks;
  let db: Knex;
  let operator: PanelClient;

  before(async () => {
    running = await startTestPanel(database(), { seedDemo: false, now: () => NOW });
    db = database().db;
    await seedOperators(db);
    await new OperatorSession({ db }).create({
      login: 'atendente',
      name: 'Sem Caixa de Saída',
      password: 'atendente',
      isAdmin: false,
      permissions: ['customers.view'],
    });
    sinks = await startSinks({ db, logger: pino({ level: 'silent' }), smtpPort: 0, smsPort: 0 });
    operator = new PanelClient(running.baseUrl);
    await operator.login('operador', 'operador');
  });
  beforeEach(async () => {
    await db('panel_outbox').delete();
  });
  after(async () => {
    await sinks?.close();
    await running?.close();
  });

  async function sendMail(): Promise<void> {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: sinks.smtpPort,
      secure: false,
    });
    await transport.sendMail({
      from: 'cobranca@provedor.example.com',
      to: 'cliente@example.com',
      subject: 'Fatura de dezembro disponível',
      text: 'Sua fatura de dezembro já está disponível.',
      html: '<p>Sua fatura</p><script>alert("xss")</script>',
    });
  }

  async function sendSms(): Promise<Response> {
    const text = encodeURIComponent('Olá, João! Sua fatura vence hoje.');
    return fetch(`http://127.0.0.1:${sinks.smsPort}/send?to=%2B5511987654321&msg=${text}`);
  }

  describe('GET /outbox', () => {
    it('lists a mail sent to the SMTP sink and an SMS posted to the SMS sink, newest first', async () => {
      await sendMail();
      const sms = await sendSms();
      const page = await operator.get('/outbox');

      expect(sms.status).to.equal(200);
      expect(page.status).to.equal(200);
      const [smsId, mailId] = messageIds(page.html);
      expect((await db('panel_outbox').where({ id: smsId }).first()).channel).to.equal('sms');
      expect((await db('panel_outbox').where({ id: mailId }).first()).channel).to.equal('email');
      expect(page.html).to.contain('+5511987654321');
      expect(page.html).to.contain('Olá, João! Sua fatura vence hoje.');
      expect(page.html).to.contain('cliente@example.com');
      expect(page.html).to.contain('Fatura de dezembro disponível');
      expect(page.html).to.contain('Sua fatura de dezembro já está disponível.');
    });

    it('shows a body as escaped text, never as HTML', async () => {
      await addToOutbox(db, {
        channel: 'email',
        recipient: 'cliente@example.com',
        body: '<b>negrito</b><script>alert(1)</script>',
        receivedAt: NOW,
      });
      const page = await operator.get('/outbox');

      expect(page.html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.html).not.to.contain('<script>alert(1)');
      expect(page.html).not.to.contain('<b>negrito');
    });

    it('filters by channel', async () => {
      await sendMail();
      await sendSms();
      const onlySms = await operator.get('/outbox?channel=sms');

      expect(messageIds(onlySms.html)).to.have.length(1);
      expect(onlySms.html).to.contain('data-channel="sms"');
      expect(onlySms.html).not.to.contain('data-channel="email"');
    });

    it('pages 25 at a time and keeps the channel in the links', async () => {
      for (let n = 0; n < 27; n += 1) {
        await addToOutbox(db, {
          channel: 'sms',
          recipient: `55119000000${n}`,
          body: `n${n}`,
          receivedAt: NOW,
        });
      }
      const first = await operator.get('/outbox?channel=sms');
      const second = await operator.get('/outbox?channel=sms&page=2');

      expect(messageIds(first.html)).to.have.length(25);
      expect(first.html).to.contain('href="/outbox?channel=sms&amp;page=2" rel="next"');
      expect(messageIds(second.html)).to.have.length(2);
    });

    it('refuses an operator without outbox.view', async () => {
      const other = new PanelClient(running.baseUrl);
      await other.login('atendente', 'atendente');

      expect((await other.get('/outbox')).status).to.equal(403);
    });
  });

  describe('POST /outbox/clear', () => {
    it('empties the outbox and says how many messages went', async () => {
      await sendSms();
      await sendSms();
      await operator.get('/outbox');
      const posted = await operator.post('/outbox/clear');
      const page = await operator.get('/outbox');

      expect(posted.status).to.equal(303);
      expect(await db('panel_outbox').select('id')).to.deep.equal([]);
      expect(page.html).to.contain('Mensagens apagadas: 2.');
      expect(page.html).to.contain('Nenhuma mensagem recebida.');
    });

    it('refuses a post without a valid CSRF token and deletes nothing', async () => {
      await sendSms();
      const posted = await operator.post('/outbox/clear', { _csrf: 'forged' });

      expect(posted.status).to.equal(403);
      expect(await db('panel_outbox').select('id')).to.have.length(1);
    });
  });
});
