import type { Knex } from 'knex';
import { fromSqlTime, toSqlTime } from '../../lib/time.js';
import type { ChannelName } from '../../queue/types.js';
import { checkTemplate, TemplateInvalidError, type TemplateIssue } from '../../templates/index.js';
import { RecadoError } from '../errors.js';
import { isUniqueViolation } from '../groups/names.js';

const TABLE = 'recado_templates';

/** Longest template name, in characters; the column holds 120. */
export const TEMPLATE_NAME_MAX = 120;
/** Longest e-mail subject, in characters; the column holds 255. */
export const TEMPLATE_SUBJECT_MAX = 255;

/** Campaigns that still need their template: everything but completed and cancelled. */
const LIVE_CAMPAIGN = ['draft', 'scheduled', 'running', 'paused'];

/** A row of `recado_templates`. */
interface TemplateRow {
  readonly id: number | string;
  readonly channel: ChannelName;
  readonly name: string;
  readonly subject: string | null;
  readonly body: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A message template an operator saved. */
export interface SavedTemplate {
  readonly id: number;
  readonly channel: ChannelName;
  /** Trimmed, 1–120 characters, unique per channel. */
  readonly name: string;
  /** E-mail only; null for SMS. */
  readonly subject: string | null;
  /** HTML for e-mail, plain text for SMS. */
  readonly body: string;
  readonly updatedAt: Date;
}

/** What an operator posts; every field is untrusted. */
export interface TemplateInput {
  readonly name: string;
  readonly subject: string;
  readonly body: string;
}

/**
 * Why a template was not saved: its name (`nameError`) and what `checkTemplate` found in
 * subject and body (`issues`). Nothing is written while either is present.
 */
export interface TemplateProblems {
  readonly nameError?: RecadoError;
  readonly subjectError?: RecadoError;
  readonly issues: readonly TemplateIssue[];
}

function toTemplate(row: TemplateRow): SavedTemplate {
  return {
    id: Number(row.id),
    channel: row.channel,
    name: row.name,
    subject: row.subject,
    body: row.body,
    updatedAt: fromSqlTime(String(row.updated_at)),
  };
}

/** The name as stored: trimmed, runs of spaces made one. */
export function cleanTemplateName(input: string): string {
  return input.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** The message templates of one channel in `recado_templates`. */
export class TemplateStore {
  readonly #db: Knex;
  readonly #channel: ChannelName;
  readonly #now: () => Date;

  constructor(deps: { db: Knex; channel: ChannelName; now?: () => Date }) {
    this.#db = deps.db;
    this.#channel = deps.channel;
    this.#now = deps.now ?? (() => new Date());
  }

  async list(): Promise<SavedTemplate[]> {
    const rows = (await this.#db(TABLE).where({ channel: this.#channel })) as TemplateRow[];
    const templates = rows.map(toTemplate);
    return templates.sort((a, b) => a.name.localeCompare(b.name, 'pt-BR', { sensitivity: 'base' }));
  }

  /** A template of this channel, or `RECADO_TEMPLATE_NOT_FOUND`. */
  async get(id: number): Promise<SavedTemplate> {
    const row = (await this.#db(TABLE).where({ id, channel: this.#channel }).first()) as
      TemplateRow | undefined;
    if (!row) throw new RecadoError('RECADO_TEMPLATE_NOT_FOUND', { id });
    return toTemplate(row);
  }

  /** Everything that keeps the input from being saved; empty when it can be. */
  async problems(input: TemplateInput, exceptId?: number): Promise<TemplateProblems> {
    const name = cleanTemplateName(input.name);
    const subject = this.#channel === 'email' ? input.subject : null;
    const check = checkTemplate({ subject, body: input.body }, { channel: this.#channel });
    return {
      nameError: await this.#nameError(name, exceptId),
      subjectError:
        subject !== null && [...subject].length > TEMPLATE_SUBJECT_MAX
          ? new RecadoError('RECADO_TEMPLATE_FIELD_INVALID', {
              field: 'templates.field.subject',
              max: TEMPLATE_SUBJECT_MAX,
            })
          : undefined,
      issues: check.issues,
    };
  }

  /**
   * Saves a new template (no `id`) or replaces one, after the same checks as `problems`.
   * Throws the first problem: a name or subject error, or a `TemplateInvalidError`.
   */
  async save(input: TemplateInput, id?: number): Promise<SavedTemplate> {
    if (id !== undefined) await this.get(id);
    const problems = await this.problems(input, id);
    if (problems.nameError) throw problems.nameError;
    if (problems.subjectError) throw problems.subjectError;
    if (problems.issues.length > 0) throw new TemplateInvalidError(problems.issues);

    const stamp = toSqlTime(this.#now());
    const name = cleanTemplateName(input.name);
    const values = {
      name,
      subject: this.#channel === 'email' ? input.subject.trim() : null,
      body: input.body,
      updated_at: stamp,
    };
    const saved = await this.#write(name, async () => {
      if (id !== undefined) return (await this.#db(TABLE).where({ id }).update(values), id);
      const row = { ...values, channel: this.#channel, created_at: stamp };
      const [inserted] = await this.#db(TABLE).insert(row);
      return Number(inserted);
    });
    return this.get(saved);
  }

  /** Deletes a template no live campaign and no Cobrança rule uses. */
  async delete(id: number): Promise<void> {
    const template = await this.get(id);
    const uses = await this.usedBy(id);
    if (uses.campaigns.length > 0) {
      const campaigns = uses.campaigns.map((name) => `«${name}»`).join(', ');
      throw new RecadoError('RECADO_TEMPLATE_IN_USE', { name: template.name, campaigns });
    }
    if (uses.rules.length > 0) {
      const rules = uses.rules.map((name) => `«${name}»`).join(', ');
      throw new RecadoError('RECADO_TEMPLATE_IN_USE_BY_RULE', { name: template.name, rules });
    }
    await this.#db(TABLE).where({ id, channel: this.#channel }).delete();
  }

  /** Names of the live campaigns and of the Cobrança rules that send this template. */
  async usedBy(id: number): Promise<{ campaigns: string[]; rules: string[] }> {
    const campaigns = (await this.#db('recado_campaigns')
      .where({ template_id: id })
      .whereIn('status', LIVE_CAMPAIGN)
      .orderBy('id')
      .pluck('name')) as string[];
    // The Cobrança app's table; a plugin installed without it has no rules to protect.
    const hasRules = await this.#db.schema.hasTable('recado_billing_rules');
    const column = this.#channel === 'email' ? 'email_template_id' : 'sms_template_id';
    const rules = hasRules
      ? ((await this.#db('recado_billing_rules')
          .where(column, id)
          .orderBy('id')
          .pluck('name')) as string[])
      : [];
    return { campaigns, rules };
  }

  async #nameError(name: string, exceptId?: number): Promise<RecadoError | undefined> {
    const length = [...name].length;
    if (length < 1 || length > TEMPLATE_NAME_MAX) {
      return new RecadoError('RECADO_TEMPLATE_FIELD_INVALID', {
        field: 'screens.template.name',
        max: TEMPLATE_NAME_MAX,
      });
    }
    const query = this.#db(TABLE)
      .where({ channel: this.#channel })
      .whereRaw('lower(??) = ?', ['name', name.toLowerCase()]);
    if (exceptId !== undefined) query.whereNot({ id: exceptId });
    const taken = (await query.first('name')) as { name: string } | undefined;
    return taken ? new RecadoError('RECADO_TEMPLATE_NAME_TAKEN', { name: taken.name }) : undefined;
  }

  /** Two operators saving the same name at once meet the unique index. */
  async #write<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new RecadoError('RECADO_TEMPLATE_NAME_TAKEN', { name }, { cause: error });
    }
  }
}
