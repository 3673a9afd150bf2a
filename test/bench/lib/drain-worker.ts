import pino from 'pino';
import { RecordingChannel } from '../../../src/channels/recording-channel.js';
import { Worker } from '../../../src/scheduler/worker.js';
import { PlainComposer } from '../../queue/helpers.js';
import { openBenchDatabase } from './bench-database.js';

/**
 * A worker process for the drain benchmark: a no-op channel and a composer that reads
 * nothing, so what is measured is the queue itself (claim, outcome write), drained as the
 * scheduler drains it (`drain`, claims overlapping writes). Waits for "go", drains until
 * nothing is due, reports how many it processed.
 */
const db = await openBenchDatabase({ min: 1, max: 2 });
const worker = new Worker({
  db,
  logger: pino({ level: 'silent' }),
  channels: new Map([['sms', new RecordingChannel({ name: 'sms', keep: false })]]),
  composer: new PlainComposer(),
  timeZone: 'America/Sao_Paulo',
  settings: { batchSize: Number(process.env.BENCH_BATCH ?? 1000), concurrency: 64 },
});

process.send?.({ ready: true });
process.once('message', async () => {
  let processed = 0;
  let idle = 0;
  while (idle < 2) {
    const claimed = await worker.drain();
    processed += claimed;
    idle = claimed === 0 ? idle + 1 : 0;
  }
  process.send?.({ processed });
  await db.destroy();
  process.exit(0);
});
