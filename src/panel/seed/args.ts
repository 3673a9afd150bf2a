import { checkCounts, SeedError } from './large.js';

/** The command line of `npm run seed`, read. */
export interface SeedArgs {
  /** `--customers`; required unless `help`. */
  readonly customers: number;
  /** `--invoices-per-customer`. Default 6. */
  readonly invoicesPerCustomer: number;
  /** `--reset`: empty the tables first. Default false. */
  readonly reset: boolean;
  /** `--help` or `-h`: print the usage and nothing else. */
  readonly help: boolean;
}

export const USAGE =
  'usage: npm run seed -- --customers <count> [--invoices-per-customer <count>] [--reset]';

const COUNT = /^\d+$/;

/**
 * Reads `--customers N`, `--invoices-per-customer N` (also as `--flag=N`), `--reset` and
 * `--help`. Anything else, a missing or repeated value, or a count that is not a whole
 * number in range throws a {@link SeedError} whose message names the culprit.
 */
export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  const values = new Map<string, string>();
  let reset = false;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg, undefined];
    if (flag === '--reset' && inline === undefined) reset = true;
    else if ((flag === '--help' || flag === '-h') && inline === undefined) help = true;
    else if (flag === '--customers' || flag === '--invoices-per-customer') {
      const value = inline ?? argv[(i += 1)];
      if (value === undefined || value === '') throw new SeedError(`${flag} needs a count`);
      if (values.has(flag)) throw new SeedError(`${flag} is given twice`);
      values.set(flag, value);
    } else throw new SeedError(`unknown argument "${arg}"`);
  }
  if (help) return { customers: 0, invoicesPerCustomer: 0, reset, help };

  const customers = countOf('--customers', values.get('--customers'));
  const invoicesPerCustomer = countOf(
    '--invoices-per-customer',
    values.get('--invoices-per-customer') ?? '6',
  );
  checkCounts(customers, invoicesPerCustomer);
  return { customers, invoicesPerCustomer, reset, help };
}

function countOf(flag: string, value: string | undefined): number {
  if (value === undefined) throw new SeedError(`${flag} is required`);
  if (!COUNT.test(value)) throw new SeedError(`${flag} must be a whole number, not "${value}"`);
  return Number(value);
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}
