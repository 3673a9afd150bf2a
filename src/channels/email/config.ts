/**
 * How the connection to the SMTP server is protected:
 * - `tls`: implicit TLS from the first byte (SMTPS), usually port 465;
 * - `starttls`: plain connection upgraded with STARTTLS, which is required, usually port 587;
 * - `none`: no encryption at all; only for a relay on the same machine or local network.
 */
export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export const SMTP_SECURITIES: readonly SmtpSecurity[] = ['tls', 'starttls', 'none'];

/** DKIM signing of outgoing mail with the account's own key. */
export interface DkimConfig {
  /** Signing domain (`d=`), usually the domain of the from address. */
  readonly domain: string;
  /** Selector (`s=`): the DNS record is `<selector>._domainkey.<domain>`. */
  readonly selector: string;
  /** Private key in PEM format, decrypted. */
  readonly privateKey: string;
}

/**
 * One SMTP account as the channel needs it, secrets already decrypted. The E-mail app builds
 * it from its accounts table and the credential vault; the channel never reads the database.
 */
export interface SmtpAccountConfig {
  readonly id: number;
  readonly host: string;
  /** TCP port, 1–65535. */
  readonly port: number;
  readonly security: SmtpSecurity;
  /** Login; null when the server takes mail without AUTH (a local relay). */
  readonly user: string | null;
  /** Password or app password, decrypted; null without AUTH. */
  readonly password: string | null;
  /** Display name in `From`; empty for the bare address. */
  readonly fromName: string;
  /** Address in `From` and in the envelope (`MAIL FROM`). */
  readonly fromAddress: string;
  /** Address in `Reply-To`; null for none. */
  readonly replyTo: string | null;
  /** DKIM signing; null when the account does not sign. */
  readonly dkim: DkimConfig | null;
  /**
   * Extra certificate authorities (PEM) trusted for this server, for a mail server with a
   * private CA; null trusts only the system store. Verification is never turned off.
   */
  readonly tlsCa: string | null;
  /** True while the server's last answer was "bad credentials"; such an account is not used. */
  readonly attention: boolean;
  /** When the account last changed (any text that changes with it); a change rebuilds the pool. */
  readonly updatedAt: string;
}

/**
 * Where the channel finds an account: by id, or the default account for `null` (the first
 * enabled one). `undefined` when there is no such enabled account.
 */
export type SmtpAccountSource = (
  accountId: number | null,
) => Promise<SmtpAccountConfig | undefined>;

/** Connection limits of every transport; each one has a default. */
export interface SmtpTimeouts {
  /** Wait for the TCP (and TLS) connection, in ms. Default 15 000. */
  readonly connectionMs?: number;
  /** Wait for the server's greeting once connected, in ms. Default 15 000. */
  readonly greetingMs?: number;
  /** Longest silence on an open connection, in ms. Default 60 000. */
  readonly socketMs?: number;
  /** Wait for the DNS answer, in ms. Default 10 000. */
  readonly dnsMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<SmtpTimeouts> = {
  connectionMs: 15_000,
  greetingMs: 15_000,
  socketMs: 60_000,
  dnsMs: 10_000,
};

/** The domain of an address (after the last `@`), lower case; `localhost` when it has none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? 'localhost' : address.slice(at + 1).toLowerCase();
}
