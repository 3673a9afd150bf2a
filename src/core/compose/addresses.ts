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
 * a foreign or a malformed number. Accepts national (`11 98765-4321`) and international
 * (`+55 11 98765-4321`) writing.
 */
export function brazilianMobile(value: string | null | undefined): string | undefined {
  let digits = value?.replace(/\D/g, '') ?? '';
  if (digits.length === 11) digits = `55${digits}`;
  if (digits.length === 12 && digits.startsWith('0')) digits = `55${digits.slice(1)}`;
  if (!/^55[1-9][1-9]9\d{8}$/.test(digits)) return undefined;
  return digits;
}
