import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { migrateLatest } from '../../src/lib/migrations.js';
import { PANEL_MIGRATIONS } from '../../src/panel/server.js';
import { startSinks, type Sinks } from '../../src/panel/sinks/index.js';
import { describeEachDatabase } from '../support/databases.js';

const RECEIVED = new Date('2026-12-10T15:00:00Z');

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describeEachDatabase('Sinks', (database) => {
  let db: Knex;
  let sinks: Sinks;
  let sms: string;

  before(async () => {
    db = database().db;
    await migrateLatest(db, { directory: PANEL_MIGRATIONS, tableName: 'panel_migrations' });
    const { logger } = capturingLogger();
    sinks = await startSinks({ db, logger, smtpPort: 0, smsPort: 0, now: () => RECEIVED });
    sms = `http://127.0.0.1:${sinks.smsPort}`;
  });
  beforeEach(async () => {
    await db('panel_outbox').delete();
  });
  after(async () => {
    await sinks?.close();
  });

  async function stored() {
    return db('panel_outbox').orderBy('id');
  }

  describe('startSinks', () => {
    it('binds free ports when given 0 and reports them', () => {
      expect(sinks.smtpPort).to.be.a('number').above(0);
      expect(sinks.smsPort).to.be.a('number').above(0);
    });

    it('leaves a sink off when its port is undefined or null', async () => {
      const { logger } = capturingLogger();
      const off = await startSinks({ db, logger, smtpPort: null, smsPort: undefined });

      expect(off.smtpPort).to.equal(undefined);
      expect(off.smsPort).to.equal(undefined);
      await off.close();
    });

    it('warns and leaves a sink off when its port is taken, keeping the other one', async () => {
      const blocker: Server = await new Promise((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
      });
      const taken = (blocker.address() as AddressInfo).port;
      const { logger, lines } = capturingLogger();

      const partial = await startSinks({ db, logger, smtpPort: taken, smsPort: 0 });
      await partial.close();
      await new Promise((resolve) => blocker.close(resolve));

      expect(partial.smtpPort).to.equal(undefined);
      expect(partial.smsPort).to.be.a('number');
      const warning = lines.find((line) => line.event === 'panel.sink.off');
      expect(warning).to.include({ level: 40, port: taken, code: 'EADDRINUSE' });
    });
  });

  describe('SMTP sink', () => {
    function transport() {
      return nodemailer.createTransport({
        host: '127.0.0.1',
        port: sinks.smtpPort,
        secure: false,
        auth: { user: 'qualquer', pass: 'coisa' },
      });
    }

    it('accepts any login and stores one row per envelope recipient with the useful headers', async () => {
      const info = await transport().sendMail({
        from: 'Provedor <cobranca@provedor.example.com>',
        to: 'ana@example.com',
        cc: 'bruno@example.com',
        subject: 'Sua fatura vence amanhã',
        text: 'Olá, Ana! Sua fatura de R$ 99,90 vence amanhã.',
        html: '<p>Olá, Ana!</p>',
        list: { unsubscribe: { url: 'https://provedor.example.com/sair', comment: 'Sair' } },
      });

      const rows = await stored();
      expect(info.accepted).to.deep.equal(['ana@example.com', 'bruno@example.com']);
      expect(rows.map((row) => row.recipient)).to.deep.equal([
        'ana@example.com',
        'bruno@example.com',
      ]);
      expect(rows[0]).to.include({
        channel: 'email',
        sender: 'cobranca@provedor.example.com',
        subject: 'Sua fatura vence amanhã',
        received_at: '2026-12-10 15:00:00',
      });
      expect(rows[0].body).to.contain('Olá, Ana! Sua fatura de R$ 99,90 vence amanhã.');
      const headers = JSON.parse(rows[0].headers) as Record<string, string>;
      expect(headers['message-id']).to.equal(info.messageId);
      expect(headers['list-unsubscribe']).to.contain('https://provedor.example.com/sair');
      expect(headers['content-type']).to.contain('multipart/alternative');
    });

    it('keeps the text drawn from the HTML of a mail without a text part', async () => {
      await transport().sendMail({
        from: 'a@example.com',
        to: 'b@example.com',
        subject: 'Só HTML',
        html: '<h1>Fatura paga</h1><p>Obrigado pelo <b>pagamento</b>.</p>',
      });

      const [row] = await stored();
      expect(row.body).to.contain('Obrigado pelo pagamento.');
      expect(row.body).not.to.contain('<b>');
    });

    it('refuses a message over 10 MB with 552 and stores nothing', async () => {
      const error = await transport()
        .sendMail({
          envelope: { from: 'a@example.com', to: 'b@example.com' },
          raw: `Subject: grande\r\n\r\n${`${'x'.repeat(998)}\r\n`.repeat(11 * 1024)}`,
        })
        .then(
          () => undefined,
          (failure: { responseCode?: number }) => failure,
        );

      expect(error?.responseCode).to.equal(552);
      expect(await stored()).to.deep.equal([]);
    });
  });

  describe('SMS sink', () => {
    it('stores a GET with an accented text and a + encoded as %2B, and answers with the row id', async () => {
      const response = await fetch(
        `${sms}/send?to=%2B5511987654321&msg=${encodeURIComponent('Olá, João! Fatura paga ✓')}`,
      );

      const body = (await response.json()) as { status: string; id: number };
      const [row] = await stored();
      expect(response.status).to.equal(200);
      expect(body).to.deep.equal({ status: 'ok', id: row.id });
      expect(row).to.include({
        channel: 'sms',
        recipient: '+5511987654321',
        body: 'Olá, João! Fatura paga ✓',
      });
    });

    it('stores a POST with a form body using message, and one with a JSON body using text', async () => {
      const form = await fetch(`${sms}/send`, {
        method: 'POST',
        body: new URLSearchParams({ to: '5511911112222', message: 'Lembrete de vencimento' }),
      });
      const json = await fetch(`${sms}/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: 5511933334444, text: 'Pagamento confirmado' }),
      });

      expect([form.status, json.status]).to.deep.equal([200, 200]);
      expect((await stored()).map((row) => [row.recipient, row.body])).to.deep.equal([
        ['5511911112222', 'Lembrete de vencimento'],
        ['5511933334444', 'Pagamento confirmado'],
      ]);
    });

    it('answers 400 to a request without a number or without a text and stores nothing', async () => {
      const noNumber = await fetch(`${sms}/send?msg=oi`);
      const noText = await fetch(`${sms}/send`, {
        method: 'POST',
        body: new URLSearchParams({ to: '5511' }),
      });

      expect(noNumber.status).to.equal(400);
      expect(await noNumber.json()).to.deep.include({ status: 'error' });
      expect(noText.status).to.equal(400);
      expect(await stored()).to.deep.equal([]);
    });

    it('answers 400 to a JSON body that does not parse, 404 elsewhere and 405 to other methods', async () => {
      const broken = await fetch(`${sms}/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"to":',
      });
      const elsewhere = await fetch(`${sms}/other`);
      const put = await fetch(`${sms}/send`, { method: 'PUT', body: 'to=1&msg=2' });

      expect([broken.status, elsewhere.status, put.status]).to.deep.equal([400, 404, 405]);
      expect(await stored()).to.deep.equal([]);
    });

    it('answers 413 to a body over 64 KB and stores nothing', async () => {
      const response = await fetch(`${sms}/send`, {
        method: 'POST',
        body: new URLSearchParams({ to: '5511911112222', msg: 'a'.repeat(70 * 1024) }),
      });

      expect(response.status).to.equal(413);
      expect(await stored()).to.deep.equal([]);
    });
  });
});
