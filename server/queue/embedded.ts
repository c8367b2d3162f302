import { randomUUID } from 'node:crypto';
import {
  QueueFullError,
  QueueUnavailableError,
  type Batch,
  type BatchHandler,
  type IngestQueue,
  type IngestRequest,
  type PushResult,
} from './types.js';

export interface EmbeddedQueueConfig {
  /** bounds on rows/bytes accepted but not yet durable */
  maxRows: number;
  maxBytes: number;
  /** a batch is cut when it reaches either size, when no insert is running, or when the interval passes */
  batchRows: number;
  batchBytes: number;
  flushIntervalMs: number;
  /** batches handed to the handler at once */
  concurrency: number;
  /** how long a stored request's key is remembered, so a re-send of it is not stored again */
  dedupWindowMs: number;
}

export interface EmbeddedQueueDeps {
  handler: BatchHandler;
  /** attempts before the requests waiting on a failing batch are answered 503; the batch itself is kept and retried */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  /** how long stop() waits for batches the store keeps refusing before it gives them up */
  stopTimeoutMs?: number;
  /** called when a batch is stored, and each time a failing batch answers its waiters 503 */
  onBatch?: (batch: Batch, seconds: number, error?: unknown) => void;
  now?: () => number;
}

interface Waiter {
  resolve(result: PushResult): void;
  reject(err: unknown): void;
}

/** One request, from its first push until its key is forgotten. */
interface Entry {
  /** dropped once settled: only the result is remembered */
  request: IngestRequest | undefined;
  rows: number;
  bytes: number;
  waiters: Waiter[];
  result?: PushResult;
  settledAt?: number;
}

interface Pending {
  entries: Entry[];
  totalRows: number;
  totalBytes: number;
}

const emptyPending = (): Pending => ({ entries: [], totalRows: 0, totalBytes: 0 });
const NOTHING_REFUSED: PushResult = Object.freeze({ refused: [] }) as PushResult;

/**
 * In-process queue: requests join one pending batch; a batch is cut by size or time and
 * handed to the handler (the ClickHouse writer). A request's promise settles when the batch
 * holding its rows is stored, so the HTTP answer means durable.
 *
 * A batch the store keeps failing is never dropped while the hub runs: after `maxAttempts`
 * its waiters are answered 503, and it goes on being retried with the same id (so the
 * tables it already wrote are deduplicated). A client's byte-for-byte re-send has the same
 * key: it waits for that batch instead of adding its rows again, and once the batch is
 * stored it is answered 200 from the remembered result.
 */
