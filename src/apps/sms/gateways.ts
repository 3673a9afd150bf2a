import type { Knex } from 'knex';
import { GATEWAY_SPECS, type GatewayType } from '../../channels/sms/gateway-types.js';
import type { GatewaySource, ResolvedGateway } from '../../channels/sms/sms-channel.js';
import { handDefaultOn, sendingAccountQuery } from '../../core/default-account.js';
import { RecadoError } from '../../core/errors.js';
import type { CredentialVault } from '../../core/vault.js';
import { toSqlTime } from '../../lib/time.js';
import type { ChannelName } from '../../queue/types.js';
import type { AccountLimits, LimitsProvider } from '../../scheduler/gate/limits.js';
import { checkGatewayInput, invalid, type CheckedInput } from './gateway-input.js';
import {
  openSecrets,
  sealSecrets,
  toGateway,
  toResolved,
  type Gateway,
  type GatewayRow,
} from './gateway-rows.js';

const TABLE = 'recado_sms_gateways';

/** Campaign states in which a campaign still needs its gateway. */
const ACTIVE_CAMPAIGNS = ['scheduled', 'running', 'paused'];

/** What the gateway store is built from. */
export interface SmsGatewaysDeps {
  readonly db: Knex;
  readonly vault: CredentialVault;
  /** The clock; default `() => new Date()`. */
  readonly now?: () => Date;
}

/**
 * The SMS gateways table: settings checked by each type's schema, secrets sealed by the
 * vault and never read back by screens. Also the SMS channel's gateway source and the send
 * gate's limits provider. The first gateway created becomes the default.
 */
export class SmsGateways implements GatewaySource, LimitsProvider {
  readonly #db: Knex;
  readonly #vault: CredentialVault;
  readonly #now: () => Date;

  constructor(deps: SmsGatewaysDeps) {
    this.#db = deps.db;
    this.#vault = deps.vault;
    this.#now = deps.now ?? (() => new Date());
  }

