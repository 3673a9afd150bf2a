import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import pino from 'pino';
import { SmtpAccountStore } from '../../../src/apps/email/accounts.js';
import { createEmailChannel } from '../../../src/apps/email/email-channel.js';
import type { OutgoingMessage } from '../../../src/channels/channel.js';
import type { SmtpChannel } from '../../../src/channels/email/smtp-channel.js';
import { CredentialVault } from '../../../src/core/vault.js';
import { describeEachDatabase } from '../../support/databases.js';
import { migratePlugin } from '../../queue/helpers.js';
import {
  CREDENTIALS,
  FAST_TIMEOUTS,
  FIXTURE_CERT,
  TestSmtpServer,
} from '../../channels/email/smtp-server.js';

const message = (accountId: number | null): OutgoingMessage => ({
  deliveryId: 1,
  accountId,
  to: 'ana@cliente.test',
  subject: 'Pagamento confirmado',
  text: 'Recebemos seu pagamento. Obrigado!',
  kind: 'transactional',
});

describeEachDatabase('createEmailChannel', (database) => {
  const vault = new CredentialVault([{ id: 't1', key: randomBytes(32) }]);
  let server: TestSmtpServer;
  let accounts: SmtpAccountStore;
  let channel: SmtpChannel;

  const input = (password: string) => ({
    name: 'Servidor do provedor',
    host: 'localhost',
    port: server.port,
    security: 'tls',
    user: CREDENTIALS.user,
    password,
    fromName: 'Provedor Exemplo',
    fromAddress: 'cobranca@provedor.test',
    tlsCa: FIXTURE_CERT,
  });

  before(async () => migratePlugin(database().db));
  beforeEach(async () => {
    await database().db('recado_email_accounts').delete();
    server = await TestSmtpServer.start({ secure: true, credentials: CREDENTIALS });
    accounts = new SmtpAccountStore({ db: database().db, vault });
    const logger = pino({ level: 'silent' });
    channel = createEmailChannel({
      accounts,
      logger,
      accountCacheMs: 0,
      transport: { timeouts: FAST_TIMEOUTS },
    });
  });
  afterEach(async () => {
    await channel.close();
    await server.close();
  });

  describe('send', () => {
    it('sends through the default account with the password from the vault', async () => {
      await accounts.create(input(CREDENTIALS.pass));

      const result = await channel.send(message(null));

      expect(result.status).to.equal('accepted');
      expect(server.received).to.have.length(1);
    });

    it('flags the account when the server refuses the password, and sends through it no more', async () => {
      const { id } = await accounts.create(input('senha-antiga'));

      const refused = await channel.send(message(id));
      const flagged = await accounts.get(id);
      const next = await channel.send(message(id));

      expect(refused).to.include({ kind: 'permanent', code: 'SMTP_535' });
      expect(flagged.attention?.reason).to.match(/^SMTP_535: /);
      expect(next).to.include({ code: 'RECADO_EMAIL_ACCOUNT_ATTENTION' });
      expect(server.authAttempts).to.equal(1);
    });

    it('sends again once the operator saves the right password', async () => {
      const { id } = await accounts.create(input('senha-antiga'));
      await channel.send(message(id));

      await accounts.update(id, input(CREDENTIALS.pass));
      const result = await channel.send(message(id));

      expect(result.status).to.equal('accepted');
    });
  });
});
