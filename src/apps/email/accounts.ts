import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { Knex } from 'knex';
import type { SmtpAccountConfig } from '../../channels/email/config.js';
import { handDefaultOn, sendingAccountQuery } from '../../core/default-account.js';
import { RecadoError } from '../../core/errors.js';
import type { CredentialVault } from '../../core/vault.js';
import { fromSqlTime, toSqlTime } from '../../lib/time.js';
import type { ChannelName } from '../../queue/types.js';
import type { AccountLimits, LimitsProvider } from '../../scheduler/gate/limits.js';
import { invalid, parseAccountInput, type AccountFields } from './account-schema.js';
import { toAccount, toConfig, type SmtpAccount, type SmtpAccountRow } from './account-rows.js';

export type { SmtpAccount } from './account-rows.js';
export type { SmtpAccountInput } from './account-schema.js';

/** What the store is built from. */
export interface SmtpAccountStoreDeps {
  readonly db: Knex;
  /** Seals passwords and DKIM keys before they reach the table. */
  readonly vault: CredentialVault;
  /** The clock; default `() => new Date()`. */
  readonly now?: () => Date;
}

const TABLE = 'recado_email_accounts';
/** Campaign states in which an account is still needed. */
const ACTIVE_CAMPAIGN = ['scheduled', 'running', 'paused'];
/** Fields whose change makes a credentials refusal worth trying again. */
const CONNECTION_COLUMNS = ['host', 'port', 'security', 'username', 'password_sealed'] as const;

/**
 * SMTP accounts of the E-mail app: validated on every write, secrets sealed by the vault and
 * never read back, and the rates and quotas the send gate asks for.
 */
export class SmtpAccountStore implements LimitsProvider {
  readonly #db: Knex;
  readonly #vault: CredentialVault;
  readonly #now: () => Date;

  constructor(deps: SmtpAccountStoreDeps) {
    this.#db = deps.db;
    this.#vault = deps.vault;
    this.#now = deps.now ?? (() => new Date());
  }

