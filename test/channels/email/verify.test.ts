import { createServer } from 'node:net';
import { expect } from 'chai';
import type { SmtpAccountConfig } from '../../../src/channels/email/config.js';
import {
  sendTestEmail,
  testEmailContent,
  verifyAccount,
} from '../../../src/channels/email/verify.js';
import { accountFor, CREDENTIALS, FAST_TIMEOUTS, TestSmtpServer } from './smtp-server.js';

const options = { timeouts: FAST_TIMEOUTS };
const content = { subject: 'Teste de envio do Recado', text: 'Chegou? Então está tudo certo.' };

/** A port on loopback where nothing listens. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('verifyAccount', () => {
  let server: TestSmtpServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function check(serverOptions: object, overrides: Partial<SmtpAccountConfig> = {}) {
    server = await TestSmtpServer.start({ credentials: CREDENTIALS, ...serverOptions });
    return verifyAccount(accountFor(server, overrides), options);
  }

  it('reports connected and signed in', async () => {
    const result = await check({ secure: true });

    expect(result.ok).to.equal(true);
    expect(result.message).to.deep.equal({
      key: 'email.check.connected',
      params: { host: 'localhost', port: server?.port, user: 'recado' },
    });
    expect(result.warnings).to.deep.equal([]);
  });

  it('reports a refused password with the reply code', async () => {
    const result = await check({ secure: true }, { password: 'errada' });

    expect(result.ok).to.equal(false);
    expect(result.message.key).to.equal('email.check.auth_rejected');
    expect(result.message.params).to.include({ code: 535 });
  });

  it('reports a refused connection with host and port', async () => {
    const port = await closedPort();

    const result = await verifyAccount(accountFor({ port }), options);

    expect(result.message).to.deep.include({ key: 'email.check.refused' });
    expect(result.message.params).to.include({ host: 'localhost', port });
  });

  it('reports a certificate that is not valid for the host', async () => {
    const result = await check({ secure: true }, { host: '127.0.0.1' });

    expect(result.message.key).to.equal('email.check.tls_certificate_host');
    expect(result.message.params).to.include({ host: '127.0.0.1' });
  });

  it('reports a certificate from an authority the system does not trust', async () => {
    const result = await check({ secure: true }, { tlsCa: null });

    expect(result.message.key).to.equal('email.check.tls_certificate_untrusted');
  });

  it('reports STARTTLS certificate problems the same way', async () => {
    const untrusted = await check({}, { security: 'starttls', tlsCa: null });
    await server?.close();
    const otherHost = await check({}, { security: 'starttls', host: '127.0.0.1' });

    expect(untrusted.message.key).to.equal('email.check.tls_certificate_untrusted');
    expect(otherHost.message.key).to.equal('email.check.tls_certificate_host');
  });

  it('reports a server that does not offer STARTTLS', async () => {
    const result = await check({ starttls: false }, { security: 'starttls' });

    expect(result.message.key).to.equal('email.check.starttls_missing');
  });

  it('reports a plain-text port chosen for implicit TLS', async () => {
    const result = await check({ starttls: false }, { security: 'tls' });

    expect(result.message.key).to.equal('email.check.tls_not_tls');
  });

  it('warns that an unencrypted connection sends the password in the clear', async () => {
    const result = await check({ starttls: false }, { security: 'none' });

    expect(result.ok).to.equal(true);
    expect(result.warnings.map((warning) => warning.key)).to.deep.equal([
      'email.check.warning_plain',
    ]);
  });
});

describe('sendTestEmail', () => {
  let server: TestSmtpServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends one message now and reports the server reply', async () => {
    server = await TestSmtpServer.start({ secure: true, credentials: CREDENTIALS });

    const result = await sendTestEmail(
      accountFor(server),
      'operador@provedor.test',
      content,
      options,
    );

    expect(result.ok).to.equal(true);
    expect(result.message.key).to.equal('email.check.test_sent');
    expect(result.message.params.response).to.match(/^250 /);
    const [mail] = server.received;
    expect(mail?.parsed.subject).to.equal('Teste de envio do Recado');
    expect(mail?.parsed.messageId).to.match(/^<recado-test\.[0-9a-f]{12}@provedor\.test>$/);
  });

  it('refuses an address with a line break without connecting', async () => {
    server = await TestSmtpServer.start({ secure: true, credentials: CREDENTIALS });

    const result = await sendTestEmail(accountFor(server), 'a@b.test\r\nBcc: c@d.test', content);

    expect(result.message.key).to.equal('email.check.recipient_invalid');
    expect(server.connections).to.equal(0);
  });

  it('reports a refused recipient with the server reply', async () => {
    const refused = 'ninguem@provedor.test';
    server = await TestSmtpServer.start({
      secure: true,
      credentials: CREDENTIALS,
      refuseRecipient: refused,
    });

    const result = await sendTestEmail(accountFor(server), refused, content, options);

    expect(result.message.key).to.equal('email.check.recipient_refused');
    expect(result.message.params).to.include({ code: 550 });
  });

  it('says the message may have arrived when the connection drops after DATA', async () => {
    server = await TestSmtpServer.start({ secure: true, credentials: CREDENTIALS, drop: 'data' });

    const result = await sendTestEmail(accountFor(server), 'op@provedor.test', content, options);

    expect(result.message.key).to.equal('email.check.test_unknown');
  });
});

describe('testEmailContent', () => {
  it('builds subject and text from the locale keys', () => {
    const seen: string[] = [];
    const translate = (key: string) => {
      seen.push(key);
      return key;
    };

    const built = testEmailContent(translate, accountFor({ port: 465 }));

    expect(built).to.deep.equal({ subject: 'email.test.subject', text: 'email.test.text' });
    expect(seen).to.deep.equal(['email.test.subject', 'email.test.text']);
  });
});
