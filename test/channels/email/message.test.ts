import { expect } from 'chai';
import type { OutgoingMessage } from '../../../src/channels/channel.js';
import {
  mailOptions,
  messageIdFor,
  providerIdOf,
  refusalOf,
} from '../../../src/channels/email/message.js';
import { accountFor } from './smtp-server.js';

const account = accountFor({ port: 465 }, { replyTo: 'atendimento@provedor.test' });
const message: OutgoingMessage = {
  deliveryId: 42,
  accountId: 1,
  to: 'ana@cliente.test',
  subject: 'Pagamento confirmado',
  text: 'Recebemos seu pagamento.',
  kind: 'transactional',
};

describe('message', () => {
  describe('messageIdFor', () => {
    it('names the delivery and the sender domain, with a fresh random part', () => {
      const first = messageIdFor(42, 'Cobranca@Provedor.Test');
      const second = messageIdFor(42, 'cobranca@provedor.test');

      expect(first).to.match(/^<recado-42\.[0-9a-f]{12}@provedor\.test>$/);
      expect(first).not.to.equal(second);
    });
  });

  describe('providerIdOf', () => {
    it('keeps the whole Message-ID, or its local part past 128 characters', () => {
      const long = `<recado-1.abc@${'sub.'.repeat(40)}provedor.test>`;

      expect(providerIdOf('<recado-1.abc@provedor.test>')).to.equal('recado-1.abc@provedor.test');
      expect(providerIdOf(long)).to.equal('recado-1.abc');
    });
  });

  describe('mailOptions', () => {
    it('addresses the envelope from the account and leaves HTML out when there is none', () => {
      const options = mailOptions(message, account, '<id@provedor.test>');

      expect(options.envelope).to.deep.equal({
        from: 'cobranca@provedor.test',
        to: ['ana@cliente.test'],
      });
      expect(options).to.include({
        replyTo: 'atendimento@provedor.test',
        messageId: '<id@provedor.test>',
      });
      expect(options).not.to.have.property('html');
      expect(options).to.include({ disableFileAccess: true, disableUrlAccess: true });
    });
  });

  describe('refusalOf', () => {
    it('passes a clean message', () => {
      expect(refusalOf(message, account)).to.equal(undefined);
    });

    it('refuses headers the channel writes itself, in any case', () => {
      for (const name of ['bcc', 'FROM', 'Message-ID', 'Content-Type']) {
        const refusal = refusalOf({ ...message, headers: { [name]: 'x' } }, account);

        expect(refusal, name).to.include({ code: 'RECADO_EMAIL_HEADER_INVALID' });
      }
    });

    it('refuses a header name with a colon or a space', () => {
      const refusal = refusalOf({ ...message, headers: { 'X-A: b': 'x' } }, account);

      expect(refusal).to.include({ code: 'RECADO_EMAIL_HEADER_INVALID' });
    });

    it('names the part that carried a line break', () => {
      const refusal = refusalOf({ ...message, subject: 'a\rb' }, account);

      expect(refusal).to.include({ code: 'RECADO_EMAIL_HEADER_INJECTION', part: 'subject' });
    });
  });
});
