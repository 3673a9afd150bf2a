import type { SmtpSecurity } from './config.js';

/** The providers an account form offers, and `custom` for any other server. */
export type SmtpPresetId = 'gmail' | 'outlook' | 'yahoo' | 'custom';

export const SMTP_PRESET_IDS: readonly SmtpPresetId[] = ['gmail', 'outlook', 'yahoo', 'custom'];

/** What choosing a provider fills in, and what the form tells the operator about it. */
export interface SmtpPreset {
  readonly id: SmtpPresetId;
  /** Locale key of the provider's name. */
  readonly labelKey: string;
  /** Locale keys of the help lines shown under the form, in order. */
  readonly helpKeys: readonly string[];
  /** SMTP server; undefined for `custom`, which the operator types. */
  readonly host?: string;
  readonly port?: number;
  readonly security?: SmtpSecurity;
  /**
   * Messages per day the provider lets a personal account send, kept a little under the
   * published limit; undefined when unknown. The operator may lower or raise it.
   */
  readonly dailyQuota?: number;
  /** Messages per second; kept low so that a campaign does not look like a burst of spam. */
  readonly perSecond?: number;
  /** Whether the provider refuses the normal password and wants an app password. */
  readonly appPassword: boolean;
}

/**
 * Presets for the providers small ISPs use most. Quotas are the limits of personal accounts
 * (Google Workspace and Microsoft 365 allow more; the operator can change the number).
 */
export const SMTP_PRESETS: Readonly<Record<SmtpPresetId, SmtpPreset>> = {
  gmail: {
    id: 'gmail',
    labelKey: 'email.preset.gmail.label',
    helpKeys: ['email.preset.gmail.app_password', 'email.preset.gmail.quota'],
    host: 'smtp.gmail.com',
    port: 465,
    security: 'tls',
    dailyQuota: 500,
    perSecond: 1,
    appPassword: true,
  },
  outlook: {
    id: 'outlook',
    labelKey: 'email.preset.outlook.label',
    helpKeys: ['email.preset.outlook.basic_auth', 'email.preset.outlook.quota'],
    host: 'smtp-mail.outlook.com',
    port: 587,
    security: 'starttls',
    dailyQuota: 300,
    perSecond: 1,
    appPassword: false,
  },
  yahoo: {
    id: 'yahoo',
    labelKey: 'email.preset.yahoo.label',
    helpKeys: ['email.preset.yahoo.app_password', 'email.preset.yahoo.quota'],
    host: 'smtp.mail.yahoo.com',
    port: 465,
    security: 'tls',
    dailyQuota: 500,
    perSecond: 1,
    appPassword: true,
  },
  custom: {
    id: 'custom',
    labelKey: 'email.preset.custom.label',
    helpKeys: ['email.preset.custom.ports', 'email.preset.custom.none'],
    appPassword: false,
  },
};

/** The preset of an id; `custom` for anything unknown. */
export function presetOf(id: string | undefined): SmtpPreset {
  return SMTP_PRESETS[id as SmtpPresetId] ?? SMTP_PRESETS.custom;
}
