import { expect } from 'chai';
import { isLockConflict, retryLockConflicts } from '../../src/lib/lock-conflicts.js';

const conflict = (errno: number) => Object.assign(new Error(`errno ${errno}`), { errno });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('retryLockConflicts', () => {
  it('runs the work again after a deadlock or a lock wait timeout, and returns its result', async () => {
    const failures = [conflict(1213), conflict(1205)];
    let runs = 0;
    const result = await retryLockConflicts(async () => {
      runs += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      return 'written';
    });
    expect(result).to.equal('written');
    expect(runs).to.equal(3);
  });

  it('gives up after the attempts allowed, throwing the last conflict', async () => {
    let runs = 0;
    const error = await rejection(
      retryLockConflicts(async () => {
        runs += 1;
        throw conflict(1213);
      }, 3),
    );
    expect(error).to.have.property('errno', 1213);
    expect(runs).to.equal(3);
  });

  it('does not run again after any other error', async () => {
    let runs = 0;
    const error = await rejection(
      retryLockConflicts(async () => {
        runs += 1;
        throw conflict(1062);
      }),
    );
    expect(error).to.have.property('errno', 1062);
    expect(runs).to.equal(1);
  });

  it('tells lock conflicts from other errors', () => {
    expect([1213, 1205, 1467].map((errno) => isLockConflict(conflict(errno)))).to.deep.equal([
      true,
      true,
      true,
    ]);
    expect(isLockConflict(new Error('no errno'))).to.equal(false);
    expect(isLockConflict(null)).to.equal(false);
  });
});
