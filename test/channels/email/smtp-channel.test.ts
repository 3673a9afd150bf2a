import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { expect } from 'chai';
import pino from 'pino';
import sinon from 'sinon';
import type { OutgoingMessage } from '../../../src/channels/channel.js';
import type { SmtpAccountConfig } from '../../../src/channels/email/config.js';
import { SmtpChannel } from '../../../src/channels/email/smtp-channel.js';
import {
  accountFor,
  CREDENTIALS,
  FAST_TIMEOUTS,
  TestSmtpServer,
  type ReceivedMail,
  type TestServerOptions,
} from './smtp-server.js';

const logger = pino({ level: 'silent' });
const UNSUBSCRIBE = {
  'List-Unsubscribe': '<https://painel.provedor.test/u/abc123>',
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
};

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    deliveryId: 7,
    accountId: 1,
    to: 'ana@cliente.test',
    subject: 'Sua fatura vence amanhã',
    text: 'Olá, Ana. Sua fatura de R$ 99,90 vence amanhã.',
    html: '<p>Olá, Ana. Sua fatura de <b>R$ 99,90</b> vence amanhã.</p>',
    kind: 'transactional',
    ...overrides,
  };
}

let rsaKey: string | undefined;

/** A DKIM setting with an RSA key made once per run. */
function dkimKey() {
  rsaKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return { domain: 'provedor.test', selector: 'recado', privateKey: rsaKey };
}

/** The header lines as received, unfolded. */
function headerLines(mail: ReceivedMail | undefined): string[] {
  return (mail?.parsed.headerLines ?? []).map(({ line }) => line.replace(/\r?\n[ \t]+/g, ' '));
}

