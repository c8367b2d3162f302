import { randomUUID } from 'node:crypto';
import type { TableName } from '../storage/rows.js';
import {
  QueueFullError,
  QueueUnavailableError,
  type Batch,
  type BatchHandler,
  type EncodedRows,
  type IngestQueue,
} from './types.js';

export interface EmbeddedQueueConfig {
  /** bounds on rows/bytes accepted but not yet durable */
  maxRows: number;
  maxBytes: number;
  /** a batch is cut when it reaches either size, or when the interval passes */
  batchRows: number;
  batchBytes: number;
  flushIntervalMs: number;
  /** batches handed to the handler at once */
  concurrency: number;
}

export interface EmbeddedQueueDeps {
  handler: BatchHandler;
  /** attempts per batch before its requests are failed with 503 (same batch id each time) */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  onBatch?: (batch: Batch, seconds: number, error?: unknown) => void;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

interface Pending {
  chunks: Map<TableName, string[]>;
  rows: Map<TableName, number>;
  totalRows: number;
  totalBytes: number;
  waiters: Waiter[];
}

const emptyPending = (): Pending => ({ chunks: new Map(), rows: new Map(), totalRows: 0, totalBytes: 0, waiters: [] });

/**
 * In-process queue: requests append to one pending batch; a batch is cut by size or time
 * and handed to the handler (the ClickHouse writer). A request's promise settles when the
 * batch holding its rows is stored, so the HTTP answer means durable.
 */
export function createEmbeddedQueue(config: EmbeddedQueueConfig, deps: EmbeddedQueueDeps): IngestQueue {
  const maxAttempts = deps.maxAttempts ?? 5;
  const retryDelay = deps.retryDelayMs ?? ((attempt) => Math.min(100 * 2 ** attempt, 2000));
  let pending = emptyPending();
  let inFlight = 0;
  let depthRows = 0;
  let depthBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  const idle: Array<() => void> = [];

  function schedule(): void {
    if (pending.totalRows >= config.batchRows || pending.totalBytes >= config.batchBytes) {
      cut();
    } else if (!timer && pending.totalRows > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        cut();
      }, config.flushIntervalMs);
    }
  }

  /** Starts the pending batch if a slot is free; otherwise it waits and keeps growing. */
  function cut(): void {
    if (pending.totalRows === 0 || inFlight >= config.concurrency) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const taken = pending;
    pending = emptyPending();
    inFlight++;
    void run(taken);
  }

  async function run(taken: Pending): Promise<void> {
    const batch: Batch = {
      id: randomUUID(),
      parts: [...taken.chunks].map(([table, chunks]) => ({ table, data: chunks.join(''), rows: taken.rows.get(table)! })),
    };
    let error: unknown;
    const started = performance.now();
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      try {
        await deps.handler(batch);
        error = undefined;
        break;
      } catch (err) {
        error = err;
        if (attempt + 1 < maxAttempts) await new Promise((r) => setTimeout(r, retryDelay(attempt)));
      }
    }
    deps.onBatch?.(batch, (performance.now() - started) / 1000, error);
    depthRows -= taken.totalRows;
    depthBytes -= taken.totalBytes;
    inFlight--;
    if (error === undefined) {
      for (const w of taken.waiters) w.resolve();
    } else {
      const failure = new QueueUnavailableError(`could not store the batch: ${(error as Error).message ?? error}`, 5, { cause: error });
      for (const w of taken.waiters) w.reject(failure);
    }
    if (pending.totalRows > 0) {
      if (state === 'stopping' || pending.totalRows >= config.batchRows || pending.totalBytes >= config.batchBytes) cut();
      else schedule();
    }
    if (inFlight === 0 && pending.totalRows === 0) idle.splice(0).forEach((f) => f());
  }

  const full = () =>
    new QueueFullError(
      `ingest queue full: ${depthRows} rows / ${depthBytes} bytes waiting (limits ${config.maxRows} rows, ${config.maxBytes} bytes)`,
      1,
    );

  return {
    admit() {
      if (depthRows >= config.maxRows || depthBytes >= config.maxBytes) throw full();
    },
    push(parts: EncodedRows[]): Promise<void> {
      if (state !== 'running') {
        return Promise.reject(new QueueUnavailableError('the hub is shutting down', 5));
      }
      let rows = 0;
      let bytes = 0;
      for (const p of parts) {
        rows += p.rows;
        bytes += p.data.length;
      }
      if (rows === 0) return Promise.resolve();
      if (depthRows + rows > config.maxRows || depthBytes + bytes > config.maxBytes) {
        return Promise.reject(full());
      }
      depthRows += rows;
      depthBytes += bytes;
      for (const p of parts) {
        if (p.rows === 0) continue;
        const list = pending.chunks.get(p.table);
        if (list) list.push(p.data);
        else pending.chunks.set(p.table, [p.data]);
        pending.rows.set(p.table, (pending.rows.get(p.table) ?? 0) + p.rows);
      }
      pending.totalRows += rows;
      pending.totalBytes += bytes;
      const done = new Promise<void>((resolve, reject) => pending.waiters.push({ resolve, reject }));
      schedule();
      return done;
    },
    depth: () => ({ rows: depthRows, bytes: depthBytes }),
    async start() {
      if (state === 'new') state = 'running';
    },
    async stop() {
      if (state === 'stopped' || state === 'new') {
        state = 'stopped';
        return;
      }
      state = 'stopping';
      if (inFlight > 0 || pending.totalRows > 0) {
        const drained = new Promise<void>((r) => idle.push(r));
        cut();
        await drained;
      }
      state = 'stopped';
    },
  };
}
