/**
 * The real ingest path in the test's own process: a collector's routes served over HTTP on a
 * free port → embedded queue → batch writer → a store the test hands in (real chDB, maybe
 * with faults in front of it), so a test can count rows in the store it can also query.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { CollectorDeps, IngestCounters, RefusalReason } from '../../collectors/types.js';
import { createBatchWriter } from '../../server/ingest/writer.js';
import { createLogger } from '../../server/lib/log.js';
import { createEmbeddedQueue, type EmbeddedQueueConfig } from '../../server/queue/embedded.js';
import type { TelemetryStore } from '../../server/storage/index.js';
import { freePort } from './hub.js';

export interface Pipeline {
  url: string;
  /** rows and requests refused so far, by reason */
  refused: Map<RefusalReason, number>;
  stop(): Promise<void>;
}

export interface PipelineOptions {
  store: TelemetryStore;
  routes: (deps: CollectorDeps) => Hono;
  queue?: Partial<EmbeddedQueueConfig>;
  maxAttempts?: number;
  retryDelayMs?: number;
}

export async function startPipeline({ store, routes, queue: queueConfig = {}, maxAttempts = 5, retryDelayMs = 100 }: PipelineOptions): Promise<Pipeline> {
  const queue = createEmbeddedQueue(
    {
      maxRows: 100_000,
      maxBytes: 64 << 20,
      batchRows: 50_000,
      batchBytes: 32 << 20,
      flushIntervalMs: 250,
      concurrency: 2,
      dedupWindowMs: 600_000,
      ...queueConfig,
    },
    { handler: createBatchWriter({ store }), maxAttempts, retryDelayMs: () => retryDelayMs },
  );
  await queue.start();
  const refused = new Map<RefusalReason, number>();
  const counters: IngestCounters = {
    accepted: () => {},
    refused: (_s, reason, rows) => void refused.set(reason, (refused.get(reason) ?? 0) + rows),
    refusedRequest: (_s, reason) => void refused.set(reason, (refused.get(reason) ?? 0) + 1),
  };
  const app = new Hono().route('/', routes({ queue, counters, log: createLogger('error', () => {}) }));
  const port = await freePort();
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    refused,
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await queue.stop();
    },
  };
}
