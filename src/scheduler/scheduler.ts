import type { Logger } from 'pino';
import schedule, { type Job } from 'node-schedule';
import type { Channel } from '../channels/channel.js';
import type { Worker } from './worker.js';

/** A job run on a cron rule, for example lease reclaim or the billing evaluation. */
export interface PeriodicJob {
  /** Stable name, for logs. */
  readonly name: string;
  /** node-schedule cron rule with seconds, for example every 30 s: `*\/30 * * * * *`. */
  readonly rule: string;
  run(): Promise<unknown>;
}

/** What the scheduler drives. */
export interface SchedulerDeps {
  /** The queue's worker; without one this scheduler runs only the periodic jobs. */
  readonly worker?: Worker;
  readonly jobs: readonly PeriodicJob[];
  readonly channels: ReadonlyMap<string, Channel>;
  readonly logger: Logger;
  /** Cron rule of the drain loop; default every second. */
  readonly drainRule?: string;
}

/**
 * Drives the worker's drain loop and the periodic jobs with node-schedule. A tick that finds
 * the previous one still running is skipped, so a slow drain never runs twice at once.
 * `stop()` stops claiming, lets the batch in hand finish (its unsent rows go back to the
 * queue) and waits for running jobs before closing the channels.
 */
export class Scheduler {
  readonly #deps: SchedulerDeps;
  readonly #logger: Logger;
  readonly #jobs: Job[] = [];
  readonly #running = new Map<string, Promise<unknown>>();

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
    this.#logger = deps.logger.child({ component: 'scheduler' });
  }

  start(): void {
    const worker = this.#deps.worker;
    if (worker)
      this.#every('queue.drain', this.#deps.drainRule ?? '* * * * * *', () => worker.drain());
    for (const job of this.#deps.jobs) this.#every(job.name, job.rule, () => job.run());
    this.#logger.info(
      {
        event: 'scheduler.started',
        drains: Boolean(worker),
        jobs: this.#deps.jobs.map((job) => job.name),
      },
      'started',
    );
  }

  async stop(): Promise<void> {
    const started = Date.now();
    for (const job of this.#jobs.splice(0)) job.cancel();
    this.#deps.worker?.stop();
    await Promise.allSettled([...this.#running.values()]);
    for (const channel of this.#deps.channels.values()) await channel.close?.();
    this.#logger.info({ event: 'scheduler.stopped', ms: Date.now() - started }, 'stopped');
  }

  #every(name: string, rule: string, task: () => Promise<unknown>): void {
    const job = schedule.scheduleJob(rule, () => {
      if (this.#running.has(name)) return;
      const run = task()
        .catch((error: unknown) => {
          this.#logger.error(
            { err: error, event: 'scheduler.job.failed', job: name },
            'job failed',
          );
        })
        .finally(() => this.#running.delete(name));
      this.#running.set(name, run);
    });
    if (!job) throw new Error(`invalid schedule rule for ${name}: ${rule}`);
    this.#jobs.push(job);
  }
}
