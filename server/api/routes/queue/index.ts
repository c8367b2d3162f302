import { Hono } from 'hono';
import type { DeadLetter, DeadLetters } from '../../../queue/redis-dead-letters.js';

/**
 * `GET /api/v1/queue/dead-letters`: the Redis queue's parked jobs (docs/architecture.md,
 * "The Redis queue"), oldest first; `octolens queue replay` puts them back. Mounted only
 * when REDIS_URL is set (the embedded queue never gives a batch up).
 */
export function queueRoutes(deadLetters: Pick<DeadLetters, 'list' | 'count'>): Hono {
  const app = new Hono();
  app.get('/dead-letters', async (c) => {
    const [items, total] = await Promise.all([deadLetters.list(), deadLetters.count()]);
    return c.json({ total, items } satisfies { total: number; items: DeadLetter[] });
  });
  return app;
}