export function createEmbeddedQueue(config: EmbeddedQueueConfig, deps: EmbeddedQueueDeps): IngestQueue {
  const maxAttempts = deps.maxAttempts ?? 5;
  const retryDelay = deps.retryDelayMs ?? ((attempt) => Math.min(100 * 2 ** attempt, 2000));
  const stopTimeoutMs = deps.stopTimeoutMs ?? 30_000;
  const now = deps.now ?? Date.now;
  const receipts = new Map<string, Entry>();
  let lastSweep = now();
  let pending = emptyPending();
  let inFlight = 0;
  let depthRows = 0;
  let depthBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  /** a cut is queued for the end of this turn of the event loop */
  let cutQueued = false;
  let state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  let abandoned = false;
  const idle: Array<() => void> = [];

  /**
   * Group commit: with no insert running, rows go at once (after the current task, so
   * requests pushed together share a batch), and so do a fifth of a batch's rows when
   * another slot is free; anything less waits for a running insert to end, or for the
   * interval, so an insert's cost is shared by every request that arrived during the last
   * while small requests still make no flood of small inserts. A sender with a few large
   * requests in flight (Prometheus' shards) then waits for inserts, not for a timer
   * (bench/results/remote-write.md).
   */
  function schedule(): void {
    if (pending.totalRows >= config.batchRows || pending.totalBytes >= config.batchBytes) return cut();
    if (pending.totalRows === 0) return;
    if (inFlight === 0 || (inFlight < config.concurrency && pending.totalRows >= config.batchRows / 5)) {
      if (cutQueued) return;
      cutQueued = true;
      queueMicrotask(() => {
        cutQueued = false;
        cut();
      });
    } else if (!timer) {
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

  function failWaiters(entries: Entry[], error: unknown): void {
    const failure = new QueueUnavailableError(`could not store the batch: ${(error as Error)?.message ?? error}`, 5, { cause: error });
    for (const e of entries) for (const w of e.waiters.splice(0)) w.reject(failure);
  }

  async function run(taken: Pending): Promise<void> {
    const batch: Batch = { id: randomUUID(), requests: taken.entries.map((e) => e.request!) };
    const started = performance.now();
    let results: PushResult[] | undefined;
    for (let attempt = 1; results === undefined && !abandoned; attempt++) {
      try {
        results = await deps.handler(batch);
      } catch (err) {
        if (attempt >= maxAttempts) {
          failWaiters(taken.entries, err);
          deps.onBatch?.(batch, (performance.now() - started) / 1000, err);
        }
        if (!abandoned) await new Promise((r) => setTimeout(r, retryDelay(Math.min(attempt - 1, 10))));
      }
    }
    depthRows -= taken.totalRows;
    depthBytes -= taken.totalBytes;
    inFlight--;
    if (results) {
      deps.onBatch?.(batch, (performance.now() - started) / 1000);
      const settledAt = now();
      taken.entries.forEach((e, i) => {
        e.result = results[i]!.refused.length === 0 ? NOTHING_REFUSED : results[i]!;
        e.settledAt = settledAt;
        e.request = undefined;
        for (const w of e.waiters.splice(0)) w.resolve(e.result);
      });
    } else {
      // Given up at shutdown: the keys are forgotten, so nothing claims these rows are stored.
      failWaiters(taken.entries, new Error('the hub stopped before the batch could be stored'));
      for (const e of taken.entries) receipts.delete(e.request!.key);
    }
    // what arrived during this insert has waited for it: it goes now
    if (pending.totalRows > 0) cut();
    if (inFlight === 0 && pending.totalRows === 0) idle.splice(0).forEach((f) => f());
  }

  /** Forgets the keys of requests settled longer ago than the dedup window. */
  function sweep(): void {
    const t = now();
    if (t - lastSweep < config.dedupWindowMs / 10) return;
    lastSweep = t;
    for (const [key, e] of receipts) if (e.settledAt !== undefined && t - e.settledAt > config.dedupWindowMs) receipts.delete(key);
  }

  const full = () =>
    new QueueFullError(
      `ingest queue full: ${depthRows} rows / ${depthBytes} bytes waiting (limits ${config.maxRows} rows, ${config.maxBytes} bytes)`,
      1,
    );

  const wait = (entry: Entry) => new Promise<PushResult>((resolve, reject) => entry.waiters.push({ resolve, reject }));

  return {
    admit() {
      if (depthRows >= config.maxRows || depthBytes >= config.maxBytes) throw full();
    },
    push(request: IngestRequest): Promise<PushResult> {
      if (state !== 'running') {
        return Promise.reject(new QueueUnavailableError('the hub is shutting down', 5));
      }
      sweep();
      const known = receipts.get(request.key);
      if (known) return known.result ? Promise.resolve(known.result) : wait(known);
      let rows = 0;
      let bytes = 0;
      for (const p of request.parts) {
        rows += p.rows;
        bytes += p.data.length;
      }
      if (rows === 0) return Promise.resolve(NOTHING_REFUSED);
      if (depthRows + rows > config.maxRows || depthBytes + bytes > config.maxBytes) {
        return Promise.reject(full());
      }
      depthRows += rows;
      depthBytes += bytes;
      const entry: Entry = { request, rows, bytes, waiters: [] };
      receipts.set(request.key, entry);
      pending.entries.push(entry);
      pending.totalRows += rows;
      pending.totalBytes += bytes;
      const done = wait(entry);
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
        let deadline: NodeJS.Timeout | undefined;
        const late = new Promise<void>((r) => (deadline = setTimeout(r, stopTimeoutMs)));
        await Promise.race([drained, late]);
        clearTimeout(deadline);
        abandoned = true;
        // A batch whose insert never returns still has waiters: they are told now.
        for (const e of receipts.values()) if (e.result === undefined) failWaiters([e], new Error('the hub stopped before the batch could be stored'));
      }
      state = 'stopped';
    },
  };
}
