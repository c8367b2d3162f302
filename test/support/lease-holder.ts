/**
 * A replica holding the leader lease in a process of its own, for tests that kill it with
 * SIGKILL: `node --import tsx test/support/lease-holder.ts <databaseUrl> <key> <id> <intervalMs>`.
 * Prints `leading` once it holds the lease.
 */
import { createLease, postgresLock } from '../../server/lease/index.js';
import { createLogger } from '../../server/lib/log.js';

const [databaseUrl, key, id, intervalMs] = process.argv.slice(2) as [string, string, string, string];
const lease = createLease({
  lock: postgresLock({ databaseUrl, key: Number(key), id, intervalMs: Number(intervalMs) }),
  id,
  intervalMs: Number(intervalMs),
  log: createLogger('warn'),
});
lease.onChange((leader) => void process.stdout.write(leader ? 'leading\n' : 'not leading\n'));
await lease.start();
// the lease's timer is unref'd: this keeps the process alive until it is killed
setInterval(() => undefined, 60_000);
