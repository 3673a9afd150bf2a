import type { FailureKind } from '../channel.js';

/** What nodemailer tells of a failure; `code` and `responseCode` decide, never the text. */
export interface SmtpErrorFacts {
  /** nodemailer's error code: `ECONNECTION`, `EAUTH`, `EENVELOPE` … */
  readonly code?: string;
  /** The SMTP reply code that caused the error, when a server answered. */
  readonly responseCode?: number;
  /** The server's reply line, kept in the reason for the delivery log. */
  readonly response?: string;
  /** The SMTP command that failed (`CONN`, `AUTH PLAIN`, `RCPT TO`, `DATA` …). */
  readonly command?: string;
}

/** A failure sorted into the channel's terms. */
export interface SmtpFailure {
  readonly kind: FailureKind;
  /** `SMTP_<reply code>` when the server answered, else `SMTP_<nodemailer code>`. */
  readonly code: string;
  /** Readable reason for the delivery log, in English. */
  readonly reason: string;
  /** The server refused the account's credentials: the operator must fix the account. */
  readonly authRejected: boolean;
}

/** Reply codes that mean "these credentials will not do" (RFC 4954): no retry helps. */
const AUTH_REPLY_CODES: ReadonlySet<number> = new Set([530, 534, 535]);

interface CodeRule {
  /** Kind before the server started reading the message. */
  readonly before: FailureKind;
  /** Kind once it did: the message may have arrived. */
  readonly after: FailureKind;
  readonly reason: string;
  readonly authRejected?: boolean;
}

/** nodemailer error codes without an SMTP reply code. */
const CODE_RULES: Readonly<Record<string, CodeRule>> = {
  ECONNECTION: { before: 'transient', after: 'unknown', reason: 'the connection was lost' },
  ESOCKET: { before: 'transient', after: 'unknown', reason: 'network or TLS error' },
  ETIMEDOUT: { before: 'transient', after: 'unknown', reason: 'the server stopped answering' },
  EDNS: { before: 'transient', after: 'transient', reason: 'the host name did not resolve' },
  ETLS: { before: 'transient', after: 'unknown', reason: 'the TLS negotiation failed' },
  EPROTOCOL: { before: 'transient', after: 'unknown', reason: 'the server spoke no valid SMTP' },
  EMAXLIMIT: { before: 'transient', after: 'transient', reason: 'the connection was recycled' },
  EAUTH: {
    before: 'permanent',
    after: 'permanent',
    reason: 'authentication failed',
    authRejected: true,
  },
  EENVELOPE: { before: 'permanent', after: 'permanent', reason: 'the envelope was refused' },
  EMESSAGE: { before: 'permanent', after: 'permanent', reason: 'the message was refused' },
  ESTREAM: { before: 'permanent', after: 'permanent', reason: 'the message could not be built' },
  ESTREAMING: {
    before: 'permanent',
    after: 'permanent',
    reason: 'the message could not be built',
  },
  EREQUIRETLS: { before: 'permanent', after: 'permanent', reason: 'REQUIRETLS is unsupported' },
};

const UNLISTED: CodeRule = { before: 'transient', after: 'unknown', reason: 'unexpected error' };

/**
 * Sorts a send failure: a server reply decides first (the credential codes 530/534/535 are
 * permanent and flag the account, other 4xx are transient, 5xx permanent); without one, the
 * nodemailer code does, and a connection lost after the server began reading the message
 * is `unknown`, since the message may have been delivered.
 */
export function classifySmtpError(facts: SmtpErrorFacts, dataStarted: boolean): SmtpFailure {
  const reply = facts.responseCode;
  const said = facts.response ? `: ${clip(facts.response)}` : '';
  if (reply !== undefined && reply >= 400 && reply < 600) {
    const authRejected = AUTH_REPLY_CODES.has(reply);
    const kind: FailureKind = reply < 500 ? 'transient' : 'permanent';
    const what = authRejected ? 'the server refused the credentials' : replyPhase(facts);
    return { kind, code: `SMTP_${reply}`, reason: `${what} (${reply})${said}`, authRejected };
  }

  const code = facts.code ?? 'UNKNOWN';
  const rule = CODE_RULES[code] ?? UNLISTED;
  return {
    kind: dataStarted ? rule.after : rule.before,
    code: `SMTP_${code}`,
    reason: `${rule.reason}${dataStarted ? ' after the message was sent' : ''}${said}`,
    authRejected: rule.authRejected ?? false,
  };
}

/** Reads the facts off whatever nodemailer rejected with. */
export function factsOf(error: unknown): SmtpErrorFacts {
  if (typeof error !== 'object' || error === null) return {};
  const { code, responseCode, response, command } = error as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof responseCode === 'number' ? { responseCode } : {}),
    ...(typeof response === 'string' ? { response } : {}),
    ...(typeof command === 'string' ? { command } : {}),
  };
}

function replyPhase(facts: SmtpErrorFacts): string {
  const command = facts.command ?? '';
  if (command.startsWith('RCPT')) return 'the server refused the recipient';
  if (command.startsWith('MAIL')) return 'the server refused the sender';
  if (command === 'DATA') return 'the server refused the message';
  if (command === 'STARTTLS') return 'the server refused STARTTLS';
  if (command.startsWith('AUTH')) return 'the server refused the login';
  return 'the server refused the connection';
}

/** The first line of a server reply, at most 200 characters, for the log. */
function clip(response: string): string {
  const line = response.split(/\r?\n/)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
