import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { PLUGIN_ROOT } from '../../src/index.js';
import { within } from './waiting.js';

/** What a worker process tells its parent. */
export interface ChildMessage {
  readonly type: 'ready' | 'stopped';
}

/** What the parent tells a worker process. */
export interface ParentMessage {
  readonly type: 'go' | 'stop';
}

/** How a worker process is set up; see `worker-process.ts`. */
export interface WorkerChildOptions {
  /** Written to `locked_by` and to every send the sink records. */
  readonly name: string;
  /** `mysql://…` of the test database, or of a proxy in front of it. */
  readonly databaseUrl: string;
  readonly sinkUrl: string;
  /** Rows per claim. */
  readonly batchSize: number;
  /** Lease of each claim, in ms. */
  readonly leaseMs: number;
  /** Whether its channel declares itself idempotent. Default false. */
  readonly idempotent?: boolean;
}

const SCRIPT = new URL('./worker-process.ts', import.meta.url);
// Resolved from the repository root (the child's cwd). Not `import.meta.resolve('tsx')`:
// under mocha that makes tsx load this file and its importers as a second, ESM copy of the
// test support modules, and the suites skipped there never reach the skipped-suites report.
const TSX = ['--import', 'tsx'];
const alive = new Set<WorkerChild>();

/**
 * A forked worker process as the test sees it. Every one started is remembered until it
 * exits, so that `killWorkerChildren()` in an `after` hook leaves none behind when a test
 * fails half-way.
 */
export class WorkerChild {
  readonly name: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  #output = '';

  private constructor(options: WorkerChildOptions) {
    this.name = options.name;
    this.#child = fork(SCRIPT, [], {
      cwd: PLUGIN_ROOT,
      execArgv: TSX,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        RELIABILITY_WORKER: options.name,
        RELIABILITY_SINK_URL: options.sinkUrl,
        RELIABILITY_BATCH: String(options.batchSize),
        RELIABILITY_LEASE_MS: String(options.leaseMs),
        RELIABILITY_IDEMPOTENT: options.idempotent ? '1' : '0',
      },
    });
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      stream?.on('data', (chunk: Buffer) => (this.#output += chunk.toString('utf8')));
    }
    this.exited = once(this.#child, 'exit').then(([code, signal]) => {
      alive.delete(this);
      return { code: code as number | null, signal: signal as NodeJS.Signals | null };
    });
    alive.add(this);
  }

  /** Forks a worker process and waits until it has connected to its database. */
  static async start(options: WorkerChildOptions): Promise<WorkerChild> {
    const child = new WorkerChild(options);
    await within(15_000, `${options.name} to start`, child.#next('ready'));
    return child;
  }

  /** What the process wrote to stdout and stderr (its logs), for a failed test's report. */
  get output(): string {
    return this.#output;
  }

  /** Starts its scheduler: it drains every second from now on. */
  go(): void {
    this.#send({ type: 'go' });
  }

  /** Graceful shutdown: the batch in hand finishes, then the process exits. */
  async stop(): Promise<void> {
    const stopped = this.#next('stopped');
    this.#send({ type: 'stop' });
    await within(15_000, `${this.name} to stop`, stopped);
    await within(5_000, `${this.name} to exit`, this.exited);
  }

  /** SIGKILL: no handler runs, nothing is flushed, the database sees its connections drop. */
  kill(): void {
    this.#child.kill('SIGKILL');
  }

  #send(message: ParentMessage): void {
    if (!this.#child.connected) throw new Error(`${this.name} is gone:\n${this.#output}`);
    this.#child.send(message);
  }

  #next(type: ChildMessage['type']): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        this.#child.off('exit', onExit);
        this.#child.off('message', onMessage);
        resolve();
      };
      const onExit = (code: number | null) => {
        this.#child.off('message', onMessage);
        reject(new Error(`${this.name} exited (${code}) before "${type}":\n${this.#output}`));
      };
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
    });
  }
}

/** Kills every worker process still running and waits for them to exit. */
export async function killWorkerChildren(): Promise<void> {
  const children = [...alive];
  for (const child of children) child.kill();
  await Promise.all(children.map((child) => child.exited));
}

/** Writes the logs of the given worker processes to stderr; for a failed test. */
export function reportOutput(children: readonly WorkerChild[]): void {
  for (const child of children) {
    if (child.output) process.stderr.write(`--- ${child.name} ---\n${child.output}\n`);
  }
}
