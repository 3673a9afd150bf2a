import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { CredentialVault } from '../../../src/core/vault.js';
import { enqueueDeliveries } from '../../../src/queue/enqueue-deliveries.js';
import { toSqlTime } from '../../../src/lib/time.js';
import { newDeliveries } from '../../queue/helpers.js';

export const newVault = () => new CredentialVault([{ id: 't1', key: randomBytes(32) }]);

/** Deliveries already sent through a gateway, with their provider ids; returns their ids. */
export async function sentDeliveries(
  db: Knex,
  rows: readonly {
    providerId: string | null;
    accountId: number | null;
    sentAt: Date;
    key: string;
  }[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) {
    const [delivery] = newDeliveries(1, { dedupeKey: `sms-test:${row.key}` });
    await enqueueDeliveries(db, [{ ...delivery!, dedupeKey: `sms-test:${row.key}` }], row.sentAt);
    const stored = (await db('recado_deliveries')
      .where({ dedupe_key: `sms-test:${row.key}` })
      .first('id')) as {
      id: number | string;
    };
    await db('recado_deliveries')
      .where({ id: stored.id })
      .update({
        status: 'sent',
        provider_id: row.providerId,
        account_id: row.accountId,
        sent_at: toSqlTime(row.sentAt),
      });
    ids.push(Number(stored.id));
  }
  return ids;
}
