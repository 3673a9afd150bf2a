import { expect } from 'chai';
import pino from 'pino';
import { RecordingChannel } from '../../src/channels/recording-channel.js';
import { enqueueDeliveries } from '../../src/queue/enqueue-deliveries.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { Worker } from '../../src/scheduler/worker.js';
import { describeEachDatabase } from '../support/databases.js';
import { migratePlugin, newDeliveries, PlainComposer } from '../queue/helpers.js';

/** Polls `check` every 50 ms until it holds or `ms` pass; returns whether it held. */
async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('Scheduler', (database) => {
  before(async () => migratePlugin(database().db));
  beforeEach(async () => database().db('recado_deliveries').delete());

  const logger = pino({ level: 'silent' });
  const statuses = async () =>
    (await database().db('recado_deliveries').pluck('status')) as string[];

  function schedulerWith(options: { drains: boolean; jobRuns: { count: number } }) {
    const channel = new RecordingChannel({ name: 'sms' });
    const channels = new Map([[channel.name, channel]]);
    const worker = new Worker({
      db: database().db,
      logger,
      channels,
      composer: new PlainComposer(),
      timeZone: 'America/Sao_Paulo',
    });
    return new Scheduler({
      worker: options.drains ? worker : undefined,
      channels,
      logger,
      jobs: [
        {
          name: 'test.job',
          rule: '* * * * * *',
          run: async () => {
            options.jobRuns.count += 1;
          },
        },
      ],
    });
  }

  it('drains the queue and runs its jobs when it has a worker', async function () {
    this.timeout(10_000);
    await enqueueDeliveries(database().db, newDeliveries(3), new Date());
    const jobRuns = { count: 0 };
    const scheduler = schedulerWith({ drains: true, jobRuns });
    scheduler.start();
    try {
      const sent = await within(5000, async () =>
        (await statuses()).every((status) => status === 'sent'),
      );
      expect(sent, 'every delivery sent').to.equal(true);
      expect(jobRuns.count).to.be.above(0);
    } finally {
      await scheduler.stop();
    }
  });

  it('runs its jobs but leaves the queue to the workers when it has none', async function () {
    this.timeout(10_000);
    await enqueueDeliveries(database().db, newDeliveries(3), new Date());
    const jobRuns = { count: 0 };
    const scheduler = schedulerWith({ drains: false, jobRuns });
    scheduler.start();
    try {
      // Two runs of the job take at least one whole second tick: a drain would have run too.
      expect(await within(5000, () => jobRuns.count >= 2), 'the job ran twice').to.equal(true);
      expect(await statuses()).to.deep.equal(['queued', 'queued', 'queued']);
    } finally {
      await scheduler.stop();
    }
  });
});
