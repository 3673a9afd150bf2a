import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SmtpAccountStore } from '../../../src/apps/email/accounts.js';
import { RecadoError } from '../../../src/core/errors.js';
import { CredentialVault } from '../../../src/core/vault.js';
import { toSqlTime } from '../../../src/lib/time.js';
import * as defaultMigration from '../../../migrations/20261204100003_add_recado_email_accounts_default.js';
import { describeEachDatabase } from '../../support/databases.js';
import { migratePlugin } from '../../queue/helpers.js';

const PASSWORD = 'abcd efgh ijkl mnop';
const GMAIL = {
  name: 'Gmail da cobrança',
  preset: 'gmail',
  user: 'cobranca.provedor@gmail.com',
  password: PASSWORD,
  fromName: 'Provedor Exemplo',
  fromAddress: 'cobranca.provedor@gmail.com',
};
const DKIM_KEY = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(RecadoError);
    return { code: (error as RecadoError).code, ...(error as RecadoError).details };
  }
  throw new Error('nothing was refused');
}

describeEachDatabase('SmtpAccountStore', (database) => {
  const vault = new CredentialVault([{ id: 't1', key: randomBytes(32) }]);
  let clock: Date;
  let store: SmtpAccountStore;

  before(async () => migratePlugin(database().db));
  beforeEach(async () => {
    await database().db('recado_email_accounts').delete();
    await database().db('recado_campaigns').delete();
    clock = new Date('2026-12-03T12:00:00.000Z');
    store = new SmtpAccountStore({ db: database().db, vault, now: () => clock });
  });

  describe('create', () => {
    it('fills the preset and never returns the password', async () => {
      const account = await store.create(GMAIL);

      expect(account).to.include({ host: 'smtp.gmail.com', port: 465, security: 'tls' });
      expect(account).to.include({ hasPassword: true, dailyQuota: 500, enabled: true });
      expect(JSON.stringify(account)).not.to.contain(PASSWORD);
      expect(JSON.stringify(await store.list())).not.to.contain(PASSWORD);
    });

    it('stores the password and the DKIM key sealed', async () => {
      const dkim = { domain: 'provedor.test', selector: 'recado', privateKey: DKIM_KEY };
      const { id } = await store.create({ ...GMAIL, dkim });

      const row = await database().db('recado_email_accounts').where({ id }).first();
      expect(row.password_sealed).to.match(/^v1:t1:/);
      expect(row.password_sealed).not.to.contain(PASSWORD);
      expect(row.dkim_key_sealed).to.match(/^v1:t1:/);
      expect(row.dkim_key_sealed).not.to.contain('PRIVATE KEY');
      expect((await store.get(id)).dkim).to.deep.equal({
        domain: 'provedor.test',
        selector: 'recado',
        hasPrivateKey: true,
      });
    });

    it('names the field of invalid input and writes nothing', async () => {
      const refused = await codeOf(store.create({ ...GMAIL, fromAddress: 'sem-arroba' }));

      expect(refused).to.include({ code: 'RECADO_INPUT_INVALID', field: 'fromAddress' });
      expect(await store.list()).to.deep.equal([]);
    });

    it('asks for the password of a user', async () => {
      const refused = await codeOf(store.create({ ...GMAIL, password: '' }));

      expect(refused).to.include({ field: 'password', reason: 'email.invalid.password_required' });
    });

    it('refuses a DKIM key that is not a private key', async () => {
      const dkim = { domain: 'provedor.test', selector: 'recado', privateKey: 'not a key' };

      const refused = await codeOf(store.create({ ...GMAIL, dkim }));

      expect(refused).to.include({ field: 'dkim.privateKey', reason: 'email.invalid.dkim_key' });
    });
  });

  describe('update', () => {
    it('keeps the password when the field is left empty', async () => {
      const { id } = await store.create(GMAIL);
      clock = new Date(clock.getTime() + 60_000);

      const updated = await store.update(id, { ...GMAIL, password: '', fromName: 'Novo Nome' });

      expect(updated).to.include({ fromName: 'Novo Nome', hasPassword: true });
      expect((await store.configFor(id))?.password).to.equal(PASSWORD);
    });

    it('asks again for the password when the user changes', async () => {
      const { id } = await store.create(GMAIL);

      const refused = await codeOf(
        store.update(id, { ...GMAIL, user: 'outro@gmail.com', password: '' }),
      );

      expect(refused).to.include({ field: 'password' });
    });

    it('clears the attention flag when the credentials change, and moves the version on', async () => {
      const { id } = await store.create(GMAIL);
      await store.markAttention(id, 'SMTP_535: the server refused the credentials (535)');
      const before = await store.configFor(id);

      await store.update(id, { ...GMAIL, password: 'nova senha de app' });

      const after = await store.configFor(id);
      expect(before?.attention).to.equal(true);
      expect(after?.attention).to.equal(false);
      expect(after?.updatedAt).not.to.equal(before?.updatedAt);
    });
  });

  describe('markAttention', () => {
    it('flags the account with the reason, for the screen', async () => {
      const { id } = await store.create(GMAIL);

      await store.markAttention(id, 'SMTP_535: refused');

      const account = await store.get(id);
      expect(account.attention).to.deep.equal({ reason: 'SMTP_535: refused', at: clock });
      await store.clearAttention(id);
      expect((await store.get(id)).attention).to.equal(null);
    });
  });

  describe('delete', () => {
    it('refuses while a running, scheduled or paused campaign uses the account', async () => {
      const { id } = await store.create(GMAIL);
      const now = toSqlTime(clock);
      await database().db('recado_campaigns').insert({
        channel: 'email',
        name: 'Promoção de verão',
        account_id: id,
        filter: '{"all":[]}',
        status: 'paused',
        created_at: now,
        updated_at: now,
      });

      const refused = await codeOf(store.delete(id));

      expect(refused).to.include({ code: 'RECADO_EMAIL_ACCOUNT_IN_USE', campaigns: 1 });
      await database().db('recado_campaigns').update({ status: 'completed' });
      await store.delete(id);
      expect(await codeOf(store.get(id))).to.include({ code: 'RECADO_EMAIL_ACCOUNT_NOT_FOUND' });
    });
  });

  describe('configFor', () => {
    it('returns the first enabled account for null, secrets decrypted', async () => {
      await store.create({ ...GMAIL, name: 'Desligada', enabled: false });
      const { id } = await store.create(GMAIL);

      const config = await store.configFor(null);

      expect(config).to.include({
        id,
        host: 'smtp.gmail.com',
        user: GMAIL.user,
        password: PASSWORD,
      });
    });

    it('has nothing for a disabled account', async () => {
      const { id } = await store.create({ ...GMAIL, enabled: false });

      expect(await store.configFor(id)).to.equal(undefined);
    });
  });

  describe('limitsFor', () => {
    it('gives the rate and the daily quota, and nothing for an unlimited one', async () => {
      const limited = await store.create({ ...GMAIL, perSecond: 0.5 });
      const unlimited = await store.create({
        ...GMAIL,
        preset: 'custom',
        host: '127.0.0.1',
        port: 25,
        security: 'none',
        user: '',
        password: '',
      });

      expect(await store.limitsFor('email', limited.id)).to.deep.equal({
        perSecond: 0.5,
        perDay: 500,
      });
      expect(await store.limitsFor('email', unlimited.id)).to.deep.equal({});
      expect(await store.limitsFor('sms', limited.id)).to.equal(undefined);
    });
  });

  describe('defaultAccount', () => {
    it('names the first enabled account, the one configFor(null) sends through', async () => {
      expect(await store.defaultAccount('email')).to.equal(undefined);
      await store.create({ ...GMAIL, name: 'Desligada', enabled: false });
      const { id } = await store.create({ ...GMAIL, name: 'Principal' });

      expect(await store.defaultAccount('email')).to.equal(id);
      expect((await store.configFor(null))?.id).to.equal(id);
      expect(await store.defaultAccount('sms')).to.equal(undefined);
    });

    const defaults = async () =>
      (await store.list()).filter((account) => account.isDefault).map((account) => account.name);

    it('makes the first account the default, and moves it only to one saved as the default', async () => {
      const first = await store.create({ ...GMAIL, name: 'Primeira' });
      await store.create({ ...GMAIL, name: 'Segunda' });
      expect(await defaults()).to.deep.equal(['Primeira']);

      const third = await store.create({ ...GMAIL, name: 'Terceira', isDefault: true });
      expect(await defaults()).to.deep.equal(['Terceira']);
      expect(await store.defaultAccount('email')).to.equal(third.id);
      // Unticking it keeps it the default; ticking another one moves it.
      await store.update(third.id, { ...GMAIL, name: 'Terceira', isDefault: false });
      expect(await defaults()).to.deep.equal(['Terceira']);
      await store.update(first.id, { ...GMAIL, name: 'Primeira', isDefault: true });
      expect(await defaults()).to.deep.equal(['Primeira']);
      expect((await store.configFor(null))?.id).to.equal(first.id);
    });

    it('sends through the oldest enabled account while the default is switched off', async () => {
      const first = await store.create({ ...GMAIL, name: 'Primeira' });
      const second = await store.create({ ...GMAIL, name: 'Segunda' });
      const third = await store.create({ ...GMAIL, name: 'Terceira', isDefault: true });

      await store.update(third.id, { ...GMAIL, name: 'Terceira', enabled: false });

      expect(await store.defaultAccount('email')).to.equal(first.id);
      expect((await store.configFor(null))?.id).to.equal(first.id);
      await store.update(first.id, { ...GMAIL, name: 'Primeira', enabled: false });
      expect(await store.defaultAccount('email')).to.equal(second.id);
      expect(await defaults()).to.deep.equal(['Terceira']);
    });

    it('hands the default to the oldest enabled account when the default is deleted', async () => {
      const first = await store.create({ ...GMAIL, name: 'Primeira' });
      await store.create({ ...GMAIL, name: 'Desligada', enabled: false });
      const third = await store.create({ ...GMAIL, name: 'Terceira' });

      await store.delete(first.id);

      expect(await defaults()).to.deep.equal(['Terceira']);
      expect(await store.defaultAccount('email')).to.equal(third.id);
    });

    it('makes the oldest enabled account the default when the column is added', async () => {
      const { db } = database();
      await store.create({ ...GMAIL, name: 'Desligada', enabled: false });
      const enabled = await store.create({ ...GMAIL, name: 'Ativa' });
      await store.create({ ...GMAIL, name: 'Outra', isDefault: true });

      await defaultMigration.down(db);
      await defaultMigration.up(db);

      expect(await defaults()).to.deep.equal(['Ativa']);
      expect(await store.defaultAccount('email')).to.equal(enabled.id);
    });
  });
});
