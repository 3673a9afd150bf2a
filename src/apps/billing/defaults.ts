import type { Knex } from 'knex';
import { withNamedLock } from '../../lib/named-lock.js';
import { toSqlTime } from '../../lib/time.js';
import type { ChannelName } from '../../queue/types.js';
import {
  AFTER_DUE_10,
  AFTER_DUE_3,
  BEFORE_DUE,
  BIRTHDAY,
  BLOCKED,
  ON_DUE,
  RECEIPT,
  type DefaultTexts,
} from './default-templates.js';
import type { BillingDeps } from './rule-plan.js';
import type { RuleKind } from './rule-schema.js';
import type { RuleStore } from './rules.js';

/** A rule the app offers on first enable; the operator edits or deletes it like any other. */
export interface DefaultRule {
  /** Stable key stored on the rule (`recado_billing_rules.preset`). */
  readonly preset: string;
  readonly kind: RuleKind;
  readonly days: number | null;
  readonly name: string;
  /** Local hour it sends from; only read for the scheduled kinds. */
  readonly sendHour: number;
  readonly texts: DefaultTexts;
}

/** 3 days before, on the day, 3 and 10 days after, receipt, block notice, birthday. */
export const DEFAULT_RULES: readonly DefaultRule[] = [
  rule('before_due_3', 'before_due', 3, 'Lembrete 3 dias antes do vencimento', 9, BEFORE_DUE),
  rule('on_due', 'on_due', null, 'Aviso no dia do vencimento', 9, ON_DUE),
  rule('after_due_3', 'after_due', 3, 'Cobrança 3 dias após o vencimento', 10, AFTER_DUE_3),
  rule('after_due_10', 'after_due', 10, 'Cobrança 10 dias após o vencimento', 10, AFTER_DUE_10),
  rule('receipt', 'payment_confirmed', null, 'Recibo de pagamento', 9, RECEIPT),
  rule('blocked', 'customer_blocked', null, 'Aviso de bloqueio', 9, BLOCKED),
  rule('birthday', 'birthday', null, 'Feliz aniversário', 10, BIRTHDAY),
];

function rule(
  preset: string,
  kind: RuleKind,
  days: number | null,
  name: string,
  sendHour: number,
  texts: DefaultTexts,
): DefaultRule {
  return { preset, kind, days, name, sendHour, texts };
}

/** Settings area that records when the defaults were installed. */
export const DEFAULTS_AREA = 'billing.defaults';

/** What `installDefaults` created; 0 and 0 on a second call. */
export interface InstallResult {
  readonly rules: number;
  readonly templates: number;
}

/** Lock that makes installs run one at a time (see `withNamedLock`). */
const INSTALL_LOCK = 'recado.billing.defaults';

/**
 * Creates the default rules that are missing, each with an e-mail and an SMS template in
 * `recado_templates` (a template of the same channel and name is reused, not doubled).
 * Idempotent: run twice, or by two panels at once, it creates each rule and template once.
 *
 * Installs take turns under a named lock. Left to race, two installs insert the same
 * template and preset keys at once; on MariaDB, where an earlier delete left those keys
 * behind (not yet purged), the unique-key checks of both lock the same gap and one install
 * fails with a deadlock. Taking turns also makes the counts true: the later install finds
 * everything and reports 0 and 0.
 */
export function installDefaults(deps: BillingDeps, rules: RuleStore): Promise<InstallResult> {
  return withNamedLock(deps.db, INSTALL_LOCK, () => createMissing(deps, rules));
}

async function createMissing(deps: BillingDeps, rules: RuleStore): Promise<InstallResult> {
  let createdRules = 0;
  let createdTemplates = 0;
  for (const [index, preset] of DEFAULT_RULES.entries()) {
    const email = await ensureTemplate(deps, 'email', preset.texts);
    const sms = await ensureTemplate(deps, 'sms', preset.texts);
    createdTemplates += Number(email.created) + Number(sms.created);
    const input = {
      kind: preset.kind,
      days: preset.days,
      name: preset.name,
      channels: ['email', 'sms'],
      templates: { email: email.id, sms: sms.id },
      sendHour: preset.sendHour,
      position: index + 1,
    };
    if (await rules.createPreset(preset.preset, input)) createdRules += 1;
  }
  await deps.settings.write(DEFAULTS_AREA, { installedAt: toSqlTime(deps.now()) });
  deps.logger.info(
    { event: 'billing.defaults.installed', rules: createdRules, templates: createdTemplates },
    'default rules installed',
  );
  return { rules: createdRules, templates: createdTemplates };
}

/** Whether the defaults were ever installed (deleting them afterwards does not bring them back). */
export async function defaultsInstalled(deps: BillingDeps): Promise<boolean> {
  const marker = await deps.settings.read<{ installedAt?: string }>(DEFAULTS_AREA, {});
  return marker.installedAt !== undefined;
}

async function ensureTemplate(
  deps: BillingDeps,
  channel: ChannelName,
  texts: DefaultTexts,
): Promise<{ id: number; created: boolean }> {
  const existing = await findTemplate(deps.db, channel, texts.name);
  if (existing !== undefined) return { id: existing, created: false };
  const stamp = toSqlTime(deps.now());
  await deps
    .db('recado_templates')
    .insert({
      channel,
      name: texts.name,
      subject: channel === 'email' ? texts.subject : null,
      body: channel === 'email' ? texts.html : texts.sms,
      created_at: stamp,
      updated_at: stamp,
    })
    .onConflict(['channel', 'name'])
    .ignore();
  return { id: (await findTemplate(deps.db, channel, texts.name)) as number, created: true };
}

async function findTemplate(db: Knex, channel: ChannelName, name: string) {
  const row = (await db('recado_templates').where({ channel, name }).first('id')) as
    { id: number } | undefined;
  return row === undefined ? undefined : Number(row.id);
}
