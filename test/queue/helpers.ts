import { join } from 'node:path';
import type { Knex } from 'knex';
import { PLUGIN_ROOT } from '../../src/index.js';
import { migrateLatest } from '../../src/lib/migrations.js';
import type { Composer, Composition } from '../../src/scheduler/composer.js';
import type { Delivery, NewDelivery } from '../../src/queue/types.js';

export async function migratePlugin(db: Knex): Promise<void> {
  await migrateLatest(db, {
    directory: join(PLUGIN_ROOT, 'migrations'),
    tableName: 'recado_migrations',
  });
}

/** A composer that sends every delivery to its stored recipient with a fixed text. */
export class PlainComposer implements Composer {
  async compose(deliveries: readonly Delivery[]): Promise<Map<number, Composition>> {
    return new Map(
      deliveries.map((delivery) => [
        delivery.id,
        {
          action: 'send',
          message: {
            deliveryId: delivery.id,
            accountId: delivery.accountId,
            to: delivery.recipient ?? '',
            text: `message ${delivery.dedupeKey}`,
            kind: delivery.kind,
          },
        },
      ]),
    );
  }
}

export function newDeliveries(count: number, overrides: Partial<NewDelivery> = {}): NewDelivery[] {
  return Array.from({ length: count }, (_, index) => ({
    dedupeKey: `test:${overrides.kind ?? 'marketing'}:${index}`,
    channel: 'sms',
    source: 'test',
    kind: 'marketing',
    recipient: `55119${String(index).padStart(8, '0')}`,
    ...overrides,
  }));
}
