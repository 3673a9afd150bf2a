import { expect } from 'chai';
import { classifySmtpError, factsOf } from '../../../src/channels/email/classify.js';

describe('classifySmtpError', () => {
  const BEFORE = false;
  const AFTER = true;
  // what, nodemailer code, reply code, whether the server had started reading, kind
  const cases: Array<[string, string | undefined, number | undefined, boolean, string]> = [
    ['a 4xx reply', 'EENVELOPE', 451, BEFORE, 'transient'],
    ['a 5xx reply', 'EENVELOPE', 550, BEFORE, 'permanent'],
    ['a 5xx reply after DATA', 'EMESSAGE', 554, AFTER, 'permanent'],
    ['a 421 that closes the connection', 'ECONNECTION', 421, AFTER, 'transient'],
    ['a refused connection', 'ESOCKET', undefined, BEFORE, 'transient'],
    ['a timeout before the envelope', 'ETIMEDOUT', undefined, BEFORE, 'transient'],
    ['a timeout after DATA', 'ETIMEDOUT', undefined, AFTER, 'unknown'],
    ['a drop after DATA', 'ECONNECTION', undefined, AFTER, 'unknown'],
    ['a DNS failure', 'EDNS', undefined, BEFORE, 'transient'],
    ['a local envelope error', 'EENVELOPE', undefined, BEFORE, 'permanent'],
    ['a message build error', 'ESTREAM', undefined, AFTER, 'permanent'],
    ['an unlisted error before DATA', undefined, undefined, BEFORE, 'transient'],
    ['an unlisted error after DATA', undefined, undefined, AFTER, 'unknown'],
  ];
  for (const [what, code, responseCode, started, kind] of cases) {
    it(`sorts ${what} as ${kind}`, () => {
      const facts = { ...(code ? { code } : {}), ...(responseCode ? { responseCode } : {}) };
      const expected = `SMTP_${responseCode ?? code ?? 'UNKNOWN'}`;

      expect(classifySmtpError(facts, started)).to.include({ kind, code: expected });
    });
  }

  for (const reply of [530, 534, 535]) {
    it(`makes ${reply} permanent and flags the account`, () => {
      const failure = classifySmtpError({ code: 'EAUTH', responseCode: reply }, false);

      expect(failure).to.include({ kind: 'permanent', authRejected: true });
    });
  }

  it('flags the account for EAUTH without a reply code', () => {
    expect(classifySmtpError({ code: 'EAUTH', command: 'API' }, false)).to.include({
      kind: 'permanent',
      authRejected: true,
    });
  });

  it('decides from codes, never from the words of the reply', () => {
    const words = '550 try again later, temporary problem';
    const failure = classifySmtpError({ responseCode: 550, response: words }, false);

    expect(failure.kind).to.equal('permanent');
    expect(failure.reason).to.contain(words);
  });
});

describe('factsOf', () => {
  it('keeps code, reply code, reply and command, and ignores anything else', () => {
    const error = Object.assign(new Error('Invalid login: 535 no'), {
      code: 'EAUTH',
      responseCode: 535,
      response: '535 no',
      command: 'AUTH PLAIN',
    });

    expect(factsOf(error)).to.deep.equal({
      code: 'EAUTH',
      responseCode: 535,
      response: '535 no',
      command: 'AUTH PLAIN',
    });
    expect(factsOf('boom')).to.deep.equal({});
  });
});
