import { describe, expect, it } from 'vitest';
import { createEmbeddedQueue, type EmbeddedQueueConfig } from './embedded.js';
import { QueueFullError, QueueUnavailableError, type Batch } from './types.js';

const config: EmbeddedQueueConfig = { maxRows: 100, maxBytes: 10_000, batchRows: 10, batchBytes: 5_000, flushIntervalMs: 20, concurrency: 1 };
const rows = (n: number, table: 'otel_traces' | 'otel_logs' = 'otel_traces') => ({ table, data: '{}\n'.repeat(n), rows: n });

describe('embedded queue', () => {
  it('settles a push only after its batch is handled, merging parts per table', async () => {
    const batches: Batch[] = [];
    const q = createEmbeddedQueue(config, { handler: async (b) => void batches.push(b) });
    await q.start();
    const order: string[] = [];
    const a = q.push([rows(2), rows(1, 'otel_logs')]).then(() => order.push('a'));
    const b = q.push([rows(3)]).then(() => order.push('b'));
    expect(q.depth()).toEqual({ rows: 6, bytes: 18 });
    await Promise.all([a, b]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.parts.map((p) => [p.table, p.rows, p.data.length])).toEqual([
      ['otel_traces', 5, 15],
      ['otel_logs', 1, 3],
    ]);
    expect(q.depth()).toEqual({ rows: 0, bytes: 0 });
    await q.stop();
  });

  it('cuts a batch at batchRows without waiting for the interval', async () => {
    const batches: Batch[] = [];
    const q = createEmbeddedQueue({ ...config, flushIntervalMs: 60_000 }, { handler: async (b) => void batches.push(b) });
    await q.start();
    await q.push([rows(10)]);
    expect(batches).toHaveLength(1);
    await q.stop();
  });

  it('refuses with QueueFullError past maxRows and takes nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = createEmbeddedQueue({ ...config, maxRows: 15 }, { handler: () => gate });
    await q.start();
    const first = q.push([rows(10)]);
    await expect(q.push([rows(6)])).rejects.toBeInstanceOf(QueueFullError);
    expect(q.depth().rows).toBe(10);
    release();
    await first;
    await q.stop();
  });

  it('admits nothing once a bound is reached, and admits again when it drains', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = createEmbeddedQueue({ ...config, maxRows: 10 }, { handler: () => gate });
    await q.start();
    expect(() => q.admit()).not.toThrow();
    const first = q.push([rows(10)]);
    expect(() => q.admit()).toThrow(QueueFullError);
    release();
    await first;
    expect(() => q.admit()).not.toThrow();
    await q.stop();
  });

  it('retries a failing batch with the same id, then fails its requests with 503-worthy errors', async () => {
    const ids: string[] = [];
    const q = createEmbeddedQueue(config, {
      handler: async (b) => {
        ids.push(b.id);
        throw new Error('ClickHouse is down');
      },
      maxAttempts: 3,
      retryDelayMs: () => 1,
    });
    await q.start();
    const err = await q.push([rows(1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueUnavailableError);
    expect((err as Error).message).toContain('ClickHouse is down');
    expect(new Set(ids).size).toBe(1);
    expect(ids).toHaveLength(3);
    await q.stop();
  });

  it('drains pending rows on stop and refuses pushes afterwards; stop is safe twice', async () => {
    const handled: number[] = [];
    const q = createEmbeddedQueue({ ...config, flushIntervalMs: 60_000 }, { handler: async (b) => void handled.push(b.parts[0]!.rows) });
    await q.start();
    const p = q.push([rows(4)]);
    await q.stop();
    await p;
    expect(handled).toEqual([4]);
    await expect(q.push([rows(1)])).rejects.toBeInstanceOf(QueueUnavailableError);
    await q.stop();
  });
});
