import type { Request } from 'express';
import { SMTP_PRESET_IDS, SMTP_PRESETS } from '../../../channels/email/presets.js';
import { SMTP_SECURITIES } from '../../../channels/email/config.js';
import { isRecadoError } from '../../../core/errors.js';
import { formText, type FieldError, type ScreenKit } from '../../../core/screens/screen-kit.js';
import type { SmtpAccount, SmtpAccountInput } from '../accounts.js';

/** What the account form's inputs hold, as text, by input name. */
export type AccountFormValues = Readonly<Record<string, string>>;

/** Inputs of the form; `password` and `dkimPrivateKey` are never filled from a saved account. */
const TEXT_FIELDS = [
  'name',
  'preset',
  'host',
  'port',
  'security',
  'user',
  'password',
  'fromName',
  'fromAddress',
  'replyTo',
  'perSecond',
  'dailyQuota',
  'dkimDomain',
  'dkimSelector',
  'dkimPrivateKey',
  'tlsCa',
] as const;

/** Store field names (`dkim.domain`) to the form's input names (`dkimDomain`). */
const INPUT_OF: Readonly<Record<string, string>> = {
  'dkim.domain': 'dkimDomain',
  'dkim.selector': 'dkimSelector',
  'dkim.privateKey': 'dkimPrivateKey',
  dkim: 'dkimDomain',
};

/** The posted form as text, secrets included: only ever handed to the store, never to a view. */
export function postedValues(req: Request): AccountFormValues {
  const values: Record<string, string> = {};
  for (const field of TEXT_FIELDS) values[field] = formText(req, field);
  values.enabled = formText(req, 'enabled') ? 'on' : '';
  values.isDefault = formText(req, 'isDefault') ? 'on' : '';
  return values;
}

/** The store's input for posted values; DKIM counts as given when its domain or selector is. */
export function accountInput(values: AccountFormValues): SmtpAccountInput {
  const text = (name: string) => values[name] ?? '';
  const dkimGiven = text('dkimDomain').trim() !== '' || text('dkimSelector').trim() !== '';
  return {
    name: text('name'),
    preset: text('preset') || 'custom',
    host: text('host'),
    port: text('port'),
    security: text('security'),
    user: text('user'),
    password: text('password'),
    fromName: text('fromName'),
    fromAddress: text('fromAddress'),
    replyTo: text('replyTo'),
    perSecond: text('perSecond'),
    dailyQuota: text('dailyQuota'),
    dkim: dkimGiven
      ? {
          domain: text('dkimDomain'),
          selector: text('dkimSelector'),
          privateKey: text('dkimPrivateKey'),
        }
      : '',
    tlsCa: text('tlsCa'),
    enabled: text('enabled') === 'on',
    isDefault: text('isDefault') === 'on',
  };
}

/** Values to show again: everything typed but the secrets. */
export function shownValues(values: AccountFormValues): AccountFormValues {
  return { ...values, password: '', dkimPrivateKey: '' };
}

/** A saved account's values for the edit form, secrets left out. */
export function accountValues(account: SmtpAccount): AccountFormValues {
  const number = (value: number | null) => (value === null ? '' : String(value));
  return {
    name: account.name,
    preset: account.preset,
    host: account.host,
    port: String(account.port),
    security: account.security,
    user: account.user ?? '',
    password: '',
    fromName: account.fromName,
    fromAddress: account.fromAddress,
    replyTo: account.replyTo ?? '',
    perSecond: number(account.perSecond),
    dailyQuota: number(account.dailyQuota),
    dkimDomain: account.dkim?.domain ?? '',
    dkimSelector: account.dkim?.selector ?? '',
    dkimPrivateKey: '',
    tlsCa: account.tlsCa ?? '',
    enabled: account.enabled ? 'on' : '',
    isDefault: account.isDefault ? 'on' : '',
  };
}

/** A new account's starting values: the Gmail preset, as most small providers begin there. */
export function newAccountValues(): AccountFormValues {
  const preset = SMTP_PRESETS.gmail;
  return {
    ...Object.fromEntries(TEXT_FIELDS.map((field) => [field, ''])),
    preset: preset.id,
    host: preset.host ?? '',
    port: String(preset.port ?? ''),
    security: preset.security ?? 'tls',
    perSecond: String(preset.perSecond ?? ''),
    dailyQuota: String(preset.dailyQuota ?? ''),
    enabled: 'on',
  };
}

/**
 * A refused save as the form shows it beside its input, in the operator's language: the
 * field's label, then the reason. Undefined for an error that is not about one field.
 */
export function accountFieldError(
  req: Request,
  kit: ScreenKit,
  error: unknown,
): FieldError | undefined {
  if (!isRecadoError(error) || error.code !== 'RECADO_INPUT_INVALID') return undefined;
  const { field, reason, ...params } = error.details as Record<string, string | number>;
  const name = String(field ?? '');
  const t = kit.translate(req);
  const label = t(`email.field.${name}`);
  const message = `${label}: ${t(String(reason), params)}`;
  return { field: INPUT_OF[name] ?? name, code: error.code, message };
}

/** The choices the form's selects offer, and what each preset fills in. */
export function formChoices() {
  return {
    presets: SMTP_PRESET_IDS.map((id) => SMTP_PRESETS[id]),
    securities: SMTP_SECURITIES,
  };
}
