import { expect } from 'chai';
import type { Knex } from 'knex';
import { NamedLockTimeoutError, withNamedLock } from '../../src/lib/named-lock.js';
import { describeEachDatabase } from '../support/databases.js';

/** A promise and the function that settles it, to hold a lock as long as a test needs. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Starts a holder of `name` that stays inside until `release` opens; resolves once inside. */
async function holdLock(db: Knex, name: string, steps: string[]) {
  const inside = gate();
  const release = gate();
  const done = withNamedLock(db, name, async () => {
    steps.push('first in');
    inside.open();
    await release.opened;
    steps.push('first out');
  });
  await inside.opened;
  return { release: release.open, done };
}

describeEachDatabase('withNamedLock', (database) => {
  it('keeps a second holder out until the first is done', async () => {
    const { db } = database();
    const steps: string[] = [];
    const first = await holdLock(db, 'test.order', steps);

    const second = withNamedLock(db, 'test.order', async () => {
      steps.push('second in');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.release();
    await Promise.all([first.done, second]);

    expect(steps).to.deep.equal(['first in', 'first out', 'second in']);
  });

  it('lets the next holder in after a holder fails', async () => {
    const { db } = database();
    const failed = await withNamedLock(db, 'test.failure', () =>
      Promise.reject(new Error('boom')),
    ).catch((error: Error) => error);

    expect(failed).to.be.an('error').with.property('message', 'boom');
    expect(await withNamedLock(db, 'test.failure', async () => 'next')).to.equal('next');
  });

  it('gives up with NamedLockTimeoutError when the holder keeps the lock too long', async function () {
    if (database().dialect !== 'mysql') this.skip();
    const { db } = database();
    const first = await holdLock(db, 'test.timeout', []);

    const late = await withNamedLock(db, 'test.timeout', async () => 'late', {
      timeoutSeconds: 0,
    }).catch((error: unknown) => error);

    expect(late).to.be.an.instanceOf(NamedLockTimeoutError);
    first.release();
    await first.done;
  });
});
