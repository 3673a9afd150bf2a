import type { Translator } from '../../lib/i18n.js';
import type { RecadoError } from '../errors.js';

/**
 * The operator-facing text of a `RECADO_FILTER_INVALID` error in a locale: the reason is
 * translated with the error's details, then put into `errors.filter_invalid` with the path
 * (the root, whose JSON pointer is empty, is named in words).
 */
export function filterErrorText(i18n: Translator, locale: string, error: RecadoError): string {
  const details = error.details;
  const reason = i18n.t(locale, String(details.reason), details);
  const path = details.path ? String(details.path) : i18n.t(locale, 'filters.path.root');
  return i18n.t(locale, error.messageKey, { ...details, path, reason });
}
