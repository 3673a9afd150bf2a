import type { Knex } from 'knex';
import { clip } from '../../channels/sms/results.js';
import { toSqlTime } from '../../lib/time.js';

/** What a delivery report says of the handset: it got the message, or it never will. */
export type DlrStatus = 'delivered' | 'not_delivered';

/** One report for one delivery. */
export interface DeliveryReport {
  readonly status: DlrStatus;
  /** When the gateway saw it happen (or when we learned it, when the gateway gives no time). */
  readonly at: Date;
  /** The gateway's words, cut to 255 characters. */
  readonly detail: string;
}

/** How a report names its message: the gateway's id, and our delivery id when it echoes it. */
export interface ReportKey {
  readonly providerId?: string;
  readonly externalId?: string;
}

/**
 * The SMS delivery a report is about. The gateway's id is tried first (through the
 * (channel, provider_id) index); our own id, echoed by Zenvia as `externalId`, covers a
 * report that arrives before the worker wrote the provider id. A row whose stored provider
 * id differs from the report's is not taken: the report is about another message.
 */
export async function findReportedDelivery(db: Knex, key: ReportKey): Promise<number | undefined> {
  if (key.providerId) {
    const row = (await db('recado_deliveries')
      .where({ channel: 'sms', provider_id: key.providerId })
      .first('id')) as { id: number | string } | undefined;
    if (row) return Number(row.id);
  }
  if (!key.externalId || !/^\d{1,15}$/.test(key.externalId)) return undefined;
  const row = (await db('recado_deliveries')
    .where({ channel: 'sms', id: Number(key.externalId) })
    .first('id', 'provider_id')) as { id: number | string; provider_id: string | null } | undefined;
  if (!row) return undefined;
  if (row.provider_id !== null && key.providerId && row.provider_id !== key.providerId)
    return undefined;
  return Number(row.id);
}

/**
 * Writes a report onto its delivery row. A report older than the one already recorded
 * (gateways retry and reorder) does not replace it. Returns whether the row changed.
 */
export async function recordReport(
  db: Knex,
  deliveryId: number,
  report: DeliveryReport,
): Promise<boolean> {
  const at = toSqlTime(report.at);
  const changed = await db('recado_deliveries')
    .where({ id: deliveryId, channel: 'sms' })
    .where((query) => {
      query.whereNull('dlr_at').orWhere('dlr_at', '<=', at);
    })
    .update({ dlr_status: report.status, dlr_at: at, dlr_detail: clip(report.detail, 255) });
  return changed > 0;
}
