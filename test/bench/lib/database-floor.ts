import type { Knex } from 'knex';
import { CpuMeter, databaseServerPid } from './process-cpu.js';

/**
 * The least a durable queue asks of the database per message: the claim and the outcome,
 * each one UPDATE by primary key in batches, here on a scratch table with a single
 * secondary index (the real queue has more). Returns the database server's CPU per row in
 * microseconds, or undefined when its process cannot be read.
 */
export async function twoUpdatesPerRow(
  db: Knex,
  rows: number,
  batch: number,
): Promise<number | undefined> {
  const table = 'recado_bench_floor';
  await db.schema.dropTableIfExists(table);
  await db.schema.createTable(table, (t) => {
    t.increments('id');
    t.string('status', 8).notNullable();
    t.string('locked_by', 64);
    t.text('body');
    t.index(['status', 'id']);
  });
  try {
    for (let from = 0; from < rows; from += 5_000) {
      const chunk = Math.min(5_000, rows - from);
      await db(table).insert(Array.from({ length: chunk }, () => ({ status: 'queued' })));
    }
    const meter = new CpuMeter({ database: databaseServerPid() });
    const before = meter.read();
    for (let first = 1; first <= rows; first += batch) {
      const ids = Array.from({ length: Math.min(batch, rows - first + 1) }, (_, k) => first + k);
      await db(table).whereIn('id', ids).update({ status: 'sending', locked_by: 'bench' });
      await db(table).whereIn('id', ids).update({
        status: 'sent',
        locked_by: null,
        body: 'Fibra Rapida: sua fatura vence em breve.',
      });
    }
    return meter.perItem(before, rows).database;
  } finally {
    await db.schema.dropTableIfExists(table);
  }
}
