import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import pino from 'pino';
import { SmsGateways } from '../../src/apps/sms/gateways.js';
import { smsApp } from '../../src/apps/sms/index.js';
import { loadManifest } from '../../src/core/manifest.js';
import { resolveMapping } from '../../src/core/mapping.js';
import { RecadoServices } from '../../src/core/services.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { enqueueAudience } from '../../src/queue/enqueue-audience.js';
import { BENCH_NOW, openBenchDatabase, out, prepareBenchData } from './lib/bench-database.js';
import { twoUpdatesPerRow } from './lib/database-floor.js';
import { CpuMeter, databaseServerPid } from './lib/process-cpu.js';
import { sendRaw, type SentSms } from './lib/sms-raw.js';

/**
 * `npm run bench -- sms`: 50,000 messages through the whole path (queue → compose → SMS
 * channel → Zenvia adapter on the channel's keep-alive pool) to a local Zenvia-shaped
 * gateway in a child process, then the same messages as bare undici requests on a pool of
 * the same size to the same server.
 *
 * `BENCH_GATEWAY_LATENCY_MS` makes the gateway wait that long before each answer, as a real
 * one across the internet does; `BENCH_MESSAGES` and `BENCH_BATCH` change the run's size.
 */
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 60_000);
/** The SMS channel's connections per origin (HttpClient's default) and the worker's lanes. */
const CONNECTIONS = 32;
/** Rows per claim. */
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const SOURCE = 'bench-sms';
const HERE = dirname(fileURLToPath(import.meta.url));

async function startGateway(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(HERE, 'lib', 'sms-gateway-server.ts'), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
  });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  return { child, port };
}

async function received(gateway: ChildProcess): Promise<number> {
  const answer = once(gateway, 'message') as Promise<[{ received: number }]>;
  gateway.send({ count: true });
  return (await answer)[0].received;
}

function benchServices(db: Knex): RecadoServices {
  return new RecadoServices({
    db,
    logger: pino({ level: 'warn' }),
    mapping: resolveMapping(loadManifest(join(PLUGIN_ROOT, 'plugin.json'))),
    secret: 'bench-secret-0123456789-0123456789-01',
    timeZone: 'America/Sao_Paulo',
    publicUrl: 'http://127.0.0.1:3000',
    now: () => BENCH_NOW,
    worker: { batchSize: BATCH, concurrency: CONNECTIONS },
  });
}

/** A Zenvia gateway pointing at the local server, and an SMS template; returns their ids. */
async function setUp(db: Knex, services: RecadoServices, port: number) {
  await db('recado_deliveries').where('source_id', SOURCE).delete();
  await db('recado_sms_gateways').where('name', 'bench gateway').delete();
  await db('recado_templates').where({ channel: 'sms', name: 'bench' }).delete();
  const gateways = new SmsGateways({ db, vault: services.vault });
  const gateway = await gateways.create({
    type: 'zenvia',
    name: 'bench gateway',
    config: { baseUrl: `http://127.0.0.1:${port}`, from: 'bench' },
    secrets: { token: 'bench-token' },
  });
  const stamp = '2026-12-01 00:00:00';
  const [templateId] = await db('recado_templates').insert({
    channel: 'sms',
    name: 'bench',
    subject: null,
    body: 'Fibra Rapida: {{ customer.first_name }}, sua fatura do plano {{ customer.plan }} vence em breve.',
    created_at: stamp,
    updated_at: stamp,
  });
  return { gatewayId: gateway.id, templateId: Number(templateId) };
}

async function enqueue(db: Knex, gatewayId: number, templateId: number): Promise<number> {
  const enqueued = await enqueueAudience(db, {
    dedupePrefix: 'bench:sms:',
    channel: 'sms',
    accountId: gatewayId,
    source: 'test',
    sourceId: SOURCE,
    campaignId: null,
    kind: 'transactional',
    templateId,
    runAt: BENCH_NOW,
    idRange: { min: 1, max: CUSTOMERS },
    chunkSize: CUSTOMERS,
    select: ({ from, to }) =>
      db('customers')
        .select({ customer_id: 'id', recipient: 'mobile' })
        .whereNotNull('mobile')
        .where('status', '<>', 'cancelled')
        .whereBetween('id', [from, to])
        .limit(MESSAGES),
  });
  return Math.min(enqueued, MESSAGES);
}

