/**
 * SMS length and encoding, per 3GPP TS 23.038 (GSM 03.38) and the concatenation rules of
 * TS 23.040. This file imports nothing, so the editor page can load it in a browser as is.
 */

/** How an SMS is encoded: the 7-bit GSM alphabet, or UCS-2 (UTF-16) when a character is not. */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** What an operator sees under an SMS text box. */
export interface SmsTextInfo {
  /** GSM-7 when every character is in the GSM basic set or its extension table. */
  readonly encoding: SmsEncoding;
  /** Characters as a person counts them: Unicode code points (an emoji counts as one). */
  readonly characters: number;
  /**
   * Units the network counts: septets for GSM-7 (extension characters take two), UTF-16
   * code units for UCS-2 (an emoji outside the BMP takes two).
   */
  readonly units: number;
  /** Parts the message is sent in; 0 for an empty text. */
  readonly segments: number;
  /** Units one part holds at this length: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  readonly unitsPerSegment: number;
  /** Units still free in the last part before another part starts. */
  readonly remaining: number;
  /** Distinct characters that force UCS-2, in order of appearance; empty for GSM-7. */
  readonly nonGsmCharacters: readonly string[];
}

/** The GSM 03.38 basic set, one septet each (0x1B, the escape to the extension table, left out). */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The extension table: sent as escape + character, so each takes two septets. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** Units of a message sent whole, and of each part of a longer one (the rest is the UDH). */
const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
const PART = { 'GSM-7': 153, 'UCS-2': 67 } as const;

/**
 * Characters outside GSM-7 that have a close GSM-7 stand-in. Accented letters that are not
 * in the table are handled by decomposition in {@link foldToGsm}; this map is for
 * punctuation and spaces that word processors and phones put in text.
 */
const GSM_STAND_INS: Readonly<Record<string, string>> = {
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201a': "'", // ‚
  '\u201b': "'", // ‛
  '\u2032': "'", // ′
  '\u00b4': "'", // ´
  '`': "'",
  '\u201c': '"', // “
  '\u201d': '"', // ”
  '\u201e': '"', // „
  '\u2033': '"', // ″
  '\u00ab': '"', // «
  '\u00bb': '"', // »
  '\u2010': '-', // ‐
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // ‒
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2015': '-', // ―
  '\u2212': '-', // minus sign
  '\u2022': '-', // •
  '\u00b7': '-', // ·
  '\u2026': '...', // …
  '\t': ' ',
  '\u00a0': ' ', // no-break space, as Intl puts between R$ and the amount
  '\u202f': ' ', // narrow no-break space
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200b': '', // zero-width space
  '\u00ad': '', // soft hyphen
  '\ufeff': '',
  '\u00aa': 'a', // ª
  '\u00ba': 'o', // º, as in nº
  '\u00b0': 'o', // °, often typed for º
};

/** Septets a character takes in GSM-7, or 0 when it is not in GSM-7 at all. */
export function gsmSeptets(character: string): 0 | 1 | 2 {
  if (GSM_BASIC.has(character)) return 1;
  return GSM_EXTENSION.has(character) ? 2 : 0;
}

/** Whether every character of the text can be sent in GSM-7. */
export function isGsm7(text: string): boolean {
  for (const character of text) if (gsmSeptets(character) === 0) return false;
  return true;
}

/** Encoding, length and parts of an SMS text, counted as the network counts them. */
export function smsTextInfo(text: string): SmsTextInfo {
  const characters = [...text];
  const nonGsm = [...new Set(characters.filter((character) => gsmSeptets(character) === 0))];
  const encoding: SmsEncoding = nonGsm.length === 0 ? 'GSM-7' : 'UCS-2';
  const sizes = characters.map((character) =>
    encoding === 'GSM-7' ? gsmSeptets(character) : character.length,
  );
  const units = sizes.reduce((sum, size) => sum + size, 0);

  const single = units <= SINGLE[encoding];
  const unitsPerSegment = single ? SINGLE[encoding] : PART[encoding];
  const { segments, used } = single
    ? { segments: 1, used: units }
    : fillParts(sizes, unitsPerSegment);

  return {
    encoding,
    characters: characters.length,
    units,
    segments: units === 0 ? 0 : segments,
    unitsPerSegment,
    remaining: units === 0 ? unitsPerSegment : unitsPerSegment - used,
    nonGsmCharacters: encoding === 'GSM-7' ? [] : nonGsm,
  };
}

/**
 * Splits into parts the way handsets and gateways do: an escape pair (GSM-7) or a surrogate
 * pair (UCS-2) never straddles two parts, so a part may end one unit short.
 */
function fillParts(sizes: readonly number[], capacity: number): { segments: number; used: number } {
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { segments, used };
}

/**
 * Replaces characters outside GSM-7 by their closest GSM-7 form so a Portuguese text is
 * sent in GSM-7 (160 characters a part instead of 70). Letters GSM-7 has are kept, even
 * accented (`é`, `à`, `Ç`, `ü`): `é` and `à` carry meaning in Portuguese (`é` ≠ `e`).
 * Others lose their accent (`ã` → `a`, `ç` → `c`, `Ê` → `E`). Characters with no stand-in,
 * such as emoji, are left as they are: the text then stays UCS-2 and the counter says so.
 */
export function foldToGsm(text: string): string {
  let folded = '';
  for (const character of text) folded += foldCharacter(character);
  return folded;
}

function foldCharacter(character: string): string {
  if (gsmSeptets(character) > 0) return character;
  const standIn = GSM_STAND_INS[character];
  if (standIn !== undefined) return standIn;

  // NFKD splits a letter from its accents and a compatibility form (ﬁ, ²) into plain parts.
  const bare = character.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return bare !== '' && isGsm7(bare) ? bare : character;
}
