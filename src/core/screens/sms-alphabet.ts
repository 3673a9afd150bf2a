import { gsmSeptets, smsTextInfo } from '../../templates/index.js';

/**
 * What the editor's script needs to count an SMS as the operator types, exactly as
 * `smsTextInfo` counts it on the server. Derived from `src/templates/sms-text.ts` rather than
 * copied, so the two cannot drift: the script holds the counting rules, this the data.
 */
export interface SmsAlphabet {
  /** Every character of the GSM 03.38 basic set (one septet each). */
  readonly basic: string;
  /** Every character of the extension table (two septets each). */
  readonly extension: string;
  /** Units of a message sent whole: 160 (GSM-7), 70 (UCS-2). */
  readonly single: { readonly 'GSM-7': number; readonly 'UCS-2': number };
  /** Units of each part of a longer message: 153 (GSM-7), 67 (UCS-2). */
  readonly part: { readonly 'GSM-7': number; readonly 'UCS-2': number };
}

/** Past the last GSM-7 character (€, U+20AC) with room to spare. */
const LAST_CODE_POINT = 0x24ff;

let alphabet: SmsAlphabet | undefined;

/** The alphabet, computed once by asking `gsmSeptets` about every character up to U+24FF. */
export function smsAlphabet(): SmsAlphabet {
  if (alphabet) return alphabet;
  let basic = '';
  let extension = '';
  for (let point = 0; point <= LAST_CODE_POINT; point += 1) {
    const character = String.fromCodePoint(point);
    const septets = gsmSeptets(character);
    if (septets === 1) basic += character;
    if (septets === 2) extension += character;
  }
  const nonGsm = 'ã';
  alphabet = {
    basic,
    extension,
    single: {
      'GSM-7': smsTextInfo('a').unitsPerSegment,
      'UCS-2': smsTextInfo(nonGsm).unitsPerSegment,
    },
    part: {
      'GSM-7': smsTextInfo('a'.repeat(1000)).unitsPerSegment,
      'UCS-2': smsTextInfo(nonGsm.repeat(1000)).unitsPerSegment,
    },
  };
  return alphabet;
}
