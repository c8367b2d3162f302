import type { Logger } from '../lib/log.js';
import type { Lease, LeaseLock } from './types.js';

export interface LeaseDeps {
  lock: LeaseLock;
  id: string;
  /** how often the lock is tried (or its hold checked): the failover bound once the holder's session is gone */
  intervalMs: number;
  log: Logger;
}

/**
 * Tries the lock every `intervalMs` and tells the listeners when this replica starts or
 * stops leading. Changes are serialised on one chain: a replica that lost the lock has
 * stopped its jobs before it tries again, and one that stops has stopped them before it
 * releases, so the next holder never starts beside a finishing one. A listener that fails
 * to start its jobs gives the lock up, so another replica (or the next try) gets it.
 *
 * @example
 * const lease = createLease({ lock: inProcessLock('me'), id: 'me', intervalMs: 5_000, log });
 * lease.onChange((leader) => (leader ? jobs.start() : jobs.stop()));
 * await lease.start();
 */
export function createLease({ lock, id, intervalMs, log }: LeaseDeps): Lease {
  const listeners: ((leader: boolean) => Promise<void> | void)[] = [];
  let leader = false;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let stopping: Promise<void> | undefined;

  const serial = (fn: () => Promise<void>): Promise<void> => (chain = chain.then(fn));

  async function become(next: boolean): Promise<void> {
    if (next === leader) return;
    leader = next;
    log.info(next ? 'leading: the scheduled jobs run in this replica' : 'not leading: the scheduled jobs stopped in this replica', { replica: id });
    for (const l of listeners) {
      try {
        await l(next);
      } catch (error) {
        log.error(next ? 'scheduled jobs failed to start; giving the lease up' : 'scheduled jobs failed to stop', { error });
        if (next) {
          await become(false);
          await lock.release();
          return;
        }
      }
    }
  }

  async function tryOnce(): Promise<void> {
    let holds = false;
    try {
      holds = await lock.tryHold();
    } catch (error) {
      if (leader) log.warn('lease store unreachable; stepping down', { error });
    }
    await become(holds);
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void serial(tryOnce).finally(schedule), intervalMs);
    timer.unref();
  }

  lock.onLost(() => void serial(() => become(false)));

  return {
    id,
    async start() {
      if (stopped || timer) return;
      await serial(tryOnce);
      schedule();
    },
    isLeader: () => leader,
    holder: () => lock.holder(),
    onChange(listener) {
      listeners.push(listener);
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearTimeout(timer);
        await serial(async () => {
          await become(false);
          await lock.release();
        });
      })();
      return stopping;
    },
  };
}
