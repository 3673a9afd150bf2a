import type { Knex } from 'knex';
import { RecadoError } from '../../core/errors.js';
import type { FilterEngine, FilterTree } from '../../core/filters/index.js';
import { fromSqlTime, toSqlTime } from '../../lib/time.js';
import type { ChannelName } from '../../queue/types.js';
import { validateRuleInput, type CheckedRuleInput, type RuleKind } from './rule-schema.js';

/** The rules table. */
export const RULES_TABLE = 'recado_billing_rules';

/** A row of `recado_billing_rules` as the database returns it. */
export interface BillingRuleRow {
  id: number | string;
  kind: RuleKind;
  days: number | null;
  name: string;
  channels: string;
  email_template_id: number | null;
  sms_template_id: number | null;
  send_hour: number;
  filter: string | null;
  enabled: number | boolean;
  position: number;
  preset: string | null;
  created_at: string;
  updated_at: string;
}

/** A Cobrança rule: what it sends, on which channels, to whom and from which hour. */
export interface BillingRule {
  readonly id: number;
  readonly kind: RuleKind;
  /** Days before or after the due date for `before_due` / `after_due`; otherwise null. */
  readonly days: number | null;
  readonly name: string;
  readonly channels: readonly ChannelName[];
  /** Template id per channel; null where the rule has none. */
  readonly templates: { readonly email: number | null; readonly sms: number | null };
  /** Local hour (0–23, provider's zone) from which a scheduled rule sends. */
  readonly sendHour: number;
  /** Narrows whom the rule reaches; null: everyone its kind selects. */
  readonly filter: FilterTree | null;
  readonly enabled: boolean;
  /** Order on screen, ascending. */
  readonly position: number;
  /** Key of the default the rule was installed from (`after_due_3` …), or null. */
  readonly preset: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What the store is built from. */
export interface RuleStoreDeps {
  readonly db: Knex;
  /** Validates each rule's filter tree. */
  readonly filters: FilterEngine;
  readonly now: () => Date;
}

export function toRule(row: BillingRuleRow): BillingRule {
  return {
    id: Number(row.id),
    kind: row.kind,
    days: row.days === null ? null : Number(row.days),
    name: row.name,
    channels: row.channels.split(',').filter(Boolean) as ChannelName[],
    templates: { email: row.email_template_id, sms: row.sms_template_id },
    sendHour: Number(row.send_hour),
    filter: row.filter === null ? null : (JSON.parse(row.filter) as FilterTree),
    enabled: Boolean(row.enabled),
    position: Number(row.position),
    preset: row.preset,
    createdAt: fromSqlTime(row.created_at),
    updatedAt: fromSqlTime(row.updated_at),
  };
}

/**
 * Stores the Cobrança rules. Every write is validated first (shape, filter tree, a
 * template of the right channel for each channel), so a bad input writes nothing.
 */
export class RuleStore {
  readonly #deps: RuleStoreDeps;

  constructor(deps: RuleStoreDeps) {
    this.#deps = deps;
  }

  /** Every rule, in screen order; `enabledOnly` for the evaluation and the hooks. */
  async list(options: { enabledOnly?: boolean; kinds?: readonly RuleKind[] } = {}) {
    const query = this.#deps
      .db<BillingRuleRow>(RULES_TABLE)
      .orderBy([{ column: 'position' }, { column: 'id' }]);
    if (options.enabledOnly) query.where('enabled', true);
    if (options.kinds) query.whereIn('kind', options.kinds);
    return ((await query) as BillingRuleRow[]).map(toRule);
  }

