/**
 * The leader lease: the worker role's scheduled jobs run in one replica at a time.
 *
 *   types.ts       Lease and the LeaseLock it is built on
 *   lease.ts       the try loop: acquire, check, step down, tell listeners, release on stop
 *   postgres.ts    the lock as a PostgreSQL session-level advisory lock (DATABASE_URL)
 *   in-process.ts  embedded mode (PGlite, one process): always the leader
 *   jobs.ts        scheduled jobs that start when this replica leads and stop when it does not
 */
export { createLease, type LeaseDeps } from './lease.js';
export { inProcessLock } from './in-process.js';
export { postgresLock, type PostgresLockParams } from './postgres.js';
export { leaderJobs, type ScheduledJob } from './jobs.js';
export type { Lease, LeaseLock } from './types.js';
