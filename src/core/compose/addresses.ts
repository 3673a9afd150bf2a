import { checkBrazilianMobile } from '../../channels/sms/numbers.js';

/** A usable e-mail address, trimmed, or undefined. Deliberately loose: the server decides. */
export function emailAddress(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || trimmed.length > 254) return undefined;
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/.test(trimmed)
    ? trimmed
    : undefined;
}

/**
 * A Brazilian mobile number as E.164 digits (`55DDD9NNNNNNNN`), or undefined for a landline,
 * a foreign or a malformed number. Accepts national (`11 98765-4321`), trunk-prefixed
 * (`011 98765-4321`) and international (`+55 11 98765-4321`) writing; checked against
 * libphonenumber's metadata, so a DDD that does not exist is refused too.
 */
export function brazilianMobile(value: string | null | undefined): string | undefined {
  const checked = checkBrazilianMobile(value);
  return checked.ok ? checked.e164 : undefined;
}
