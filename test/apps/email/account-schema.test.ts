import { expect } from 'chai';
import { parseAccountInput } from '../../../src/apps/email/account-schema.js';
import { RecadoError } from '../../../src/core/errors.js';

const BASE = {
  name: 'Cobrança',
  host: 'mail.provedor.test',
  port: 587,
  security: 'starttls',
  user: 'cobranca@provedor.test',
  password: 'segredo',
  fromAddress: 'cobranca@provedor.test',
};

/** The details of the input error an input raises. */
function refusal(input: unknown): Record<string, unknown> {
  try {
    parseAccountInput(input);
  } catch (error) {
    expect(error).to.be.instanceOf(RecadoError).with.property('code', 'RECADO_INPUT_INVALID');
    return { ...(error as RecadoError).details };
  }
  throw new Error('the input was accepted');
}

describe('parseAccountInput', () => {
  it('fills the defaults of a custom server', () => {
    const fields = parseAccountInput(BASE);

    expect(fields).to.include({
      preset: 'custom',
      fromName: '',
      replyTo: null,
      perSecond: null,
      dailyQuota: null,
      dkim: null,
      tlsCa: null,
      enabled: true,
    });
  });

  it('fills host, port, security and quota from a preset', () => {
    const gmail = parseAccountInput({ name: 'Gmail', preset: 'gmail', fromAddress: 'a@gmail.com' });
    const outlook = parseAccountInput({
      name: 'O',
      preset: 'outlook',
      fromAddress: 'a@outlook.com',
    });
    const yahoo = parseAccountInput({ name: 'Y', preset: 'yahoo', fromAddress: 'a@yahoo.com' });

    expect(gmail).to.include({
      host: 'smtp.gmail.com',
      port: 465,
      security: 'tls',
      dailyQuota: 500,
    });
    expect(outlook).to.include({
      host: 'smtp-mail.outlook.com',
      port: 587,
      security: 'starttls',
      dailyQuota: 300,
    });
    expect(yahoo).to.include({ host: 'smtp.mail.yahoo.com', port: 465, security: 'tls' });
  });

  it('keeps what the operator typed over the preset, and an emptied quota as no limit', () => {
    const fields = parseAccountInput({
      name: 'Gmail',
      preset: 'gmail',
      port: '587',
      security: 'starttls',
      dailyQuota: '',
      fromAddress: 'a@gmail.com',
    });

    expect(fields).to.include({ port: 587, security: 'starttls', dailyQuota: null });
  });

  it('names a missing field', () => {
    const input: Record<string, unknown> = { ...BASE };
    delete input.name;

    expect(refusal(input)).to.include({ field: 'name', reason: 'email.invalid.required' });
  });

  it('names a field that is not allowed', () => {
    expect(refusal({ ...BASE, bcc: 'x@y.test' })).to.include({
      field: 'bcc',
      reason: 'email.invalid.unknown_field',
    });
  });

  it('names a malformed address, port and host', () => {
    expect(refusal({ ...BASE, fromAddress: 'cobranca' })).to.include({
      field: 'fromAddress',
      reason: 'email.invalid.email',
    });
    expect(refusal({ ...BASE, port: 70000 })).to.include({
      field: 'port',
      reason: 'email.invalid.maximum',
      limit: 65535,
    });
    expect(refusal({ ...BASE, host: 'mail provedor' })).to.include({
      field: 'host',
      reason: 'email.invalid.host',
    });
    expect(refusal({ ...BASE, security: 'ssl' })).to.include({
      field: 'security',
      reason: 'email.invalid.choice',
    });
  });

  it('names a nested DKIM field', () => {
    expect(refusal({ ...BASE, dkim: { domain: 'provedor.test', selector: 'a b' } })).to.include({
      field: 'dkim.selector',
      reason: 'email.invalid.dkim_selector',
    });
  });

  for (const field of ['fromName', 'fromAddress', 'replyTo', 'user', 'host']) {
    it(`refuses a line break in ${field}`, () => {
      const input = { ...BASE, [field]: 'cobranca@provedor.test\r\nBcc: todos@exemplo.test' };

      expect(refusal(input)).to.deep.equal({ field, reason: 'email.invalid.line_break' });
    });
  }
});
