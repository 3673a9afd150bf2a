import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * How a gateway wants the recipient written:
 * - `e164_no_plus`: `5511987654321` (Zenvia, playSMS, Torpedus);
 * - `e164_plus`: `+5511987654321` (an option for SmsGateway.me and the generic gateway);
 * - `national`: `11987654321`, DDD and number without 55 (Khal).
 */
export type NumberFormat = 'e164_no_plus' | 'e164_plus' | 'national';

/** Every number format, for schemas and screens. */
export const NUMBER_FORMATS: readonly NumberFormat[] = ['e164_no_plus', 'e164_plus', 'national'];

/** Why a number is not a Brazilian mobile. */
export type NumberRefusal = 'invalid' | 'landline' | 'foreign';

/** A checked number, or why it was refused. */
export type CheckedNumber =
  | { readonly ok: true; /** E.164 digits without `+`: `55DDD9NNNNNNNN`. */ readonly e164: string }
  | { readonly ok: false; readonly refusal: NumberRefusal };

/** Types libphonenumber gives numbers that can receive an SMS. */
const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/**
 * Parses a number as written in a customer record (`(11) 98765-4321`, `+55 11 98765-4321`,
 * `011987654321`, `5511987654321`) with libphonenumber's full metadata and keeps it only
 * when it is a valid Brazilian mobile. Landlines (8-digit subscriber numbers), numbers of
 * other countries and malformed input are refused with the reason.
 */
export function checkBrazilianMobile(value: string | null | undefined): CheckedNumber {
  const text = value?.trim() ?? '';
  if (text === '' || text.length > 40) return { ok: false, refusal: 'invalid' };
  const parsed = parsePhoneNumberFromString(withCountryHint(text), 'BR');
  if (!parsed || !parsed.isValid()) return { ok: false, refusal: 'invalid' };
  if (parsed.country !== 'BR') return { ok: false, refusal: 'foreign' };
  if (!MOBILE_TYPES.has(parsed.getType() ?? '')) return { ok: false, refusal: 'landline' };
  return { ok: true, e164: parsed.number.slice(1) };
}

/**
 * A number already stored as E.164 digits (`5511987654321`) is read as international, not as
 * a national number that happens to start with 55 (DDD 55 is Rio Grande do Sul).
 */
function withCountryHint(text: string): string {
  if (text.startsWith('+')) return text;
  const digits = text.replace(/\D/g, '');
  return /^55\d{10,11}$/.test(digits) && digits === text ? `+${digits}` : text;
}

/** Writes checked E.164 digits the way a gateway wants them. */
export function formatNumber(e164: string, format: NumberFormat): string {
  if (format === 'e164_plus') return `+${e164}`;
  if (format === 'national') return e164.startsWith('55') ? e164.slice(2) : e164;
  return e164;
}

/**
 * E.164 digits of a Brazilian mobile as the composer writes them after its libphonenumber
 * check: 55, a DDD without zeros, 9 and eight digits.
 */
const CANONICAL_MOBILE = /^55[1-9]{2}9\d{8}$/;

/**
 * The recipient of an outgoing message written for a gateway, or the refusal. The composer
 * hands over E.164 digits it already checked with libphonenumber; those are trusted by shape
 * (a full parse costs more than the rest of preparing a message). Anything else, from a
 * test send or another caller, gets the full check.
 */
export function recipientFor(
  to: string,
  format: NumberFormat,
): { ok: true; number: string } | { ok: false; refusal: NumberRefusal } {
  if (CANONICAL_MOBILE.test(to)) return { ok: true, number: formatNumber(to, format) };
  const checked = checkBrazilianMobile(to);
  return checked.ok ? { ok: true, number: formatNumber(checked.e164, format) } : checked;
}
