import type { Knex } from 'knex';
import type { AudienceSource } from '../campaigns/types.js';
import type { ChannelName } from '../queue/types.js';
import { CUSTOMER_ALIAS, type FilterEngine } from './filters/index.js';
import { columnOf, type HostMapping } from './mapping.js';

/** A campaign's audience from the filter engine, with the address of its channel. */
export class FilterAudience implements AudienceSource {
  readonly #db: Knex;
  readonly #mapping: HostMapping;
  readonly #filters: FilterEngine;

  constructor(deps: { db: Knex; mapping: HostMapping; filters: FilterEngine }) {
    this.#db = deps.db;
    this.#mapping = deps.mapping;
    this.#filters = deps.filters;
  }

  async idRange(): Promise<{ min: number; max: number } | undefined> {
    const id = columnOf(this.#mapping.customers, 'id');
    const row = (await this.#db(this.#mapping.customers.table)
      .min({ min: id })
      .max({ max: id })
      .first()) as { min: number | null; max: number | null } | undefined;
    return row?.min == null || row.max == null
      ? undefined
      : { min: Number(row.min), max: Number(row.max) };
  }

  select(
    filter: unknown,
    channel: ChannelName,
    range: { from: number; to: number },
  ): Knex.QueryBuilder {
    const column = (logical: string) =>
      `${CUSTOMER_ALIAS}.${columnOf(this.#mapping.customers, logical)}`;
    return this.#filters
      .query(filter)
      .select({
        customer_id: column('id'),
        recipient: column(channel === 'email' ? 'email' : 'mobile'),
      })
      .whereBetween(column('id'), [range.from, range.to]);
  }
}
