import { dayOf } from './calendar.js';

/**
 * How a made-up invoice is paid: a bank slip line, a PIX copy-and-paste code and a link.
 * The shapes and check digits follow the real layouts so that screens and templates show
 * what they would in production, but the agency, account and PIX key are invented and the
 * link points at an example domain: none of it can move money.
 */

/** Bank code on the slips (a Bradesco-style layout). */
const BANK = '237';
/** Invented agency, wallet and account that fill the slip's free field around our number. */
const AGENCY = '0001';
const WALLET = '09';
const ACCOUNT = '0001234';
const PIX_KEY = 'cobranca@pagar.example.com';
const PIX_MERCHANT = 'RECADO NET DEMO';
const PIX_CITY = 'SAO PAULO';
const PAYMENT_SITE = 'https://pagar.example.com/f/';

/** Day number of 1997-10-07, day 0 of the slips' due-date factor. */
const FACTOR_BASE = dayOf('1997-10-07');

/** The invoice reference: month of the invoice and its number, e.g. `2026-11/000123`. */
export function invoiceReference(month: string, invoiceId: number): string {
  return `${month}/${String(invoiceId).padStart(6, '0')}`;
}

export function paymentLink(reference: string): string {
  return PAYMENT_SITE + reference;
}

/**
 * The 47-digit line of a bank slip, grouped as printed:
 * `23790.00108 90000.000001 01000.123404 2 15130000009990`.
 */
export function digitableLine(invoiceId: number, dueDay: number, amountCents: number): string {
  const free = AGENCY + WALLET + String(invoiceId).padStart(11, '0') + ACCOUNT + '0';
  const tail = dueFactor(dueDay) + String(amountCents).padStart(10, '0');
  const check = modulo11(BANK + '9' + tail + free);
  const fields = [
    withModulo10(BANK + '9' + free.slice(0, 5)),
    withModulo10(free.slice(5, 15)),
    withModulo10(free.slice(15, 25)),
  ];
  const grouped = fields.map((field) => `${field.slice(0, 5)}.${field.slice(5)}`);
  return [...grouped, String(check), tail].join(' ');
}

/** Days since 1997-10-07; the count restarted at 1000 on 2025-02-22 after reaching 9999. */
function dueFactor(day: number): string {
  const days = day - FACTOR_BASE;
  return String(days < 1000 ? days : ((days - 1000) % 9000) + 1000).padStart(4, '0');
}

function withModulo10(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, weight = 2; i >= 0; i -= 1, weight = 3 - weight) {
    const product = (digits.charCodeAt(i) - 48) * weight;
    sum += product > 9 ? product - 9 : product;
  }
  return digits + ((10 - (sum % 10)) % 10);
}

function modulo11(digits: string): number {
  let sum = 0;
  for (
    let i = digits.length - 1, weight = 2;
    i >= 0;
    i -= 1, weight = weight === 9 ? 2 : weight + 1
  ) {
    sum += (digits.charCodeAt(i) - 48) * weight;
  }
  const check = 11 - (sum % 11);
  return check === 0 || check === 10 || check === 11 ? 1 : check;
}

/** EMV fields up to the transaction id, per amount: only four plan prices occur. */
const pixHeads = new Map<number, { text: string; crc: number }>();

/** A PIX copy-and-paste code (EMV "BR Code") for an amount, with the reference as its txid. */
export function pixCode(reference: string, amountCents: number): string {
  let head = pixHeads.get(amountCents);
  if (!head) {
    const account = emv('00', 'br.gov.bcb.pix') + emv('01', PIX_KEY);
    const text =
      emv('00', '01') +
      emv('26', account) +
      emv('52', '0000') +
      emv('53', '986') +
      emv('54', (amountCents / 100).toFixed(2)) +
      emv('58', 'BR') +
      emv('59', PIX_MERCHANT) +
      emv('60', PIX_CITY);
    head = { text, crc: crc16(text, 0xffff) };
    pixHeads.set(amountCents, head);
  }
  // The txid keeps the reference's digits only: `2026-11/000123` → `202611000123`.
  const txid = reference.slice(0, 4) + reference.slice(5, 7) + reference.slice(8);
  const tail = emv('62', emv('05', txid)) + '6304';
  const crc = crc16(tail, head.crc);
  return head.text + tail + crc.toString(16).toUpperCase().padStart(4, '0');
}

function emv(id: string, value: string): string {
  return id + String(value.length).padStart(2, '0') + value;
}

const CRC_TABLE = Uint16Array.from({ length: 256 }, (_, byte) => {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
  return crc & 0xffff;
});

/** CRC-16/CCITT-FALSE, the checksum that closes a BR Code; the text is ASCII. */
function crc16(text: string, initial: number): number {
  let crc = initial;
  for (let i = 0; i < text.length; i += 1) {
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >> 8) ^ text.charCodeAt(i)) & 0xff] as number)) & 0xffff;
  }
  return crc;
}
