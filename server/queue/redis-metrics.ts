import client from 'prom-client';
import type { RedisQueueGauges } from './redis.js';

/**
 * The Redis queue's own metrics, on the hub's registry: oldest waiting job and dead letters
 * (read from Redis at scrape time), and rows a worker finished as refused by the store.
 */
export function registerRedisQueueMetrics(registry: client.Registry, gauges: () => Promise<RedisQueueGauges>) {
  let last: Promise<RedisQueueGauges> | undefined;
  // one Redis read per scrape, shared by both gauges
  const read = () => (last ??= gauges().finally(() => setTimeout(() => (last = undefined), 0)));
  new client.Gauge({
    name: 'octolens_queue_oldest_job_age_seconds',
    help: 'Age of the oldest job waiting in the Redis queue (0 when none waits).',
    registers: [registry],
    async collect() {
      this.set((await read().catch(() => ({ oldestJobAgeSeconds: Number.NaN }))).oldestJobAgeSeconds);
    },
  });
  new client.Gauge({
    name: 'octolens_queue_dead_letters',
    help: 'Jobs in the Redis dead-letter queue (GET /api/v1/queue/dead-letters; `octolens queue replay` puts them back).',
    registers: [registry],
    async collect() {
      this.set((await read().catch(() => ({ deadLetters: Number.NaN }))).deadLetters);
    },
  });
  const jobs = new client.Counter({
    name: 'octolens_queue_jobs_total',
    help: 'Redis queue jobs a worker finished or failed, by outcome (stored, failed: retried later, dead: moved to the dead-letter queue).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const refusedRows = new client.Counter({
    name: 'octolens_queue_refused_rows_total',
    help: 'Rows of Redis jobs the store refused for good, by table (their senders were answered when the job was queued).',
    labelNames: ['table'] as const,
    registers: [registry],
  });
  return { jobs, refusedRows };
}
