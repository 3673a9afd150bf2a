/**
 * MySQL/MariaDB errors after which a statement, or a whole transaction, may simply run
 * again: the server rolled it back and nothing of it was kept. A deadlock (1213), a lock
 * wait timeout (1205), and a deadlock met while taking a table's AUTO-INC lock, which
 * InnoDB reports as "failed to read auto-increment value" (1467).
 */
const RETRYABLE = new Set([1213, 1205, 1467]);

/** How often `retryLockConflicts` runs the work at most, by default. */
export const LOCK_CONFLICT_ATTEMPTS = 5;

/** True for an error the server ended with a rollback that running again may get past. */
export function isLockConflict(error: unknown): boolean {
  const errno = (error as { errno?: unknown } | null)?.errno;
  return typeof errno === 'number' && RETRYABLE.has(errno);
}

/**
 * Runs `work`, and again while it fails with a lock conflict, up to `attempts` times in all,
 * waiting a few random milliseconds between runs so that the two sides of a deadlock do not
 * meet again in step. `work` must be safe to repeat after a rollback: one statement, or a
 * transaction of its own. Any other error, or the last conflict, is thrown.
 */
export async function retryLockConflicts<T>(
  work: () => Promise<T>,
  attempts = LOCK_CONFLICT_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isLockConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
