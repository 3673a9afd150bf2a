import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import knex from 'knex';
import { PLUGIN_ROOT } from '../../src/index.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const MAIN = join(PLUGIN_ROOT, 'src', 'panel', 'main.ts');
/** tsx by absolute URL: the child runs in an empty folder, away from node_modules. */
const TSX = import.meta.resolve('tsx');

/** Starts `npm start`'s entry with an environment; resolves when it exits or `until` matches. */
function startPanel(
  env: Record<string, string>,
  until?: RegExp,
): Promise<Run & { stop(): Promise<Run> }> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd: mkdtempSync(join(tmpdir(), 'recado-start-')),
    env: { ...process.env, LOG_LEVEL: 'warn', SMTP_SINK_PORT: '0', SMS_SINK_PORT: '0', ...env },
  });
  const run: Run = { code: null, stdout: '', stderr: '' };
  const exited = new Promise<Run>((resolve) =>
    child.on('exit', (code) => resolve({ ...run, code })),
  );
  const stop = async (): Promise<Run> => {
    child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
      if (until?.test(run.stdout)) resolve({ ...run, stop });
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    void exited.then((final) => resolve({ ...final, stop }));
  });
}

async function occupyPort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function tablesIn(file: string): Promise<string[]> {
  const db = knex({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  const rows = (await db.raw("select name from sqlite_master where type = 'table'")) as {
    name: string;
  }[];
  await db.destroy();
  return rows.map((row) => row.name);
}

describe('npm start', function () {
  this.timeout(30000);

  it('serves the panel at the printed address and stops cleanly on SIGTERM', async () => {
    const port = await occupyPort();
    const free = (port.address() as AddressInfo).port;
    await new Promise((resolve) => port.close(resolve));
    const dir = mkdtempSync(join(tmpdir(), 'recado-db-'));

    const run = await startPanel(
      { PORT: String(free), DATABASE_URL: `sqlite:${join(dir, 'panel.sqlite')}` },
      /Recado reference panel: (\S+)/,
    );
    const address = /Recado reference panel: (\S+)/.exec(run.stdout)?.[1];
    expect(address).to.equal(`http://127.0.0.1:${free}`);
    const login = await fetch(`${address}/login`);
    expect(login.status).to.equal(200);
    expect(await login.text()).to.contain('Entrar no painel');

    const stopped = await run.stop();
    expect(stopped.code).to.equal(0);
  });

  it('keeps the periodic jobs but leaves the queue to the workers with RECADO_INLINE_WORKER=0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recado-db-'));
    const run = await startPanel(
      {
        PORT: '0',
        DATABASE_URL: `sqlite:${join(dir, 'panel.sqlite')}`,
        RECADO_INLINE_WORKER: '0',
        LOG_LEVEL: 'info',
      },
      /"event":"scheduler\.started".*\n/,
    );
    await run.stop();

    const line = run.stdout.split('\n').find((text) => text.includes('"scheduler.started"'));
    const started = JSON.parse(line ?? '{}') as { drains?: boolean; jobs?: string[] };
    expect(started.drains).to.equal(false);
    expect(started.jobs).to.include.members(['billing.evaluate', 'billing.poll-payments']);
  });

  it('stops with one line when the port is in use, before touching the schema', async () => {
    const busy = await occupyPort();
    const dir = mkdtempSync(join(tmpdir(), 'recado-db-'));
    const file = join(dir, 'panel.sqlite');

    const run = await startPanel({
      PORT: String((busy.address() as AddressInfo).port),
      DATABASE_URL: `sqlite:${file}`,
    });
    busy.close();

    expect(run.code).to.equal(1);
    expect(run.stderr.trim().split('\n')).to.have.length(1);
    expect(run.stderr).to.match(/^recado: A porta \d+ já está em uso/);
    expect(await tablesIn(file)).to.deep.equal([]);
  });

  it('stops with one line when the database does not answer', async () => {
    const run = await startPanel({ PORT: '0', DATABASE_URL: 'mysql://root@127.0.0.1:1/recado' });

    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(
      /^recado: Não foi possível conectar ao banco de dados em 127\.0\.0\.1:1/,
    );
    expect(run.stderr).not.to.contain('    at ');
  });

  it('stops with one line on a DATABASE_URL of an engine it does not run on', async () => {
    const run = await startPanel({ PORT: '0', DATABASE_URL: 'postgres://localhost/recado' });

    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('DATABASE_URL é inválida');
    expect(run.stderr).to.contain('mysql://');
  });

  it('speaks the language RECADO_LOCALE names', async () => {
    const run = await startPanel({ PORT: 'eighty', RECADO_LOCALE: 'en' });

    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('recado: Invalid configuration: PORT="eighty"');
  });
});
