/**
 * A worker process for the reliability tests: the real `Worker` driven by the real
 * `Scheduler`, with a channel that posts every message to the test's sink and only then
 * answers "accepted". Configured by environment (see `WorkerChildOptions`); speaks to its
 * parent over IPC: it says `ready` once connected, starts on `go`, and on `stop` shuts down
 * gracefully and says `stopped`.
 */
import { Agent, request } from 'node:http';
import pino from 'pino';
import type { Channel, OutgoingMessage, SendResult } from '../../src/channels/channel.js';
import { checkConnection, openDatabase, parseDatabaseUrl } from '../../src/lib/database.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { Worker } from '../../src/scheduler/worker.js';
import { PlainComposer } from '../queue/helpers.js';
import type { ChildMessage, ParentMessage } from './worker-child.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`worker-process: ${name} is not set`);
  return value;
};

/** The customer is the sink; a send counts as delivered once the sink has recorded it. */
class SinkChannel implements Channel {
  readonly name = 'sms';
  readonly idempotent: boolean;
  readonly #url: string;
  readonly #worker: string;
  readonly #agent = new Agent({ keepAlive: true });

  constructor(options: { url: string; worker: string; idempotent: boolean }) {
    this.#url = options.url;
    this.#worker = options.worker;
    this.idempotent = options.idempotent;
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const body = JSON.stringify({ deliveryId: message.deliveryId, worker: this.#worker });
    try {
      const status = await this.#post(body);
      if (status === 200)
        return { status: 'accepted', providerId: `${this.#worker}:${message.deliveryId}` };
      return {
        status: 'failed',
        kind: 'transient',
        code: `HTTP_${status}`,
        reason: 'the sink refused the message',
      };
    } catch (error) {
      // The request may have reached the sink before the connection failed.
      return { status: 'failed', kind: 'unknown', code: 'SINK_UNREACHABLE', reason: String(error) };
    }
  }

  async close(): Promise<void> {
    this.#agent.destroy();
  }

  // node:http with a keep-alive agent rather than fetch: for these small local POSTs fetch
  // measured about five times slower here, which would stretch every drain past the budget.
  #post(body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const headers = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      const outgoing = request(
        this.#url,
        { method: 'POST', agent: this.#agent, headers },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

const name = env('RELIABILITY_WORKER');
const logger = pino({ level: process.env.RELIABILITY_LOG_LEVEL ?? 'warn' });
const db = openDatabase(parseDatabaseUrl(env('DATABASE_URL')), { pool: { min: 0, max: 4 } });
const channel = new SinkChannel({
  url: env('RELIABILITY_SINK_URL'),
  worker: name,
  idempotent: process.env.RELIABILITY_IDEMPOTENT === '1',
});
const channels = new Map([['sms', channel]]);
const worker = new Worker({
  db,
  logger,
  channels,
  composer: new PlainComposer(),
  timeZone: 'America/Sao_Paulo',
  settings: {
    workerId: name,
    batchSize: Number(env('RELIABILITY_BATCH')),
    leaseMs: Number(env('RELIABILITY_LEASE_MS')),
    concurrency: 8,
  },
});
const scheduler = new Scheduler({ worker, jobs: [], channels, logger });

// An orphaned worker would keep draining the next test's queue: go when the parent goes.
process.on('disconnect', () => process.exit(1));
process.on('message', (message: ParentMessage) => {
  if (message.type === 'go') scheduler.start();
  if (message.type === 'stop') void stop();
});

async function stop(): Promise<void> {
  await scheduler.stop();
  await db.destroy();
  process.send?.({ type: 'stopped' } satisfies ChildMessage, () => process.exit(0));
}

await checkConnection(db);
process.send?.({ type: 'ready' } satisfies ChildMessage);
