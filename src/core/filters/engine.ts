import type { Knex } from 'knex';
import { DEFAULT_TIME_ZONE } from '../../lib/time.js';
import type { HostMapping } from '../mapping.js';
import { compileFilter } from './compile.js';
import { inspectHostColumns, NO_HINTS, type FilterHints } from './host-columns.js';
import { countMatches, pageMatches, type FilterPage, type PageOptions } from './run.js';
import type { CompileOptions, FilterTree } from './types.js';
import { validateFilter } from './validate.js';

/** What the engine is built from. */
export interface FilterEngineDeps {
  readonly db: Knex;
  readonly mapping: HostMapping;
  /** The provider's IANA time zone. Default America/Sao_Paulo. */
  readonly timeZone?: string;
  /** The clock; default the system clock. Tests pass a fixed instant. */
  readonly now?: () => Date;
}

/**
 * The filter engine bound to one database, mapping and clock: what a route or a campaign
 * uses. Every method takes untrusted JSON and validates it first: invalid input throws
 * `RECADO_FILTER_INVALID` (400, details `{ path, reason, … }`) before any SQL is sent.
 */
export class FilterEngine {
  readonly #deps: FilterEngineDeps;
  #hints: Promise<FilterHints> | undefined;
  #loaded: FilterHints = NO_HINTS;

  constructor(deps: FilterEngineDeps) {
    this.#deps = deps;
  }

  /** The input as a filter tree, or a `RECADO_FILTER_INVALID` error. */
  validate(input: unknown): FilterTree {
    return validateFilter(input);
  }

  /**
   * Reads the host columns' collations once (see `inspectHostColumns`) so that text
   * conditions can use their indexes. `count` and `page` call it; call it before `query`.
   * Hints only make queries faster, so a failed read gives none and is tried again later.
   */
  prepare(): Promise<FilterHints> {
    this.#hints ??= inspectHostColumns(this.#deps.db, this.#deps.mapping).then(
      (hints) => {
        this.#loaded = hints;
        return hints;
      },
      () => {
        this.#hints = undefined;
        return NO_HINTS;
      },
    );
    return this.#hints;
  }

  /**
   * The compiled query over the customers (alias `recado_c`), nothing selected yet: for an
   * `INSERT … SELECT`. Uses the hints `prepare` loaded, if it ran.
   */
  query(input: unknown): Knex.QueryBuilder {
    return compileFilter(this.#deps.db, this.#deps.mapping, input, this.#options(this.#loaded));
  }

  /** How many customers match. */
  async count(input: unknown): Promise<number> {
    const tree = validateFilter(input);
    const hints = await this.prepare();
    return countMatches(this.#deps.db, this.#deps.mapping, tree, this.#options(hints));
  }

  /** A page of matches in id order, each with why it matched. */
  async page(input: unknown, options: PageOptions = {}): Promise<FilterPage> {
    const tree = validateFilter(input);
    const hints = await this.prepare();
    const { db, mapping } = this.#deps;
    return pageMatches(db, mapping, tree, { ...this.#options(hints), ...options });
  }

  #options(hints: FilterHints): CompileOptions {
    const now = this.#deps.now?.() ?? new Date();
    return { now, timeZone: this.#deps.timeZone ?? DEFAULT_TIME_ZONE, hints };
  }
}
