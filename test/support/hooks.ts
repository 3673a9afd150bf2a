import { skippedSuites } from './services.js';

/** Root hooks: after the run, list the suites skipped for a missing service. */
export const mochaHooks = {
  afterAll(): void {
    const skipped = skippedSuites();
    if (skipped.size === 0) return;
    process.stdout.write('\nSkipped suites (a service is missing here):\n');
    for (const [suite, reason] of skipped) process.stdout.write(`  - ${suite}: ${reason}\n`);
  },
};
