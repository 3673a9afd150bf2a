import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { SmtpAccountStore } from '../../src/apps/email/accounts.js';
import { createEmailChannel } from '../../src/apps/email/email-channel.js';
import { loadManifest } from '../../src/core/manifest.js';
import { resolveMapping } from '../../src/core/mapping.js';
import { RecadoServices } from '../../src/core/services.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { enqueueAudience } from '../../src/queue/enqueue-audience.js';
import { BENCH_NOW, openBenchDatabase, out, prepareBenchData } from './lib/bench-database.js';

/**
 * `npm run bench -- email`: 20,000 messages through the whole path (queue → compose and
 * render → pooled nodemailer) to a local SMTP sink, then the same rendered messages through
 * a bare nodemailer pool of the same size to the same sink.
 */
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
/** The same pool on both sides; connections to the sink are the bottleneck of each. */
const POOL = { maxConnections: 10, maxMessages: 100 };
const HERE = dirname(fileURLToPath(import.meta.url));

async function startSink(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(HERE, 'lib', 'smtp-sink.ts'), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
  });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  return { child, port };
}

async function received(sink: ChildProcess): Promise<number> {
  const answer = once(sink, 'message') as Promise<[{ received: number }]>;
  sink.send({ count: true });
  return (await answer)[0].received;
}

export async function run(): Promise<void> {
  // A database of its own: the queue is drained whole, so no other benchmark's rows mix in.
  const db = await openBenchDatabase(
    { min: 1, max: 4 },
    'mysql://root@127.0.0.1:3306/recado_bench_email',
  );
  const sink = await startSink();
  try {
    // One chunk of customer ids holds them all, so the LIMIT below caps the whole audience.
    const customers = Math.ceil(MESSAGES * 1.25);
    await prepareBenchData(db, { customers, invoicesPerCustomer: 1 });
    const services = new RecadoServices({
      db,
      logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
      mapping: resolveMapping(loadManifest(join(PLUGIN_ROOT, 'plugin.json'))),
      secret: 'bench-secret-0123456789-0123456789-01',
      timeZone: 'America/Sao_Paulo',
      publicUrl: 'http://127.0.0.1:3000',
      now: () => BENCH_NOW,
      worker: { batchSize: 500, concurrency: 32 },
    });

    await db('recado_deliveries').where('source_id', 'bench-email').delete();
    await db('recado_email_accounts').where('name', 'bench sink').delete();
    await db('recado_templates').where({ channel: 'email', name: 'bench' }).delete();
    const accounts = new SmtpAccountStore({ db, vault: services.vault });
    services.registerChannel(
      createEmailChannel({ accounts, logger: services.logger, transport: POOL }),
      accounts,
    );
    const account = await accounts.create({
      name: 'bench sink',
      host: '127.0.0.1',
      port: sink.port,
      security: 'none',
      fromName: 'Fibra Rápida',
      fromAddress: 'cobranca@example.com',
    });
    const stamp = '2026-12-01 00:00:00';
    const [templateId] = await db('recado_templates').insert({
      channel: 'email',
      name: 'bench',
      subject: 'Sua fatura, {{ customer.first_name }}',
      body: '<p>Olá, {{ customer.first_name }}!</p><p>Seu plano {{ customer.plan }} em {{ customer.city }}.</p>',
      created_at: stamp,
      updated_at: stamp,
    });

    const enqueued = await enqueueAudience(db, {
      dedupePrefix: 'bench:email:',
      channel: 'email',
      accountId: account.id,
      source: 'test',
      sourceId: 'bench-email',
      campaignId: null,
      kind: 'transactional',
      templateId: Number(templateId),
      runAt: BENCH_NOW,
      idRange: { min: 1, max: customers },
      chunkSize: customers,
      select: ({ from, to }) =>
        db('customers')
          .select({ customer_id: 'id', recipient: 'email' })
          .whereNotNull('email')
          .where('status', '<>', 'cancelled')
          .whereBetween('id', [from, to])
          .limit(MESSAGES),
    });
    await db('recado_deliveries')
      .where('source', 'test')
      .andWhere('source_id', 'bench-email')
      .update({ source: 'bench-email' });
    const ids = await db('recado_deliveries')
      .where('source_id', 'bench-email')
      .orderBy('id')
      .offset(MESSAGES)
      .pluck('id');
    if (ids.length > 0) await db('recado_deliveries').whereIn('id', ids).delete();
    const total = Math.min(enqueued, MESSAGES);

    process.stderr.write(`enqueued ${enqueued}\n`);
    const before = await received(sink.child);
    const worker = services.createWorker();
    let started = performance.now();
    let sent = 0;
    while (sent < total) {
      const claimed = await worker.drain();
      if (claimed === 0) break;
      sent += claimed;
    }
    const fullSeconds = (performance.now() - started) / 1000;
    process.stderr.write(`full path drained ${sent} in ${fullSeconds.toFixed(1)} s\n`);
    const fullReceived = (await received(sink.child)) - before;
    for (const channel of services.channels.values()) await channel.close?.();
    const rows = await db('recado_deliveries')
      .where('source_id', 'bench-email')
      .select('sent_subject', 'sent_body', 'recipient');

    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      ...POOL,
    });
    started = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        await transport.sendMail({
          from: '"Fibra Rápida" <cobranca@example.com>',
          to: row.recipient,
          subject: row.sent_subject,
          html: row.sent_body,
          text: row.sent_body,
        });
      }
    };
    await Promise.all(Array.from({ length: 32 }, lane));
    const rawSeconds = (performance.now() - started) / 1000;
    transport.close();

    const fullPerSecond = Math.round(fullReceived / fullSeconds);
    const rawPerSecond = Math.round(rows.length / rawSeconds);
    out(`full path: ${fullReceived} messages in ${fullSeconds.toFixed(1)} s (${fullPerSecond}/s)`);
    out(
      `bare nodemailer pool: ${rows.length} messages in ${rawSeconds.toFixed(1)} s (${rawPerSecond}/s)`,
    );
    await db('recado_deliveries').where('source_id', 'bench-email').delete();
    out(
      JSON.stringify({
        bench: 'email',
        messages: total,
        full_per_s: fullPerSecond,
        raw_per_s: rawPerSecond,
        ratio: Number((fullPerSecond / rawPerSecond).toFixed(2)),
      }),
    );
  } finally {
    sink.child.send({ stop: true });
    await db.destroy();
  }
}