  /** One rule; `RECADO_BILLING_RULE_NOT_FOUND` when there is none. */
  async get(id: number): Promise<BillingRule> {
    const row = (await this.#deps.db(RULES_TABLE).where({ id }).first()) as
      BillingRuleRow | undefined;
    if (!row) throw new RecadoError('RECADO_BILLING_RULE_NOT_FOUND', { id });
    return toRule(row);
  }

  /** Validates and saves a new rule; `preset` marks a default (see `installDefaults`). */
  async create(input: unknown, options: { preset?: string } = {}): Promise<BillingRule> {
    const rule = await this.check(input);
    const stamp = toSqlTime(this.#deps.now());
    const position = rule.position ?? (await this.#nextPosition());
    const [id] = await this.#deps.db(RULES_TABLE).insert({
      ...toColumns(rule),
      position,
      preset: options.preset ?? null,
      created_at: stamp,
      updated_at: stamp,
    });
    return this.get(Number(id));
  }

  /**
   * Saves a default rule unless one from the same preset exists (then false). The unique
   * preset makes two panels installing the defaults at once create it once.
   */
  async createPreset(preset: string, input: unknown): Promise<boolean> {
    const rule = await this.check(input);
    const stamp = toSqlTime(this.#deps.now());
    const position = rule.position ?? (await this.#nextPosition());
    const before = await this.#deps.db(RULES_TABLE).where({ preset }).first('id');
    if (before) return false;
    await this.#deps
      .db(RULES_TABLE)
      .insert({ ...toColumns(rule), position, preset, created_at: stamp, updated_at: stamp })
      .onConflict('preset')
      .ignore();
    return true;
  }

  /** Replaces a rule with a complete, validated input; the position stays unless given. */
  async update(id: number, input: unknown): Promise<BillingRule> {
    const current = await this.get(id);
    const rule = await this.check(input);
    await this.#deps
      .db(RULES_TABLE)
      .where({ id })
      .update({
        ...toColumns(rule),
        position: rule.position ?? current.position,
        updated_at: toSqlTime(this.#deps.now()),
      });
    return this.get(id);
  }

  async setEnabled(id: number, enabled: boolean): Promise<void> {
    const changed = await this.#deps
      .db(RULES_TABLE)
      .where({ id })
      .update({ enabled, updated_at: toSqlTime(this.#deps.now()) });
    if (changed === 0) throw new RecadoError('RECADO_BILLING_RULE_NOT_FOUND', { id });
  }

  /** Deletes a rule. Its queued deliveries stay: they were decided when it existed. */
  async remove(id: number): Promise<void> {
    const deleted = await this.#deps.db(RULES_TABLE).where({ id }).delete();
    if (deleted === 0) throw new RecadoError('RECADO_BILLING_RULE_NOT_FOUND', { id });
  }

  /** Puts rules in the order given: the first id gets position 1, and so on. */
  async reorder(ids: readonly number[]): Promise<void> {
    await this.#deps.db.transaction(async (trx) => {
      for (const [index, id] of ids.entries()) {
        await trx(RULES_TABLE)
          .where({ id })
          .update({ position: index + 1 });
      }
    });
  }

  /** The input checked in full: shape, filter tree, and each channel's template. */
  async check(input: unknown): Promise<CheckedRuleInput> {
    const rule = validateRuleInput(input);
    if (rule.filter !== null) this.#deps.filters.validate(rule.filter);
    for (const channel of rule.channels)
      await this.#checkTemplate(channel, rule.templates[channel]);
    return rule;
  }

  async #checkTemplate(channel: ChannelName, id: number | null): Promise<void> {
    const found =
      id === null
        ? undefined
        : ((await this.#deps.db('recado_templates').where({ id, channel }).first('id')) as
            { id: number } | undefined);
    if (!found) {
      throw new RecadoError('RECADO_BILLING_TEMPLATE_MISSING', {
        field: `templates/${channel}`,
        channel,
      });
    }
  }

  async #nextPosition(): Promise<number> {
    const row = (await this.#deps.db(RULES_TABLE).max({ last: 'position' }).first()) as
      { last: number | null } | undefined;
    return Number(row?.last ?? 0) + 1;
  }
}

function toColumns(rule: CheckedRuleInput) {
  return {
    kind: rule.kind,
    days: rule.days,
    name: rule.name,
    channels: rule.channels.join(','),
    email_template_id: rule.templates.email,
    sms_template_id: rule.templates.sms,
    send_hour: rule.sendHour,
    filter: rule.filter === null ? null : JSON.stringify(rule.filter),
    enabled: rule.enabled,
  };
}