async function drainAll(services: RecadoServices, total: number): Promise<number> {
  const worker = services.createWorker();
  const started = performance.now();
  let claimedAll = 0;
  while (claimedAll < total) {
    const claimed = await worker.drain();
    if (claimed === 0) break;
    claimedAll += claimed;
  }
  return (performance.now() - started) / 1000;
}

export async function run(): Promise<void> {
  // A database of its own: the queue is drained whole, so no other benchmark's rows mix in.
  const db = await openBenchDatabase(
    { min: 1, max: 4 },
    'mysql://root@127.0.0.1:3306/recado_bench_sms',
  );
  const gateway = await startGateway();
  try {
    await prepareBenchData(db, { customers: CUSTOMERS, invoicesPerCustomer: 1 });
    const services = benchServices(db);
    smsApp.channels?.(services);
    const { gatewayId, templateId } = await setUp(db, services, gateway.port);
    const total = await enqueue(db, gatewayId, templateId);

    const meter = new CpuMeter({
      bench: process.pid,
      database: databaseServerPid(),
      gateway: gateway.child.pid,
    });
    const before = await received(gateway.child);
    const fullCpu = meter.read();
    const fullSeconds = await drainAll(services, total);
    const fullCpuPerMessage = meter.perItem(fullCpu, total);
    const fullReceived = (await received(gateway.child)) - before;
    for (const channel of services.channels.values()) await channel.close?.();
    const statuses = await db('recado_deliveries')
      .where('source_id', SOURCE)
      .groupBy('status')
      .select('status', db.raw('count(*) as n'));
    const rows = (await db('recado_deliveries')
      .where({ source_id: SOURCE, status: 'sent' })
      .select('id', 'recipient', 'sent_body')) as SentSms[];

    const rawCpu = meter.read();
    const raw = await sendRaw(gateway.port, rows, CONNECTIONS);
    const rawCpuPerMessage = meter.perItem(rawCpu, raw.accepted);

    const fullPerSecond = Math.round(fullReceived / fullSeconds);
    const rawPerSecond = Math.round(raw.accepted / raw.seconds);
    out(`queued: ${total}; by status: ${JSON.stringify(statuses)}`);
    out(`full path: ${fullReceived} messages in ${fullSeconds.toFixed(1)} s (${fullPerSecond}/s)`);
    out(
      `bare undici pool: ${raw.accepted} messages in ${raw.seconds.toFixed(1)} s (${rawPerSecond}/s)`,
    );
    // Where the CPU went: both sides share this machine's cores with the gateway (and, for
    // the full path, with the database server writing the queue), so this bounds the ratio.
    out(`CPU µs per message, full path: ${JSON.stringify(fullCpuPerMessage)}`);
    out(`CPU µs per message, bare undici: ${JSON.stringify(rawCpuPerMessage)}`);
    await db('recado_deliveries').where('source_id', SOURCE).delete();
    // What a ratio of 0.8 leaves for the full path when the cores are the limit: the bare
    // path's CPU per message over 0.8, less the bare path's own; set beside what the
    // database alone needs to claim and record a message on this machine.
    const floor = await twoUpdatesPerRow(db, total, BATCH);
    const rawTotal = Object.values(rawCpuPerMessage).reduce((sum, micros) => sum + micros, 0);
    if (floor !== undefined && rawTotal > 0) {
      const budget = Math.round(rawTotal / 0.8 - rawTotal);
      out(
        `a ratio of 0.8 leaves ${budget} µs of CPU per message for all the full path adds; ` +
          `two bare UPDATEs per row (claim, outcome) cost the database ${floor} µs`,
      );
    }
    out(
      JSON.stringify({
        bench: 'sms',
        messages: total,
        full_per_s: fullPerSecond,
        raw_per_s: rawPerSecond,
        ratio: Number((fullPerSecond / rawPerSecond).toFixed(2)),
      }),
    );
  } finally {
    gateway.child.send({ stop: true });
    await db.destroy();
  }
}
