import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Channel } from '../channels/channel.js';
import { localDate } from '../lib/time.js';
import { claimDeliveries } from '../queue/claim-deliveries.js';
import { completeDeliveries, type Outcome } from '../queue/complete-deliveries.js';
import { releaseAllHeldBy, releaseDeliveries } from '../queue/reclaim-leases.js';
import type { Delivery } from '../queue/types.js';
import type { Composer, Composition } from './composer.js';
import { DEFAULT_RETRY, type RetrySettings } from './retry-policy.js';
import type { SendGate } from './send-gate.js';
import { SendStage } from './send-stage.js';

/** Tunables of a worker; every one has a default. */
export interface WorkerSettings {
  /** Written to `locked_by`; default `<host>:<pid>:<random>`. */
  readonly workerId?: string;
  /** Rows per claim. Default 200. */
  readonly batchSize?: number;
  /** How long a claim holds its rows, in ms. Default 5 min. */
  readonly leaseMs?: number;
  /** Sends in flight at once. Default 16. */
  readonly concurrency?: number;
  readonly retry?: RetrySettings;
}

/** Counters a worker reports to; prom-client in production, nothing in tests. */
export interface WorkerMetrics {
  recordSend(channel: string, status: string, seconds: number): void;
}

/** What a worker is built from. */
export interface WorkerDeps {
  readonly db: Knex;
  readonly logger: Logger;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly composer: Composer;
  /** Quiet hours, quotas and rates; absent means "send everything now". */
  readonly gate?: SendGate;
  readonly timeZone: string;
  readonly now?: () => Date;
  readonly random?: () => number;
  readonly metrics?: WorkerMetrics;
  readonly settings?: WorkerSettings;
}

/** A claimed batch and what each of its deliveries turned out to be. */
interface PreparedBatch {
  readonly deliveries: readonly Delivery[];
  readonly compositions: Map<number, Composition>;
  /** The claim ran while an outcome write was in flight (see `Worker.drain`). */
  readonly overlapped?: boolean;
}

const NO_BATCH: PreparedBatch = { deliveries: [], compositions: new Map() };

/**
 * Drains the delivery queue: claim a batch, compose each delivery against fresh data, hand
 * it to its channel, record every outcome in one write. Many workers, on many machines,
 * can drain the same table.
 */
export class Worker {
  readonly id: string;
  readonly #deps: WorkerDeps;
  readonly #logger: Logger;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #concurrency: number;
  /** Turns each claimed, composed delivery into its outcome. */
  readonly #sender: SendStage;
  #stopping = false;
  /** Outcomes of sent batches whose write failed, written again by the next drain. */
  readonly #unwritten: Outcome[] = [];
  /** Ids of a prepared batch that could not be given back yet (see `#giveBack`). */
  readonly #unreturned = new Set<number>();
  /** A claim failed, perhaps after the server committed it (see `#catchUp`). */
  #claimInDoubt = false;

