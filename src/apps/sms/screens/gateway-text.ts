import type { SendResult } from '../../../channels/channel.js';
import type { RecadoError } from '../../../core/errors.js';
import type { Translator } from '../../../lib/i18n.js';
import type { GatewayBalance } from '../gateway-tools.js';

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A refused field as the form shows it: the control's name and the reason in words. */
export interface FieldError {
  /** The posted field name (`config.from`), or `''` when no control matches. */
  readonly field: string;
  readonly message: string;
  /** The whole sentence, naming the field, for the top of the form. */
  readonly summary: string;
}

/**
 * The form control a `RECADO_SMS_GATEWAY_INVALID` names: its JSON pointer `/config/from`
 * becomes `config.from`; a header name or list item points at its whole control.
 */
export function fieldError(i18n: Translator, locale: string, error: RecadoError): FieldError {
  const pointer = String(error.details.field ?? '');
  const reason = String(error.details.reason ?? 'sms.reason.invalid');
  const params = Object.fromEntries(
    Object.entries(error.details).filter(([, value]) => typeof value !== 'object'),
  ) as Record<string, string | number>;
  const message = i18n.t(locale, reason, params);
  const parts = pointer.split('/').filter(Boolean);
  const field =
    parts[0] === 'config' || parts[0] === 'secrets'
      ? parts.slice(0, parts[1] === 'success' || parts[1] === 'providerId' ? 3 : 2).join('.')
      : (parts[0] ?? '');
  const summary = i18n.t(locale, 'sms.error.gateway_invalid', { field: pointer, reason: message });
  return { field, message, summary };
}

/** The gateway's answer to a test SMS or a balance question, in plain words. */
export function resultText(t: Translate, result: SendResult | GatewayBalance): string {
  switch (result.status) {
    case 'accepted':
      return t('sms.test.accepted', { providerId: result.providerId ?? '—' });
    case 'ok':
      return t('sms.screens.balance.ok', { balance: result.balance });
    case 'unavailable':
      return t('sms.balance.unavailable');
    case 'failed':
      return 'kind' in result
        ? t('sms.test.failed', { reason: result.reason, code: result.code })
        : t('sms.screens.balance.failed', { reason: result.reason, code: result.code });
  }
}
