import type { OutgoingMessage } from '../channel.js';
import { classifySmtpError, factsOf } from './classify.js';
import type { SmtpAccountConfig, SmtpTimeouts } from './config.js';
import { explainFailure, firstLine, type CheckMessage } from './explain.js';
import { mailOptions, messageIdFor, refusalOf } from './message.js';
import { createTransport } from './transport.js';

export type { CheckMessage } from './explain.js';

/** The answer of "test connection" or "send a test e-mail", ready for a screen. */
export interface CheckResult {
  readonly ok: boolean;
  /** What happened, as a locale key (`email.check.*`) with its placeholders. */
  readonly message: CheckMessage;
  /** What the operator should know even when it worked, such as an unencrypted connection. */
  readonly warnings: readonly CheckMessage[];
}

/** Limits of a check; shorter than sending, since an operator is waiting. */
export interface CheckOptions {
  /** Default 10 s to connect, 10 s for the greeting, 20 s of silence, 5 s for DNS. */
  readonly timeouts?: SmtpTimeouts;
}

/** Subject and body of a test e-mail, in the operator's language (see `testEmailContent`). */
export interface TestEmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

const CHECK_TIMEOUTS: Required<SmtpTimeouts> = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 20_000,
  dnsMs: 5_000,
};

/**
 * "Test connection": connects as the account would (TLS mode, certificate checks), signs in
 * when it has a user, and says in plain words what happened.
 */
export async function verifyAccount(
  config: SmtpAccountConfig,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const timeouts = { ...CHECK_TIMEOUTS, ...options.timeouts };
  const transport = createTransport(config, { maxConnections: 1, timeouts });
  try {
    await transport.verify();
    const where = { host: config.host, port: config.port };
    const message = config.user
      ? { key: 'email.check.connected', params: { ...where, user: config.user } }
      : { key: 'email.check.connected_anonymous', params: where };
    return { ok: true, message, warnings: warningsFor(config) };
  } catch (error) {
    const message = await explainFailure(error, config, timeouts.connectionMs);
    return { ok: false, message, warnings: warningsFor(config) };
  } finally {
    transport.close();
  }
}

/**
 * "Send a test e-mail": one message to `to` now, outside the queue, through a connection of
 * its own, with the same checks as the channel (a line break anywhere is refused).
 */
export async function sendTestEmail(
  config: SmtpAccountConfig,
  to: string,
  content: TestEmailContent,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const warnings = warningsFor(config);
  const message: OutgoingMessage = {
    deliveryId: 0,
    accountId: config.id,
    to,
    kind: 'transactional',
    ...content,
  };
  const refusal = refusalOf(message, config);
  if (refusal) {
    const refused: CheckMessage =
      refusal.part === 'to'
        ? { key: 'email.check.recipient_invalid', params: { to } }
        : { key: 'email.check.line_break', params: { part: refusal.part } };
    return { ok: false, message: refused, warnings };
  }

  const timeouts = { ...CHECK_TIMEOUTS, ...options.timeouts };
  let started = false;
  const transport = createTransport(config, { maxConnections: 1, timeouts }, () => {
    started = true;
  });
  try {
    const messageId = messageIdFor('test', config.fromAddress);
    const info = await transport.sendMail(mailOptions(message, config, messageId));
    const params = { to, response: firstLine(info.response) };
    return { ok: true, message: { key: 'email.check.test_sent', params }, warnings };
  } catch (error) {
    if (classifySmtpError(factsOf(error), started).kind === 'unknown') {
      return { ok: false, message: { key: 'email.check.test_unknown', params: { to } }, warnings };
    }
    const explained = await explainFailure(error, config, timeouts.connectionMs);
    return { ok: false, message: explained, warnings };
  } finally {
    transport.close();
  }
}

/**
 * The test e-mail's subject and body from the locale (`email.test.subject`,
 * `email.test.text`), for `translate = (key, params) => i18n.t(locale, key, params)`.
 */
export function testEmailContent(
  translate: (key: string, params: Record<string, string | number>) => string,
  config: SmtpAccountConfig,
): TestEmailContent {
  const params = { host: config.host, port: config.port, from: config.fromAddress };
  return {
    subject: translate('email.test.subject', params),
    text: translate('email.test.text', params),
  };
}

/** Advice that holds whatever the server answered. */
export function warningsFor(config: SmtpAccountConfig): CheckMessage[] {
  const warnings: CheckMessage[] = [];
  const port = { port: config.port };
  if (config.security === 'none') warnings.push({ key: 'email.check.warning_plain', params: {} });
  if (config.security === 'tls' && (config.port === 587 || config.port === 25)) {
    warnings.push({ key: 'email.check.warning_port_tls', params: port });
  }
  if (config.security === 'starttls' && config.port === 465) {
    warnings.push({ key: 'email.check.warning_port_starttls', params: port });
  }
  return warnings;
}
