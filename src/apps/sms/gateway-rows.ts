import { GATEWAY_SPECS, type GatewayType } from '../../channels/sms/gateway-types.js';
import type { ResolvedGateway } from '../../channels/sms/sms-channel.js';
import type { CredentialVault } from '../../core/vault.js';
import { withDefaults } from './gateway-input.js';

/** A row of `recado_sms_gateways` as the database returns it. */
export interface GatewayRow {
  id: number;
  type: GatewayType;
  name: string;
  config: string;
  /** One vault ciphertext of the secrets as JSON. */
  secrets: string;
  rate_per_second: number | null;
  daily_quota: number | null;
  fold_accents: number | boolean;
  enabled: number | boolean;
  is_default: number | boolean | null;
  created_at: string;
  updated_at: string;
}

/**
 * A gateway as screens see it. Secrets are never in it: `storedSecrets` says which are set
 * (`{ token: true }`), nothing more.
 */
export interface Gateway {
  readonly id: number;
  readonly type: GatewayType;
  readonly name: string;
  /** The type's settings with defaults filled in; holds no secret. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Each secret field of the type, and whether a value is stored. */
  readonly storedSecrets: Readonly<Record<string, boolean>>;
  /** False when the stored secrets cannot be decrypted (the vault key changed): enter them again. */
  readonly secretsReadable: boolean;
  /** Messages per second; null is no limit. */
  readonly ratePerSecond: number | null;
  /** Messages per provider day; null is no limit. */
  readonly dailyQuota: number | null;
  readonly foldAccents: boolean;
  readonly enabled: boolean;
  /** The gateway messages without an account go through. */
  readonly isDefault: boolean;
  /** Stored UTC time, `YYYY-MM-DD HH:MM:SS.mmm`. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** What the type can do: report credit, report deliveries by polling or by webhook. */
  readonly can: {
    readonly balance: boolean;
    readonly polledReports: boolean;
    readonly webhookReports: boolean;
  };
}

/** The secrets of a row, decrypted; `RECADO_VAULT_UNREADABLE` when the key is gone. */
export function openSecrets(vault: CredentialVault, sealed: string): Record<string, string> {
  return JSON.parse(vault.decrypt(sealed)) as Record<string, string>;
}

/** Secrets as one vault ciphertext of their JSON. */
export function sealSecrets(vault: CredentialVault, secrets: Record<string, string>): string {
  return vault.encrypt(JSON.stringify(secrets));
}

/** A row for screens: the secrets are opened only to tell which fields hold a value. */
export function toGateway(row: GatewayRow, vault: CredentialVault): Gateway {
  const spec = GATEWAY_SPECS[row.type];
  let secrets: Record<string, string> | undefined;
  try {
    secrets = openSecrets(vault, row.secrets);
  } catch {
    secrets = undefined;
  }
  const storedSecrets = Object.fromEntries(
    Object.keys(spec.secrets).map((name) => [name, Boolean(secrets?.[name])]),
  );
  return {
    id: Number(row.id),
    type: row.type,
    name: row.name,
    config: withDefaults(row.type, JSON.parse(row.config) as Record<string, unknown>),
    storedSecrets,
    secretsReadable: secrets !== undefined,
    ratePerSecond: row.rate_per_second === null ? null : Number(row.rate_per_second),
    dailyQuota: row.daily_quota === null ? null : Number(row.daily_quota),
    foldAccents: Boolean(row.fold_accents),
    enabled: Boolean(row.enabled),
    isDefault: Boolean(row.is_default),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    can: {
      balance: spec.balance,
      polledReports: spec.polledReports,
      webhookReports: spec.webhookReports,
    },
  };
}

/** A gateway as the SMS channel needs it: secrets decrypted. Never leaves the server. */
export function toResolved(row: GatewayRow, vault: CredentialVault): ResolvedGateway {
  return {
    id: Number(row.id),
    type: row.type,
    enabled: Boolean(row.enabled),
    updatedAt: row.updated_at,
    foldAccents: Boolean(row.fold_accents),
    config: withDefaults(row.type, JSON.parse(row.config) as Record<string, unknown>),
    secrets: openSecrets(vault, row.secrets),
  };
}
