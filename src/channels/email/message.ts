import { randomBytes } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { OutgoingMessage } from '../channel.js';
import { domainOf, type SmtpAccountConfig } from './config.js';

/** Why a message was refused before anything was sent; every refusal is permanent. */
export interface MessageRefusal {
  /** `RECADO_EMAIL_HEADER_INJECTION`, `RECADO_EMAIL_HEADER_INVALID` or `RECADO_EMAIL_RECIPIENT_INVALID`. */
  readonly code: string;
  /** The part refused: `to`, `subject`, `from name`, `from address`, `reply-to`, `header <name>`. */
  readonly part: string;
  /** Readable reason for the delivery log. */
  readonly reason: string;
}

/** A line break or NUL: in a header value it starts a header of the sender's choosing. */
const BREAKS = /[\r\n\0]/;
/** RFC 5322 field name: printable ASCII without the colon. */
const FIELD_NAME = /^[!-9;-~]+$/;
/** One address and nothing else: no list separators, no display name, no comment. */
const SINGLE_ADDRESS = /^[^\s,;<>()"]+@[^\s,;<>()"@]+$/;

/** Headers the channel writes itself; a message may not set them. */
const RESERVED = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'sender',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'return-path',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'dkim-signature',
]);

/**
 * The first reason not to send a message through an account: a line break in the subject,
 * recipient, sender fields or an extra header (header injection), a malformed or reserved
 * header name, or a recipient that is not exactly one address.
 */
export function refusalOf(
  message: OutgoingMessage,
  config: SmtpAccountConfig,
): MessageRefusal | undefined {
  const injection = (part: string): MessageRefusal => ({
    code: 'RECADO_EMAIL_HEADER_INJECTION',
    part,
    reason: `line break in ${part}`,
  });
  if (BREAKS.test(message.to)) return injection('to');
  if (BREAKS.test(message.subject ?? '')) return injection('subject');
  for (const [part, value] of senderFields(config)) {
    if (BREAKS.test(value)) return injection(part);
  }
  if (!SINGLE_ADDRESS.test(message.to)) {
    const reason = 'the recipient is not one address';
    return { code: 'RECADO_EMAIL_RECIPIENT_INVALID', part: 'to', reason };
  }

  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (BREAKS.test(name) || BREAKS.test(value)) return injection(`header ${name}`);
    if (!FIELD_NAME.test(name) || RESERVED.has(name.toLowerCase())) {
      const part = `header ${name}`;
      return { code: 'RECADO_EMAIL_HEADER_INVALID', part, reason: `${part} may not be set` };
    }
  }
  return undefined;
}

function senderFields(config: SmtpAccountConfig): Array<[string, string]> {
  return [
    ['from name', config.fromName],
    ['from address', config.fromAddress],
    ['reply-to', config.replyTo ?? ''],
  ];
}

/** `<recado-<delivery id>.<12 hex>@<from domain>>`: unique per attempt, traceable to the row. */
export function messageIdFor(deliveryId: number | string, fromAddress: string): string {
  return `<recado-${deliveryId}.${randomBytes(6).toString('hex')}@${domainOf(fromAddress)}>`;
}

/**
 * The provider id recorded on the delivery: the Message-ID without brackets, or only its
 * local part when a long sender domain would pass the 128 characters the queue keeps.
 */
export function providerIdOf(messageId: string): string {
  const bare = messageId.slice(1, -1);
  return bare.length <= 128 ? bare : bare.slice(0, bare.lastIndexOf('@'));
}

/**
 * nodemailer mail options of a checked message: HTML with its text alternative, the extra
 * headers as given (List-Unsubscribe only arrives for marketing), the account's sender, and
 * no access to files or URLs while building.
 */
export function mailOptions(
  message: OutgoingMessage,
  config: SmtpAccountConfig,
  messageId: string,
): Mail.Options {
  return {
    messageId,
    from: config.fromName
      ? { name: config.fromName, address: config.fromAddress }
      : config.fromAddress,
    ...(config.replyTo ? { replyTo: config.replyTo } : {}),
    to: message.to,
    subject: message.subject ?? '',
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    headers: { ...message.headers },
    envelope: { from: config.fromAddress, to: [message.to] },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
