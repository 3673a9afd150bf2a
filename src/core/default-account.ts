import type { Knex } from 'knex';

/*
 * The accounts of a channel (SMTP accounts, SMS gateways) mark one default in `is_default`,
 * true or null (never false, so that a unique index allows one). The default sends what
 * names no account, Cobrança's notices among them.
 */

/**
 * The account that sends what names none, first row of this query: the default while it is
 * enabled; when the operator switched it off, the enabled account with the lowest id, so
 * that messages keep going out through an account the operator still uses.
 */
export function sendingAccountQuery(db: Knex, table: string): Knex.QueryBuilder {
  return db(table)
    .where({ enabled: true })
    .orderByRaw('case when is_default then 0 else 1 end')
    .orderBy('id');
}

/**
 * Once the default is deleted, the enabled account with the lowest id (or, with none
 * enabled, the lowest id) becomes the default, so that there still is one.
 */
export async function handDefaultOn(trx: Knex.Transaction, table: string): Promise<void> {
  const next =
    ((await trx(table).where({ enabled: true }).orderBy('id').first('id')) as
      { id: number } | undefined) ??
    ((await trx(table).orderBy('id').first('id')) as { id: number } | undefined);
  if (next) await trx(table).where({ id: next.id }).update({ is_default: true });
}
