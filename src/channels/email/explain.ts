import { constants } from 'node:os';
import type { SmtpAccountConfig } from './config.js';
import { factsOf } from './classify.js';
import { probeTls, type TlsProblem } from './tls-probe.js';

/** A sentence for the operator: a locale key (`email.check.*`) and its placeholders. */
export interface CheckMessage {
  readonly key: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** The system error numbers nodemailer keeps when a TCP connection fails. */
const ERRNO_KEYS: ReadonlyArray<readonly [number | undefined, string]> = [
  [constants.errno.ECONNREFUSED, 'email.check.refused'],
  [constants.errno.EHOSTUNREACH, 'email.check.unreachable'],
  [constants.errno.ENETUNREACH, 'email.check.unreachable'],
  [constants.errno.ETIMEDOUT, 'email.check.timeout'],
  [constants.errno.ECONNRESET, 'email.check.connection_lost'],
];

const TLS_KEYS: Readonly<Record<TlsProblem, string>> = {
  certificate_host: 'email.check.tls_certificate_host',
  certificate_untrusted: 'email.check.tls_certificate_untrusted',
  certificate_expired: 'email.check.tls_certificate_expired',
  not_tls: 'email.check.tls_not_tls',
  starttls_missing: 'email.check.starttls_missing',
  handshake: 'email.check.tls_failed',
};

/** nodemailer codes without a server reply, besides the network and TLS ones. */
const CODE_KEYS: Readonly<Record<string, string>> = {
  EDNS: 'email.check.host_not_found',
  ETIMEDOUT: 'email.check.timeout',
  ECONNECTION: 'email.check.connection_lost',
  EPROTOCOL: 'email.check.not_smtp',
  EAUTH: 'email.check.auth_failed',
  EENVELOPE: 'email.check.envelope_invalid',
  EMESSAGE: 'email.check.message_refused',
};

/**
 * Turns a failed check or test send into a sentence for the operator, from the SMTP reply
 * code, nodemailer's code and the system error number; a TLS failure is probed again to
 * say what was wrong with the certificate. Never a stack trace.
 */
export async function explainFailure(
  error: unknown,
  config: SmtpAccountConfig,
  timeoutMs: number,
): Promise<CheckMessage> {
  const facts = factsOf(error);
  const where = { host: config.host, port: config.port, seconds: Math.round(timeoutMs / 1000) };
  if (facts.responseCode !== undefined) return replyMessage(facts, where);

  const errno = systemErrno(error);
  const byErrno = ERRNO_KEYS.find(([number]) => number !== undefined && number === errno);
  if (byErrno) return { key: byErrno[1], params: where };
  if (facts.code === 'ESOCKET' || facts.code === 'ETLS') {
    const problem = await probeTls(config, timeoutMs);
    const key = problem ? TLS_KEYS[problem] : 'email.check.connection_lost';
    return { key, params: where };
  }
  const key = CODE_KEYS[facts.code ?? ''] ?? 'email.check.failed';
  return { key, params: { ...where, code: facts.code ?? 'UNKNOWN' } };
}

type Where = { host: string; port: number; seconds: number };

function replyMessage(facts: ReturnType<typeof factsOf>, where: Where): CheckMessage {
  const code = facts.responseCode ?? 0;
  const params = { ...where, code, response: firstLine(facts.response) };
  const command = facts.command ?? '';
  if (code === 530) return { key: 'email.check.auth_required', params };
  if (code === 534 || code === 535 || command.startsWith('AUTH')) {
    return { key: 'email.check.auth_rejected', params };
  }
  if (command === 'STARTTLS') return { key: 'email.check.starttls_missing', params };
  if (command.startsWith('RCPT')) return { key: 'email.check.recipient_refused', params };
  if (command.startsWith('MAIL')) return { key: 'email.check.sender_refused', params };
  if (code >= 400 && code < 500 && (command === 'CONN' || command === 'EHLO')) {
    return { key: 'email.check.server_busy', params };
  }
  return { key: 'email.check.server_said', params };
}

/** The positive errno of a failed `connect`, when nodemailer kept it. */
function systemErrno(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { errno, syscall } = error as { errno?: unknown; syscall?: unknown };
  return syscall === 'connect' && typeof errno === 'number' ? Math.abs(errno) : undefined;
}

/** The first line of a reply, at most 200 characters; the server's words, shown as they are. */
export function firstLine(response: string | undefined): string {
  const line = (response ?? '').split(/\r?\n/)[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
