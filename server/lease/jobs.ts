/** A scheduled job: `start()` runs it at once and on its interval, `stop()` waits for the pass in flight. */
export interface ScheduledJob {
  start(): Promise<void> | void;
  stop(): Promise<void>;
}

/**
 * The jobs of one leadership term. `create` makes them afresh each time this replica becomes
 * leader, since their state (SLO alert memory, rollup marks) may have moved on under another
 * replica meanwhile; they start in order and stop in reverse. A job whose start throws stops
 * the ones already started and rethrows, so the lease is given up rather than held idle.
 *
 * @example
 * const jobs = leaderJobs(() => [createServiceDiscovery(deps), createSloEngine(deps)]);
 * lease.onChange(jobs.onChange);
 */
export function leaderJobs(create: () => ScheduledJob[]) {
  let running: ScheduledJob[] = [];
  async function stop(): Promise<void> {
    const jobs = running.reverse();
    running = [];
    for (const job of jobs) await job.stop();
  }
  return {
    async onChange(leader: boolean): Promise<void> {
      if (!leader) return stop();
      for (const job of create()) {
        running.push(job);
        try {
          await job.start();
        } catch (error) {
          await stop();
          throw error;
        }
      }
    },
  };
}
