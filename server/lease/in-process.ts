import type { LeaseLock } from './types.js';

/**
 * Embedded mode (PGlite, one process): nothing else can run the scheduled jobs, so this
 * process always holds the lock.
 */
export function inProcessLock(id: string): LeaseLock {
  return {
    tryHold: async () => true,
    holder: async () => id,
    onLost: () => undefined,
    release: async () => undefined,
  };
}
