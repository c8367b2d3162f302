/**
 * The real ingest path in the test's own process: a collector's routes served over HTTP on a
 * free port → embedded queue → batch writer → a store the test hands in (real chDB, maybe
 * with faults in front of it), so a test can count rows in the store it can also query.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { CollectorDeps, IngestCounters, RefusalReason } from '../../collectors/types.js';
import { createBatchWriter } from '../../server/ingest/writer.js';
import { createLogger } from '../../server/lib/log.js';
import { createEmbeddedQueue, type EmbeddedQueueConfig } from '../../server/queue/embedded.js';
import { openTelemetryStore, type TelemetryStore } from '../../server/storage/index.js';
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

export interface StorePipeline extends Pipeline {
  store: TelemetryStore;
  /** stops the pipeline, closes the store and deletes its data dir */
  close(): Promise<void>;
}

/** A fresh embedded store in its own temp dir with a pipeline in front of it: what a collector's chDB test needs. */
export async function startStorePipeline(options: Omit<PipelineOptions, 'store'>): Promise<StorePipeline> {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-pipeline-'));
  const store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: { traces: 7, logs: 7, metrics: 30 } });
  const pipeline = await startPipeline({ ...options, store });
  return {
    ...pipeline,
    store,
    async close() {
      await pipeline.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