describe('SmtpChannel', () => {
  let server: TestSmtpServer | undefined;
  let channel: SmtpChannel | undefined;
  let account: SmtpAccountConfig;
  let onAuthRejected: sinon.SinonStub;

  async function setUp(options: TestServerOptions, overrides: Partial<SmtpAccountConfig> = {}) {
    server = await TestSmtpServer.start({ credentials: CREDENTIALS, ...options });
    account = accountFor(server, overrides);
    onAuthRejected = sinon.stub().resolves();
    channel = new SmtpChannel({
      accounts: async () => account,
      onAuthRejected,
      logger,
      accountCacheMs: 0,
      transport: { timeouts: FAST_TIMEOUTS },
    });
    return { server, channel };
  }

  afterEach(async () => {
    await channel?.close();
    await server?.close();
    channel = undefined;
    server = undefined;
    sinon.restore();
  });

  describe('send', () => {
    it('sends over implicit TLS with a Message-ID, the text alternative and the sender', async () => {
      const { server, channel } = await setUp({ secure: true });

      const result = await channel.send(message());

      expect(result).to.include({ status: 'accepted' });
      const [mail] = server.received;
      expect(mail?.secure).to.equal(true);
      expect(mail?.mailFrom).to.equal('cobranca@provedor.test');
      expect(mail?.rcptTo).to.deep.equal(['ana@cliente.test']);
      expect(mail?.parsed.messageId).to.match(/^<recado-7\.[0-9a-f]{12}@provedor\.test>$/);
      expect(result.status === 'accepted' && `<${result.providerId}>`).to.equal(
        mail?.parsed.messageId,
      );
      expect(mail?.parsed.text?.trim()).to.equal(message().text);
      expect(mail?.parsed.html).to.contain('<b>R$ 99,90</b>');
      expect(mail?.parsed.from?.value[0]).to.deep.include({
        name: 'Provedor Exemplo',
        address: 'cobranca@provedor.test',
      });
      expect(mail?.parsed.subject).to.equal('Sua fatura vence amanhã');
    });

    it('carries List-Unsubscribe only when the message brings it', async () => {
      const { server, channel } = await setUp({ secure: true });

      await channel.send(message({ kind: 'marketing', headers: UNSUBSCRIBE }));
      await channel.send(message({ deliveryId: 8 }));

      const [marketing, billing] = server.received;
      expect(headerLines(marketing)).to.include.members([
        'List-Unsubscribe: <https://painel.provedor.test/u/abc123>',
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      ]);
      expect(headerLines(billing).filter((line) => /^list-/i.test(line))).to.deep.equal([]);
    });

    it('upgrades a plain connection with STARTTLS before signing in', async () => {
      const { server, channel } = await setUp({}, { security: 'starttls' });

      const result = await channel.send(message());

      expect(result.status).to.equal('accepted');
      expect(server.received[0]?.secure).to.equal(true);
    });

    it('fails permanently when STARTTLS is required and the server does not offer it', async () => {
      const { server, channel } = await setUp({ starttls: false }, { security: 'starttls' });

      const result = await channel.send(message());

      expect(result).to.include({ status: 'failed', kind: 'permanent' });
      expect(result.status === 'failed' && result.code).to.match(/^SMTP_5\d\d$/);
      expect(server.authAttempts).to.equal(0);
      expect(server.received).to.have.length(0);
    });

    it('fails permanently on refused credentials, flags the account and stops knocking', async () => {
      const { server, channel } = await setUp({ secure: true }, { password: 'senha-errada' });

      const first = await channel.send(message());
      const second = await channel.send(message({ deliveryId: 8 }));

      expect(first).to.include({ status: 'failed', kind: 'permanent', code: 'SMTP_535' });
      expect(second).to.include({ status: 'failed', kind: 'permanent', code: 'SMTP_535' });
      expect(onAuthRejected.calledOnceWith(1, sinon.match(/^SMTP_535: /))).to.equal(true);
      expect(server.authAttempts).to.equal(1);
    });

    it('refuses an account flagged as needing attention without connecting', async () => {
      const { server, channel } = await setUp({ secure: true }, { attention: true });

      const result = await channel.send(message());

      expect(result).to.include({ kind: 'permanent', code: 'RECADO_EMAIL_ACCOUNT_ATTENTION' });
      expect(server.connections).to.equal(0);
    });

    it('answers transient to a 421 greeting and sends on the next attempt', async () => {
      const { server, channel } = await setUp({ secure: true, refuseConnections: 1 });

      const first = await channel.send(message());
      const retry = await channel.send(message());

      expect(first).to.include({ status: 'failed', kind: 'transient', code: 'SMTP_421' });
      expect(retry.status).to.equal('accepted');
      expect(server.received).to.have.length(1);
    });

    it('fails one refused recipient permanently with SMTP_550 and sends the next', async () => {
      const refused = 'nao-existe@cliente.test';
      const { server, channel } = await setUp({ secure: true, refuseRecipient: refused });

      const bad = await channel.send(message({ to: refused }));
      const good = await channel.send(message({ deliveryId: 8 }));

      expect(bad).to.include({ status: 'failed', kind: 'permanent', code: 'SMTP_550' });
      expect(good.status).to.equal('accepted');
      expect(server.received.map((mail) => mail.rcptTo)).to.deep.equal([['ana@cliente.test']]);
    });

    it('answers unknown when the connection drops after the message was sent', async () => {
      const { channel } = await setUp({ secure: true, drop: 'data' });

      const result = await channel.send(message());

      expect(result).to.include({ status: 'failed', kind: 'unknown', code: 'SMTP_ECONNECTION' });
    });

    it('answers transient when the connection drops during the envelope', async () => {
      const { channel } = await setUp({ secure: true, drop: 'envelope' });

      const result = await channel.send(message());

      expect(result).to.include({ status: 'failed', kind: 'transient', code: 'SMTP_ECONNECTION' });
    });

    it('answers transient when the server never greets', async () => {
      const silent: Server = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as { port: number }).port;
      const quiet = new SmtpChannel({
        accounts: async () => accountFor({ port }, { security: 'none', user: null }),
        logger,
        transport: { timeouts: { ...FAST_TIMEOUTS, greetingMs: 300 } },
      });
      try {
        const result = await quiet.send(message());

        expect(result).to.include({ status: 'failed', kind: 'transient', code: 'SMTP_ETIMEDOUT' });
      } finally {
        await quiet.close();
        silent.close();
      }
    });

    it('reuses pooled connections across 20 messages', async () => {
      const { server, channel } = await setUp({ secure: true });

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => channel.send(message({ deliveryId: 100 + i }))),
      );

      expect(results.every((result) => result.status === 'accepted')).to.equal(true);
      expect(server.received).to.have.length(20);
      expect(server.connections).to.be.within(1, 2);
    });

    it('rebuilds the pool when the account changes', async () => {
      const { server, channel } = await setUp({ secure: true });

      await channel.send(message());
      await channel.send(message());
      account = { ...account, fromName: 'Provedor Novo', updatedAt: '2026-12-03 11:00:00.000' };
      await channel.send(message());

      expect(server.connections).to.equal(2);
      expect(server.received[2]?.parsed.from?.value[0]?.name).to.equal('Provedor Novo');
    });

    it('signs with DKIM when the account has a key', async () => {
      const { server, channel } = await setUp({ secure: true }, { dkim: dkimKey() });

      const result = await channel.send(message());

      expect(result.status).to.equal('accepted');
      const signature = server.received[0]?.parsed.headers.get('dkim-signature');
      expect(signature).to.be.an('object').that.has.nested.property('params.d', 'provedor.test');
      expect(signature).to.have.nested.property('params.s', 'recado');
    });

    for (const [drop, kind] of [
      ['envelope', 'transient'],
      ['data', 'unknown'],
    ] as const) {
      it(`answers ${kind} for a drop at ${drop} with DKIM signing on`, async () => {
        // The signer reads the whole message before the server asks for it; that early read
        // must not count as "sent".
        const { channel } = await setUp({ secure: true, drop }, { dkim: dkimKey() });

        const result = await channel.send(message());

        expect(result).to.include({ status: 'failed', kind });
      });
    }

    it('fails permanently without an enabled account', async () => {
      const none = new SmtpChannel({ accounts: async () => undefined, logger });

      const result = await none.send(message({ accountId: null }));

      expect(result).to.include({ kind: 'permanent', code: 'RECADO_EMAIL_NO_ACCOUNT' });
    });
  });

  describe('send (header injection)', () => {
    const attempts: Array<[string, Partial<OutgoingMessage>, Partial<SmtpAccountConfig>]> = [
      ['a subject', { subject: 'Fatura\r\nBcc: todos@exemplo.test' }, {}],
      ['a recipient', { to: 'ana@cliente.test\r\nBcc: todos@exemplo.test' }, {}],
      ['a header value', { headers: { 'List-Unsubscribe': '<x>\nBcc: a@b.test' } }, {}],
      ['the from name', {}, { fromName: 'Provedor\r\nBcc: todos@exemplo.test' }],
      ['the reply-to', {}, { replyTo: 'a@provedor.test\nBcc: todos@exemplo.test' }],
    ];
    for (const [where, overrides, accountOverrides] of attempts) {
      it(`refuses a line break in ${where} before connecting`, async () => {
        const { server, channel } = await setUp({ secure: true }, accountOverrides);

        const result = await channel.send(message(overrides));

        expect(result).to.include({ kind: 'permanent', code: 'RECADO_EMAIL_HEADER_INJECTION' });
        expect(server.connections).to.equal(0);
      });
    }

    it('refuses a recipient list and a reserved header before connecting', async () => {
      const { server, channel } = await setUp({ secure: true });

      const list = await channel.send(message({ to: 'ana@cliente.test, b@c.test' }));
      const bcc = await channel.send(message({ headers: { Bcc: 'todos@exemplo.test' } }));

      expect(list).to.include({ code: 'RECADO_EMAIL_RECIPIENT_INVALID' });
      expect(bcc).to.include({ code: 'RECADO_EMAIL_HEADER_INVALID' });
      expect(server.connections).to.equal(0);
    });
  });
});
