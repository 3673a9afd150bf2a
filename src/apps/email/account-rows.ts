import type { SmtpAccountConfig, SmtpSecurity } from '../../channels/email/config.js';
import type { SmtpPresetId } from '../../channels/email/presets.js';
import type { CredentialVault } from '../../core/vault.js';
import { fromSqlTime } from '../../lib/time.js';

/** A row of `recado_email_accounts` as both databases return it. */
export interface SmtpAccountRow {
  id: number;
  name: string;
  preset: SmtpPresetId;
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
  password_sealed: string | null;
  from_name: string;
  from_address: string;
  reply_to: string | null;
  per_second: number | string | null;
  daily_quota: number | null;
  dkim_domain: string | null;
  dkim_selector: string | null;
  dkim_key_sealed: string | null;
  tls_ca: string | null;
  attention: number | boolean;
  attention_reason: string | null;
  attention_at: string | null;
  enabled: number | boolean;
  is_default: number | boolean | null;
  created_at: string;
  updated_at: string;
}

/**
 * An SMTP account as screens and APIs see it. Secrets never leave the store: `hasPassword`
 * and `dkim.hasPrivateKey` say whether one is kept, nothing more.
 */
export interface SmtpAccount {
  readonly id: number;
  readonly name: string;
  readonly preset: SmtpPresetId;
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  /** Login; null for a relay without AUTH. */
  readonly user: string | null;
  readonly hasPassword: boolean;
  readonly fromName: string;
  readonly fromAddress: string;
  readonly replyTo: string | null;
  /** Messages per second; null is no limit. */
  readonly perSecond: number | null;
  /** Messages per provider day; null is no limit. */
  readonly dailyQuota: number | null;
  readonly dkim: {
    readonly domain: string;
    readonly selector: string;
    readonly hasPrivateKey: boolean;
  } | null;
  /** PEM certificates of a private CA trusted for this server; null for none. */
  readonly tlsCa: string | null;
  /** Set when the server refused the credentials; the account is not used until fixed. */
  readonly attention: { readonly reason: string; readonly at: Date } | null;
  readonly enabled: boolean;
  /** Sends the e-mail that name no account, Cobrança's notices among them. */
  readonly isDefault: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The screen's view of a row. */
export function toAccount(row: SmtpAccountRow): SmtpAccount {
  const dkim =
    row.dkim_domain && row.dkim_selector
      ? {
          domain: row.dkim_domain,
          selector: row.dkim_selector,
          hasPrivateKey: !!row.dkim_key_sealed,
        }
      : null;
  return {
    id: Number(row.id),
    name: row.name,
    preset: row.preset,
    host: row.host,
    port: Number(row.port),
    security: row.security,
    user: row.username || null,
    hasPassword: !!row.password_sealed,
    fromName: row.from_name,
    fromAddress: row.from_address,
    replyTo: row.reply_to,
    perSecond: row.per_second === null ? null : Number(row.per_second),
    dailyQuota: row.daily_quota === null ? null : Number(row.daily_quota),
    dkim,
    tlsCa: row.tls_ca,
    attention: truthy(row.attention)
      ? { reason: row.attention_reason ?? '', at: fromSqlTime(row.attention_at ?? row.updated_at) }
      : null,
    enabled: truthy(row.enabled),
    isDefault: truthy(row.is_default),
    createdAt: fromSqlTime(row.created_at),
    updatedAt: fromSqlTime(row.updated_at),
  };
}

/** The channel's view of a row, secrets decrypted. */
export function toConfig(row: SmtpAccountRow, vault: CredentialVault): SmtpAccountConfig {
  const dkim =
    row.dkim_domain && row.dkim_selector && row.dkim_key_sealed
      ? {
          domain: row.dkim_domain,
          selector: row.dkim_selector,
          privateKey: vault.decrypt(row.dkim_key_sealed),
        }
      : null;
  return {
    id: Number(row.id),
    host: row.host,
    port: Number(row.port),
    security: row.security,
    user: row.username || null,
    password: row.password_sealed ? vault.decrypt(row.password_sealed) : null,
    fromName: row.from_name,
    fromAddress: row.from_address,
    replyTo: row.reply_to,
    dkim,
    tlsCa: row.tls_ca,
    attention: truthy(row.attention),
    updatedAt: row.updated_at,
  };
}

/** SQLite and MySQL both return booleans as 0 and 1. */
export function truthy(value: number | boolean | string | null): boolean {
  return value === true || Number(value) === 1;
}
