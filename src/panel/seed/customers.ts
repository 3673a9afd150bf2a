import { dateText, dateTimeAt, dayOfMonth, partsOf, type SeedClock } from './calendar.js';
import {
  CITIES,
  DUE_DAYS,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  NAME_PARTICLES,
  PLANS,
  type Plan,
} from './catalog.js';
import type { Random } from './random.js';

export type CustomerStatus = 'active' | 'blocked' | 'cancelled';

/** How a customer pays, which decides the statuses of their invoices. */
export type Payer = 'punctual' | 'late' | 'debtor';

/** A row of the host's `customers` table. */
export interface CustomerRow {
  /** Consecutive from 1, written explicitly. */
  readonly id: number;
  readonly name: string;
  /** At example.com, example.net or example.org only; null for about one in eight. */
  readonly email: string | null;
  /** Digits with country code: 55 + DDD + 9 + eight digits. */
  readonly mobile: string | null;
  readonly status: CustomerStatus;
  /** Plan name, e.g. `300 Mega`. */
  readonly plan: string;
  readonly city: string;
  /** Two-letter state code. */
  readonly state: string;
  readonly neighbourhood: string;
  /** Day of the month the invoices fall due: 5, 10, 15, 20 or 25. */
  readonly due_day: number;
  /** `YYYY-MM-DD`, or null when the provider never asked. */
  readonly birth_date: string | null;
  /** UTC, `YYYY-MM-DD HH:MM:SS`. */
  readonly created_at: string;
}

/** A customer with what the invoice builder needs to know about them. */
export interface SeedCustomer {
  readonly row: CustomerRow;
  /** The plan, whose price is the amount of every invoice. */
  readonly plan: Plan;
  readonly payer: Payer;
  /**
   * Days from today to which the due date of one invoice is moved and left open: -90 makes
   * an invoice overdue by exactly 90 days, 0 one due today. Undefined for most customers.
   */
  readonly target?: number;
}

const STATUSES = [
  { status: 'active', weight: 85 },
  { status: 'blocked', weight: 8 },
  { status: 'cancelled', weight: 7 },
] as const;

const PAYERS = [
  { payer: 'punctual', weight: 65 },
  { payer: 'late', weight: 25 },
  { payer: 'debtor', weight: 10 },
] as const;

/**
 * Showcase customers, spread over the first ids so that any data set of a couple of hundred
 * customers or more holds an invoice due on each of these days (negative: overdue).
 */
const SHOWCASE_TARGETS = [
  -1, -2, -3, -10, -15, -16, -30, -31, -45, -60, -61, -90, 0, 1, 2, 3, 4, 5,
];
const SHOWCASE_FIRST = 7;
const SHOWCASE_STEP = 11;
/** Ids of customers whose birthday is today, and of others whose birthday falls this month. */
const BIRTHDAY_TODAY = new Set([3, 59, 132]);
const BIRTHDAY_THIS_MONTH = new Set([20, 97, 171, 223]);

/** Draws customer `id`; `firstIssueDay` is when their oldest invoice was issued. */
export function drawCustomer(
  id: number,
  random: Random,
  clock: SeedClock,
  due: { dueDay: number; firstIssueDay: number },
): SeedCustomer {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const name = `${first}${middleName(random)} ${last}`;
  const city = random.weighted(CITIES);
  const plan = random.weighted(PLANS);
  const mobile = random.chance(0.07)
    ? null
    : `55${city.ddd}9${random.int(6, 9)}${random.digits(7)}`;
  const email = random.chance(0.12) ? null : emailOf(first, last, random);
  const target = showcaseTarget(id) ?? (random.chance(0.04) ? random.int(-90, 5) : undefined);
  let status: CustomerStatus = random.weighted(STATUSES).status;
  if (target !== undefined) status = target < -30 ? 'blocked' : 'active';
  const createdDay = due.firstIssueDay - random.int(10, 2500);

  return {
    row: {
      id,
      name,
      email,
      mobile,
      status,
      plan: plan.name,
      city: city.name,
      state: city.state,
      neighbourhood: random.pick(city.neighbourhoods),
      due_day: due.dueDay,
      birth_date: birthDate(id, random, clock.today),
      created_at: dateTimeAt(createdDay, random.int(11 * 3600, 23 * 3600)),
    },
    plan,
    payer: random.weighted(PAYERS).payer,
    target: status === 'cancelled' ? undefined : target,
  };
}

/** Draws the due day before the rest, since the invoice calendar follows from it. */
export function drawDueDay(random: Random): number {
  return random.pick(DUE_DAYS);
}

function showcaseTarget(id: number): number | undefined {
  const step = (id - SHOWCASE_FIRST) / SHOWCASE_STEP;
  return Number.isInteger(step) && step >= 0 ? SHOWCASE_TARGETS[step] : undefined;
}

/** A second surname for about half of the customers, sometimes after a particle. */
function middleName(random: Random): string {
  if (random.chance(0.5)) return '';
  const particle = random.chance(0.3) ? ` ${random.pick(NAME_PARTICLES)}` : '';
  return `${particle} ${random.pick(LAST_NAMES)}`;
}

function emailOf(first: string, last: string, random: Random): string {
  const suffix = random.chance(0.6) ? String(random.int(1, 999)) : '';
  return `${mailbox(first)}.${mailbox(last)}${suffix}@${random.pick(EMAIL_DOMAINS)}`;
}

/** `João Pedro` → `joaopedro`: accents and spaces dropped, as people write their addresses. */
function mailbox(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** A birth date; a few showcase customers have their birthday today or this month. */
function birthDate(id: number, random: Random, today: number): string | null {
  const { year, month, date } = partsOf(today);
  if (BIRTHDAY_TODAY.has(id)) return dateOfBirth(bornIn(random, month, date), month, date);
  if (BIRTHDAY_THIS_MONTH.has(id)) {
    const day = random.int(1, 28);
    return dateOfBirth(random.int(year - 75, year - 18), month, day);
  }
  if (random.chance(0.06)) return null;
  return dateText(today - random.int(18 * 365, 80 * 365));
}

/** A year of birth in which the day exists: only leap years have a 29 February. */
function bornIn(random: Random, month: number, date: number): number {
  const year = random.int(1950, 2004);
  return month === 1 && date === 29 ? year - (year % 4) : year;
}

function dateOfBirth(year: number, month: number, date: number): string {
  return dateText(dayOfMonth(year, month, date));
}