  constructor(deps: WorkerDeps) {
    const settings = deps.settings ?? {};
    this.#deps = deps;
    this.id = settings.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.#logger = deps.logger.child({ component: 'worker', workerId: this.id });
    this.#batchSize = settings.batchSize ?? 200;
    this.#leaseMs = settings.leaseMs ?? 5 * 60_000;
    this.#concurrency = settings.concurrency ?? 16;
    this.#sender = new SendStage({
      logger: this.#logger,
      channels: deps.channels,
      gate: deps.gate,
      now: () => this.#now(),
      random: deps.random ?? Math.random,
      retry: settings.retry ?? DEFAULT_RETRY,
      metrics: deps.metrics,
    });
  }

  /** Asks the worker to stop: the batch in hand finishes, unsent rows go back to the queue. */
  stop(): void {
    this.#stopping = true;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /**
   * Drains until the queue has nothing due (or the worker stops); returns rows processed.
   * Three stages overlap, on different rows: while one batch is being sent, the next one is
   * already claimed and composed, and the outcomes of the previous one are being written. A
   * send lane never waits for the database between batches. The price is that a batch is
   * composed up to one batch's sending time before it goes out, and a worker holds the
   * leases of two batches at once.
   */
  async drain(): Promise<number> {
    let total = 0;
    let recording: Promise<void> = Promise.resolve();
    // Whether a claim overlapped an outcome write (see `overlapped` below).
    let writing = false;
    let writes = 0;
    const prepare = (): Promise<PreparedBatch> => {
      const busy = writing;
      const before = writes;
      const prepared = this.#prepare().then((batch) => ({
        ...batch,
        overlapped: busy || writing || writes !== before,
      }));
      // A failed claim or write surfaces where it is awaited, a stage later; marked handled
      // here so that the process does not treat it as an unhandled rejection meanwhile.
      prepared.catch(() => undefined);
      return prepared;
    };

    await this.#catchUp();
    let next = prepare();
    try {
      for (;;) {
        const batch = await next;
        total += batch.deliveries.length;
        // A claim made while outcomes were being written may come back short though rows
        // are due: the write held some of them locked for a moment and SKIP LOCKED passed
        // them by. Only a short claim that overlapped no write says the queue is drained.
        const short = batch.deliveries.length < this.#batchSize;
        const last = this.#stopping || (short && !batch.overlapped);
        if (batch.deliveries.length === 0) {
          if (last) break;
          await recording;
          next = prepare();
          continue;
        }
        next = last ? Promise.resolve(NO_BATCH) : prepare();
        const settled = await this.#process(batch.deliveries, batch.compositions);
        // The batch just sent gets its write even when the previous one failed.
        const failure = await recording.then(
          () => undefined,
          (error: unknown) => ({ error }),
        );
        writing = true;
        writes += 1;
        recording = this.#write(settled).finally(() => {
          writing = false;
        });
        recording.catch(() => undefined);
        if (failure) throw failure.error;
        if (last) break;
      }
    } finally {
      // A batch prepared when the loop ended early (a failed write, a stop) goes back to the
      // queue at once rather than waiting for its lease to run out.
      const returned = next.catch(() => NO_BATCH).then((left) => this.#giveBack(left));
      await Promise.all([recording, returned]);
      await this.#returnQuota();
    }
    return total;
  }

  /** One claim and its outcomes; returns how many rows were claimed. */
  async drainOnce(): Promise<number> {
    await this.#catchUp();
    const deliveries = await this.#claim();
    if (deliveries.length > 0) await this.#write(await this.#settle(deliveries));
    await this.#returnQuota();
    return deliveries.length;
  }

  /**
   * Quota the gate took for this process and did not use goes back for other workers; if
   * the database cannot take it now, it lapses with its hold instead.
   */
  async #returnQuota(): Promise<void> {
    try {
      await this.#deps.gate?.returnUnused?.();
    } catch (error) {
      this.#logger.warn({ err: error, event: 'gate.quota.unreturned' }, 'unused quota kept');
    }
  }

  async #claim(): Promise<Delivery[]> {
    if (this.#stopping) return [];
    let deliveries: Delivery[];
    try {
      deliveries = await claimDeliveries(this.#deps.db, {
        workerId: this.id,
        limit: this.#batchSize,
        leaseMs: this.#leaseMs,
        now: this.#now(),
      });
    } catch (error) {
      // The server may have committed the claim before the connection lost its answer.
      this.#claimInDoubt = true;
      throw error;
    }
    if (deliveries.length > 0) {
      this.#logger.debug({ event: 'queue.claimed', count: deliveries.length }, 'claimed');
    }
    return deliveries;
  }

  /** Claims a batch and composes it against the data as it is now. */
  async #prepare(): Promise<PreparedBatch> {
    const deliveries = await this.#claim();
    if (deliveries.length === 0) return NO_BATCH;
    try {
      const compositions = await this.#deps.composer.compose(deliveries, this.#now());
      return { deliveries, compositions };
    } catch (error) {
      // Claimed but not composable now (the database went away): back to the queue, now
      // or at the next drain, rather than left to expire as unknown outcomes.
      await this.#giveBack({ deliveries, compositions: new Map() }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Puts an unsent prepared batch back in the queue. When the database cannot be reached the
   * ids are kept and given back at the start of the next drain, while this worker still
   * holds their leases: rows never attempted are not left to expire as unknown outcomes.
   */
  async #giveBack(batch: PreparedBatch): Promise<void> {
    for (const delivery of batch.deliveries) this.#unreturned.add(delivery.id);
    if (this.#unreturned.size === 0) return;
    const ids = [...this.#unreturned];
    await releaseDeliveries(this.#deps.db, ids, { workerId: this.id, now: this.#now() });
    for (const id of ids) this.#unreturned.delete(id);
  }

  /** Composes and sends a claimed batch; what is not sent yet when stopping is set apart. */
  async #settle(deliveries: readonly Delivery[]) {
    const compositions = await this.#deps.composer.compose(deliveries, this.#now());
    return this.#process(deliveries, compositions);
  }

  /**
   * Writes what an earlier drain could not: outcomes whose write failed and a prepared batch
   * that could not be given back. Rows whose lease has run out meanwhile are not touched
   * (the reclaimer settled them); the others get their real outcome instead of `unknown`.
   * After a failed claim, the rows a lost answer left held by this worker go back too. It
   * runs when a drain starts, with nothing in hand: one worker's drains never overlap (the
   * scheduler skips a tick while the last one runs).
   */
  async #catchUp(): Promise<void> {
    if (this.#unwritten.length > 0) {
      const outcomes = this.#unwritten.splice(0);
      try {
        await this.#record(outcomes);
      } catch (error) {
        this.#unwritten.unshift(...outcomes);
        throw error;
      }
    }
    await this.#giveBack(NO_BATCH);
    if (this.#claimInDoubt) {
      // Nothing is in hand now: whatever this worker still holds was claimed by a claim
      // that failed on the way back, and was never sent.
      const released = await releaseAllHeldBy(this.#deps.db, {
        workerId: this.id,
        now: this.#now(),
      });
      this.#claimInDoubt = false;
      if (released > 0) {
        this.#logger.warn({ event: 'queue.claim.recovered', released }, 'lost claim given back');
      }
    }
  }

  /** Records outcomes; when the database cannot take them they wait for `#catchUp`. */
  async #write(settled: { outcomes: Outcome[]; untouched: number[] }): Promise<void> {
    try {
      await this.#record(settled.outcomes);
    } catch (error) {
      this.#unwritten.push(...settled.outcomes);
      throw error;
    }
    await releaseDeliveries(this.#deps.db, settled.untouched, {
      workerId: this.id,
      now: this.#now(),
    });
  }

  async #process(deliveries: readonly Delivery[], compositions: Map<number, Composition>) {
    const outcomes: Outcome[] = [];
    const untouched: number[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++] as Delivery;
        if (this.#stopping) {
          untouched.push(delivery.id);
          continue;
        }
        outcomes.push(await this.#sender.settle(delivery, compositions.get(delivery.id)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, deliveries.length) }, lane));
    return { outcomes, untouched };
  }

  async #record(outcomes: Outcome[]): Promise<void> {
    const now = this.#now();
    const written = await completeDeliveries(this.#deps.db, outcomes, {
      workerId: this.id,
      now,
      day: localDate(now, this.#deps.timeZone),
      quotaHolder: this.#deps.gate?.quotaHolder,
    });
    if (written < outcomes.length) {
      // The lease ran out before the outcome was written; the reclaimer owns those rows now.
      this.#logger.warn(
        { event: 'queue.lease.lost', lost: outcomes.length - written },
        'leases lost',
      );
    }
    this.#logger.debug({ event: 'queue.recorded', count: written }, 'outcomes recorded');
  }

  #now(): Date {
    return (this.#deps.now ?? (() => new Date()))();
  }
}
