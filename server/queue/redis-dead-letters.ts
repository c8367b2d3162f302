import { Queue } from 'bullmq';
import { connectRedis, deadLetterQueueName, jobOptions, keys, type JobData, type RedisQueueGauges } from './redis.js';

/** One parked job, as GET /api/v1/queue/dead-letters lists it. */
export interface DeadLetter {
  id: string;
  /** the request key the collector gave it (source, signal, content hash) */
  key: string;
  rows: number;
  bytes: number;
  tables: string[];
  /** when the collector queued it, ms since epoch */
  queuedAt: number;
}

/**
 * The dead-letter queue `<name>-dead` seen from outside the worker: listed by the API and
 * replayed by `octolens queue replay`, both straight from Redis (no worker needs to run).
 * Every process with REDIS_URL opens it, so its connection is also the one /readyz asks.
 */
export function openDeadLetters(url: string, name: string) {
  const redis = connectRedis(url);
  const dead = new Queue<JobData>(deadLetterQueueName(name), { connection: redis });
  const main = new Queue(name, { connection: redis });
  const k = keys(name);
  return {
    async list(limit = 100): Promise<DeadLetter[]> {
      const jobs = await dead.getJobs(['wait'], 0, limit - 1, true);
      return jobs.map((j) => ({
        id: j.id!,
        key: j.data.key,
        rows: j.data.rows,
        bytes: j.data.bytes,
        tables: [...new Set(j.data.parts.map((p) => p.table))],
        queuedAt: j.timestamp,
      }));
    },
    count: () => dead.getWaitingCount(),
    /**
     * Whether Redis answers now (/readyz): false at once while ioredis reconnects, whose
     * offline queue would otherwise hold the PING until Redis is back.
     */
    answers: async () => redis.status === 'ready' && (await redis.ping()) === 'PONG',
    async gauges(): Promise<RedisQueueGauges> {
      // BullMQ pushes new jobs at the head of the wait list: the oldest waiting job is its last.
      const [oldest] = await main.getJobs(['wait'], -1, -1);
      return { oldestJobAgeSeconds: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0, deadLetters: await dead.getWaitingCount() };
    },
    /**
     * Puts every dead letter back on the ingest queue under its own job id (so its insert
     * token is unchanged and whatever it stored before is deduplicated), with fresh attempts.
     */
    async replay(attempts: number): Promise<number> {
      let moved = 0;
      for (;;) {
        const jobs = await dead.getJobs(['wait'], 0, 99, true);
        if (jobs.length === 0) return moved;
        for (const job of jobs) {
          await redis.octolensRequeue(k.request(job.id!), k.depth, job.data.rows, job.data.bytes);
          await main.add('request', job.data, jobOptions(job.id!, attempts));
          await job.remove();
          moved++;
        }
      }
    },
    async close() {
      await dead.close();
      await main.close();
      redis.disconnect();
    },
  };
}

export type DeadLetters = ReturnType<typeof openDeadLetters>;