  async list(): Promise<Gateway[]> {
    const rows = (await this.#db(TABLE).orderBy('name').orderBy('id')) as GatewayRow[];
    return rows.map((row) => toGateway(row, this.#vault));
  }

  /** One gateway; `RECADO_SMS_GATEWAY_NOT_FOUND` when there is none with this id. */
  async get(id: number): Promise<Gateway> {
    return toGateway(await this.#row(this.#db, id), this.#vault);
  }

  async create(input: unknown): Promise<Gateway> {
    const checked = checkGatewayInput(input);
    const secrets = mergeSecrets(checked.type, {}, checked.secrets);
    const id = await this.#db.transaction(async (trx) => {
      const hasDefault = await trx(TABLE).where({ is_default: true }).first('id');
      const isDefault = checked.isDefault || !hasDefault;
      if (isDefault) await trx(TABLE).update({ is_default: null });
      const now = toSqlTime(this.#now());
      const sealed = sealSecrets(this.#vault, secrets);
      const [inserted] = await trx(TABLE).insert({
        ...columnsOf(checked, isDefault),
        type: checked.type,
        secrets: sealed,
        created_at: now,
        updated_at: now,
      });
      return Number(inserted);
    });
    return this.get(id);
  }

  /** Replaces a gateway's settings; a secret left empty keeps its stored value. */
  async update(id: number, input: unknown): Promise<Gateway> {
    await this.#db.transaction(async (trx) => {
      const row = await this.#row(trx, id);
      const checked = checkGatewayInput(input, row.type);
      const secrets = mergeSecrets(
        row.type,
        openSecrets(this.#vault, row.secrets),
        checked.secrets,
      );
      // The default is moved by making another gateway the default, not by unticking it here.
      const isDefault = checked.isDefault || Boolean(row.is_default);
      if (isDefault) await trx(TABLE).whereNot({ id }).update({ is_default: null });
      await trx(TABLE)
        .where({ id })
        .update({
          ...columnsOf(checked, isDefault),
          secrets: sealSecrets(this.#vault, secrets),
          updated_at: toSqlTime(this.#now()),
        });
    });
    return this.get(id);
  }

  /** Deletes a gateway, unless a scheduled, running or paused SMS campaign uses it. */
  async delete(id: number): Promise<void> {
    await this.#db.transaction(async (trx) => {
      const row = await this.#row(trx, id);
      const users = await trx('recado_campaigns')
        .where({ channel: 'sms' })
        .whereIn('status', ACTIVE_CAMPAIGNS)
        .where((query) => {
          query.where({ account_id: id });
          if (row.is_default) query.orWhereNull('account_id');
        })
        .count({ n: '*' })
        .first();
      const count = Number(users?.n ?? 0);
      if (count > 0) throw new RecadoError('RECADO_SMS_GATEWAY_IN_USE', { id, campaigns: count });
      await trx(TABLE).where({ id }).delete();
      if (row.is_default) await handDefaultOn(trx, TABLE);
    });
  }

  /** The gateway of an account id, or for null `sendingAccountQuery`'s; secrets decrypted. */
  async resolve(accountId: number | null): Promise<ResolvedGateway | undefined> {
    const row = (await (
      accountId === null
        ? sendingAccountQuery(this.#db, TABLE)
        : this.#db(TABLE).where({ id: accountId })
    ).first()) as GatewayRow | undefined;
    return row ? toResolved(row, this.#vault) : undefined;
  }

  /** The id of the gateway that sends the SMS naming none (see `resolve`). */
  async defaultAccount(channel: ChannelName): Promise<number | undefined> {
    if (channel !== 'sms') return undefined;
    const row = (await sendingAccountQuery(this.#db, TABLE).first('id')) as
      { id: number } | undefined;
    return row ? Number(row.id) : undefined;
  }

  async limitsFor(channel: ChannelName, accountId: number): Promise<AccountLimits | undefined> {
    if (channel !== 'sms') return undefined;
    const row = (await this.#db(TABLE)
      .where({ id: accountId })
      .first('rate_per_second', 'daily_quota')) as
      Pick<GatewayRow, 'rate_per_second' | 'daily_quota'> | undefined;
    if (!row) return undefined;
    return {
      ...(row.rate_per_second === null ? {} : { perSecond: Number(row.rate_per_second) }),
      ...(row.daily_quota === null ? {} : { perDay: Number(row.daily_quota) }),
    };
  }

  async #row(db: Knex, id: number): Promise<GatewayRow> {
    const row = Number.isInteger(id)
      ? ((await db(TABLE).where({ id }).first()) as GatewayRow | undefined)
      : undefined;
    if (!row) throw new RecadoError('RECADO_SMS_GATEWAY_NOT_FOUND', { id: String(id) });
    return row;
  }
}

function columnsOf(checked: CheckedInput, isDefault: boolean) {
  return {
    name: checked.name.trim(),
    config: JSON.stringify(checked.config),
    rate_per_second: checked.ratePerSecond,
    daily_quota: checked.dailyQuota,
    fold_accents: checked.foldAccents,
    enabled: checked.enabled,
    is_default: isDefault ? true : null,
  };
}

/**
 * The secrets to store: the stored ones, with each field given a new value replaced, each
 * left out or empty kept, and each set to null cleared. Unknown fields and a required field
 * left without a value are refused, naming the field.
 */
function mergeSecrets(
  type: GatewayType,
  stored: Readonly<Record<string, string>>,
  given: Readonly<Record<string, string | null | undefined>>,
): Record<string, string> {
  const fields = GATEWAY_SPECS[type].secrets;
  const merged: Record<string, string> = { ...stored };
  for (const [name, value] of Object.entries(given)) {
    if (!fields[name]) throw invalid(`/secrets/${name}`, 'sms.reason.unknown_field', {});
    if (value === null) delete merged[name];
    else if (value !== undefined && value !== '') merged[name] = value;
  }
  for (const [name, field] of Object.entries(fields)) {
    if (field.required && !merged[name])
      throw invalid(`/secrets/${name}`, 'sms.reason.required', {});
  }
  return merged;
}
