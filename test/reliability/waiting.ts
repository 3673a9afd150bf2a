import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves as `promise` does, or rejects once `ms` have passed, naming what was awaited. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up waiting ${ms} ms for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `probe` until it returns something other than undefined. Bounded twice over: by
 * the number of polls and by the clock, so a probe that hangs cannot stall the suite.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const everyMs = options.everyMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  for (let poll = 0; poll < Math.ceil(timeoutMs / everyMs) && Date.now() < deadline; poll += 1) {
    const found = await within(timeoutMs, what, probe());
    if (found !== undefined) return found;
    await sleep(everyMs);
  }
  throw new Error(`gave up waiting ${timeoutMs} ms for ${what}`);
}
