import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WorkerMetrics } from './worker.js';

/**
 * Prometheus metrics of the sending engine: queue depth by status and channel (read from
 * the table when scraped), and sent and failed counters and send latency per channel.
 */
export class QueueMetrics implements WorkerMetrics {
  readonly registry = new Registry();
  readonly #sent: Counter<'channel'>;
  readonly #failed: Counter<'channel' | 'kind'>;
  readonly #latency: Histogram<'channel'>;

  constructor(deps: { db: Knex }) {
    const registers = [this.registry];
    this.#sent = new Counter({
      name: 'recado_deliveries_sent_total',
      help: 'Deliveries a channel accepted.',
      labelNames: ['channel'],
      registers,
    });
    this.#failed = new Counter({
      name: 'recado_deliveries_failed_total',
      help: 'Send attempts that failed, by kind of failure (transient, permanent, unknown).',
      labelNames: ['channel', 'kind'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'recado_send_duration_seconds',
      help: 'Time a channel took to answer one send.',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    new Gauge({
      name: 'recado_queue_depth',
      help: 'Deliveries in the queue table by status and channel.',
      labelNames: ['status', 'channel'],
      registers,
      async collect() {
        const rows = (await deps
          .db('recado_deliveries')
          .select('status', 'channel')
          .count({ n: '*' })
          .groupBy('status', 'channel')) as {
          status: string;
          channel: string;
          n: number | string;
        }[];
        this.reset();
        for (const row of rows)
          this.set({ status: row.status, channel: row.channel }, Number(row.n));
      },
    });
  }

  recordSend(channel: string, status: string, seconds: number): void {
    this.#latency.observe({ channel }, seconds);
    if (status === 'sent') this.#sent.inc({ channel });
    else this.#failed.inc({ channel, kind: status });
  }
}