  async list(): Promise<SmtpAccount[]> {
    const rows = (await this.#db(TABLE).orderBy('id')) as SmtpAccountRow[];
    return rows.map(toAccount);
  }

  /** The account, or `RECADO_EMAIL_ACCOUNT_NOT_FOUND`. */
  async get(id: number): Promise<SmtpAccount> {
    return toAccount(await this.#row(id));
  }

  /**
   * Checks and saves a new account; a user needs a password, DKIM needs its key. The first
   * account becomes the default, and so does one saved with `isDefault`.
   */
  async create(input: unknown): Promise<SmtpAccount> {
    const fields = parseAccountInput(input);
    const now = toSqlTime(this.#now());
    const columns = this.#columns(fields);
    const id = await this.#db.transaction(async (trx) => {
      const hasDefault = await trx(TABLE).where({ is_default: true }).first('id');
      const isDefault = fields.isDefault || !hasDefault;
      if (isDefault) await trx(TABLE).update({ is_default: null });
      const row = {
        ...columns,
        is_default: isDefault ? true : null,
        created_at: now,
        updated_at: now,
      };
      const [inserted] = await trx(TABLE).insert(row);
      return Number(inserted);
    });
    return this.get(id);
  }

  /**
   * Replaces an account's fields. An empty password (or DKIM key) keeps the stored one; an
   * empty user drops both user and password. A change of server or credentials clears the
   * attention flag, so that the channel tries the account again.
   */
  async update(id: number, input: unknown): Promise<SmtpAccount> {
    const fields = parseAccountInput(input);
    await this.#db.transaction(async (trx) => {
      const existing = await this.#row(id, trx);
      const columns = this.#columns(fields, existing);
      const retry = CONNECTION_COLUMNS.some((column) => columns[column] !== existing[column]);
      // The default moves by making another account the default, not by unticking it here.
      const isDefault = fields.isDefault || Boolean(existing.is_default);
      if (isDefault) await trx(TABLE).whereNot({ id }).update({ is_default: null });
      await trx(TABLE)
        .where({ id })
        .update({
          ...columns,
          is_default: isDefault ? true : null,
          ...(retry ? { attention: false, attention_reason: null, attention_at: null } : {}),
          updated_at: this.#nextVersion(existing.updated_at),
        });
    });
    return this.get(id);
  }

  /**
   * Deletes an account no scheduled, running or paused e-mail campaign uses. When it was the
   * default, the enabled account with the lowest id (or, with none enabled, the lowest id)
   * becomes the default, so that e-mail naming no account still has one to go through.
   */
  async delete(id: number): Promise<void> {
    await this.#db.transaction(async (trx) => {
      const row = await this.#row(id, trx);
      const used = await trx('recado_campaigns')
        .where({ channel: 'email', account_id: id })
        .whereIn('status', ACTIVE_CAMPAIGN)
        .count({ n: '*' })
        .first();
      const campaigns = Number(used?.n ?? 0);
      if (campaigns > 0) throw new RecadoError('RECADO_EMAIL_ACCOUNT_IN_USE', { id, campaigns });
      await trx(TABLE).where({ id }).delete();
      if (row.is_default) await handDefaultOn(trx, TABLE);
    });
  }

  /** Flags an account whose server refused its credentials; the reason is shown on screen. */
  async markAttention(id: number, reason: string): Promise<void> {
    await this.#db(TABLE)
      .where({ id })
      .update({
        attention: true,
        attention_reason: reason.slice(0, 500),
        attention_at: toSqlTime(this.#now()),
      });
  }

  /** Lifts the flag (the operator fixed the account elsewhere); the channel tries it again. */
  async clearAttention(id: number): Promise<void> {
    const existing = await this.#row(id);
    await this.#db(TABLE)
      .where({ id })
      .update({
        attention: false,
        attention_reason: null,
        attention_at: null,
        updated_at: this.#nextVersion(existing.updated_at),
      });
  }

  /** The id of the account that sends the e-mail naming none (see `configFor`). */
  async defaultAccount(channel: ChannelName): Promise<number | undefined> {
    if (channel !== 'email') return undefined;
    const row = (await sendingAccountQuery(this.#db, TABLE).first('id')) as
      { id: number } | undefined;
    return row ? Number(row.id) : undefined;
  }

  /** The account's rate and daily quota for the send gate; undefined for other channels. */
  async limitsFor(channel: ChannelName, accountId: number): Promise<AccountLimits | undefined> {
    if (channel !== 'email') return undefined;
    const row = (await this.#db(TABLE)
      .where({ id: accountId })
      .first('per_second', 'daily_quota')) as
      Pick<SmtpAccountRow, 'per_second' | 'daily_quota'> | undefined;
    if (!row) return undefined;
    return {
      ...(row.per_second === null ? {} : { perSecond: Number(row.per_second) }),
      ...(row.daily_quota === null ? {} : { perDay: Number(row.daily_quota) }),
    };
  }

  /**
   * The channel's account source: an enabled account with its secrets decrypted, or for
   * `null` the default account (see `sendingAccountQuery`). Undefined when there is none.
   */
  async configFor(accountId: number | null): Promise<SmtpAccountConfig | undefined> {
    const row = (await (accountId === null
      ? sendingAccountQuery(this.#db, TABLE).first()
      : this.#db(TABLE).where({ enabled: true, id: accountId }).first())) as
      SmtpAccountRow | undefined;
    return row ? toConfig(row, this.#vault) : undefined;
  }

  /**
   * The config a form's input would save, for "test connection" before saving; with `id`,
   * empty secrets fall back to the stored ones. Nothing is written.
   */
  async draftConfig(input: unknown, id?: number): Promise<SmtpAccountConfig> {
    const fields = parseAccountInput(input);
    const existing = id === undefined ? undefined : await this.#row(id);
    const now = toSqlTime(this.#now());
    const columns = this.#columns(fields, existing);
    const row = { ...existing, ...columns, id: id ?? 0, created_at: now, updated_at: now };
    return { ...toConfig(row as SmtpAccountRow, this.#vault), attention: false };
  }

  async #row(id: number, db: Knex = this.#db): Promise<SmtpAccountRow> {
    const row = (await db(TABLE).where({ id }).first()) as SmtpAccountRow | undefined;
    if (!row) throw new RecadoError('RECADO_EMAIL_ACCOUNT_NOT_FOUND', { id });
    return row;
  }

  /** Table columns of checked fields, secrets sealed, kept ones carried over from `existing`. */
  #columns(fields: AccountFields, existing?: SmtpAccountRow) {
    if (fields.tlsCa !== null) checkCertificate(fields.tlsCa);
    return {
      name: fields.name,
      preset: fields.preset,
      host: fields.host,
      port: fields.port,
      security: fields.security,
      username: fields.user || null,
      password_sealed: this.#password(fields, existing),
      from_name: fields.fromName,
      from_address: fields.fromAddress,
      reply_to: fields.replyTo,
      per_second: fields.perSecond,
      daily_quota: fields.dailyQuota,
      dkim_domain: fields.dkim?.domain ?? null,
      dkim_selector: fields.dkim?.selector ?? null,
      dkim_key_sealed: this.#dkimKey(fields, existing),
      tls_ca: fields.tlsCa,
      enabled: fields.enabled,
    };
  }

  #password(fields: AccountFields, existing?: SmtpAccountRow): string | null {
    if (!fields.user) return null;
    if (fields.password) return this.#vault.encrypt(fields.password);
    // Kept only while the login stays the same: a new user with the old password is a mistake.
    if (existing?.password_sealed && existing.username === fields.user) {
      return existing.password_sealed;
    }
    return invalid('password', 'email.invalid.password_required');
  }

  #dkimKey(fields: AccountFields, existing?: SmtpAccountRow): string | null {
    if (!fields.dkim) return null;
    const key = fields.dkim.privateKey;
    if (key) {
      checkPrivateKey(key);
      return this.#vault.encrypt(key);
    }
    return existing?.dkim_key_sealed ?? invalid('dkim.privateKey', 'email.invalid.required');
  }

  /** Now, or a millisecond past the previous version when the clock has not moved on. */
  #nextVersion(previous: string): string {
    const now = this.#now().getTime();
    return toSqlTime(new Date(Math.max(now, fromSqlTime(previous).getTime() + 1)));
  }
}

function checkPrivateKey(pem: string): void {
  try {
    createPrivateKey(pem);
  } catch {
    invalid('dkim.privateKey', 'email.invalid.dkim_key');
  }
}

function checkCertificate(pem: string): void {
  try {
    new X509Certificate(pem);
  } catch {
    invalid('tlsCa', 'email.invalid.certificate');
  }
}
