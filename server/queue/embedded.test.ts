import { describe, expect, it } from 'vitest';
import { createEmbeddedQueue, type EmbeddedQueueConfig } from './embedded.js';
import { QueueFullError, QueueUnavailableError, type Batch, type BatchHandler, type IngestRequest, type PushResult } from './types.js';

const config: EmbeddedQueueConfig = {
  maxRows: 100,
  maxBytes: 10_000,
  batchRows: 10,
  batchBytes: 5_000,
  flushIntervalMs: 20,
  concurrency: 1,
  dedupWindowMs: 60_000,
};
const rows = (n: number, table: 'otel_traces' | 'otel_logs' = 'otel_traces') => ({ table, data: '{}\n'.repeat(n), rows: n });
let seq = 0;
const request = (...parts: ReturnType<typeof rows>[]): IngestRequest => ({ key: `r${++seq}`, parts });
const storeAll = (batches: Batch[]): BatchHandler => async (b) => {
  batches.push(b);
  return b.requests.map(() => ({ refused: [] }));
};

describe('embedded queue', () => {
  it('settles a push only after its batch is handled, keeping each request apart', async () => {
    const batches: Batch[] = [];
    const q = createEmbeddedQueue(config, { handler: storeAll(batches) });
    await q.start();
    const order: string[] = [];
    const a = q.push(request(rows(2), rows(1, 'otel_logs'))).then(() => order.push('a'));
    const b = q.push(request(rows(3))).then(() => order.push('b'));
    expect(q.depth()).toEqual({ rows: 6, bytes: 18 });
    await Promise.all([a, b]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.requests.map((r) => r.parts.map((p) => [p.table, p.rows]))).toEqual([
      [['otel_traces', 2], ['otel_logs', 1]],
      [['otel_traces', 3]],
    ]);
    expect(q.depth()).toEqual({ rows: 0, bytes: 0 });
    await q.stop();
  });

  it("hands each request the handler's result for it", async () => {
    const refusedOfSecond: PushResult = { refused: [{ table: 'otel_traces', rows: 3, message: 'Decimal math overflow (DECIMAL_OVERFLOW)' }] };
    const q = createEmbeddedQueue(config, { handler: async (b) => [{ refused: [] }, refusedOfSecond] });
    await q.start();
    const results = await Promise.all([q.push(request(rows(2))), q.push(request(rows(3)))]);
    expect(results).toEqual([{ refused: [] }, refusedOfSecond]);
    await q.stop();
  });

  it('cuts a batch at batchRows without waiting for the interval', async () => {
    const batches: Batch[] = [];
    const q = createEmbeddedQueue({ ...config, flushIntervalMs: 60_000 }, { handler: storeAll(batches) });
    await q.start();
    await q.push(request(rows(10)));
    expect(batches).toHaveLength(1);
    await q.stop();
  });

  it('inserts at once when idle, and what arrives during an insert as soon as it ends, not after the interval', async () => {
    const batches: Batch[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = createEmbeddedQueue(
      { ...config, flushIntervalMs: 60_000 },
      {
        handler: async (b) => {
          if (batches.push(b) === 1) await gate;
          return b.requests.map(() => ({ refused: [] }));
        },
      },
    );
    await q.start();
    const a = q.push(request(rows(2)));
    await new Promise((r) => setTimeout(r, 5));
    expect(batches.map((b) => b.requests.length)).toEqual([1]);
    const rest = [q.push(request(rows(1))), q.push(request(rows(3)))];
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toHaveLength(1);
    release();
    await Promise.all([a, ...rest]);
    expect(batches.map((b) => b.requests.map((r) => r.parts[0]!.rows))).toEqual([[2], [1, 3]]);
    await q.stop();
  });

  it('fills a second slot at once with a fifth of a batch, and waits with less', async () => {
    const batches: Batch[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = createEmbeddedQueue(
      { ...config, concurrency: 2, flushIntervalMs: 60_000 },
      {
        handler: async (b) => {
          batches.push(b);
          await gate;
          return b.requests.map(() => ({ refused: [] }));
        },
      },
    );
    await q.start();
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const pushes = [q.push(request(rows(1)))];
    await tick();
    pushes.push(q.push(request(rows(1))));
    await tick();
    // one row is less than a fifth of batchRows (10): it waits
    expect(batches.map((b) => b.requests.length)).toEqual([1]);
    pushes.push(q.push(request(rows(1))));
    await tick();
    expect(batches.map((b) => b.requests.length)).toEqual([1, 2]);
    release();
    await Promise.all(pushes);
    await q.stop();
  });

  it('refuses with QueueFullError past maxRows and takes nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = createEmbeddedQueue({ ...config, maxRows: 15 }, { handler: (b) => gate.then(() => b.requests.map(() => ({ refused: [] }))) });
    await q.start();
    const first = q.push(request(rows(10)));
    await expect(q.push(request(rows(6)))).rejects.toBeInstanceOf(QueueFullError);
    expect(q.depth().rows).toBe(10);
    release();
    await first;
    await q.stop();
  });

  it('admits nothing once a bound is reached, and admits again when it drains', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = createEmbeddedQueue({ ...config, maxRows: 10 }, { handler: (b) => gate.then(() => b.requests.map(() => ({ refused: [] }))) });
    await q.start();
    expect(() => q.admit()).not.toThrow();
    const first = q.push(request(rows(10)));
    expect(() => q.admit()).toThrow(QueueFullError);
    release();
    await first;
    expect(() => q.admit()).not.toThrow();
    await q.stop();
  });

  it('answers 503 after maxAttempts but keeps retrying the same batch; a re-send waits for it instead of adding rows', async () => {
    const ids: string[] = [];
    let down = true;
    const handled: Batch[] = [];
    const q = createEmbeddedQueue(config, {
      handler: async (b) => {
        ids.push(b.id);
        if (down) throw new Error('ClickHouse is down');
        return storeAll(handled)(b);
      },
      maxAttempts: 3,
      retryDelayMs: () => 5,
    });
    await q.start();
    const original = request(rows(2));
    const err = await q.push(original).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueUnavailableError);
    expect((err as Error).message).toContain('ClickHouse is down');
    expect(ids.length).toBeGreaterThanOrEqual(3);
    // Still counted: the rows are kept until stored.
    expect(q.depth().rows).toBe(2);

    const resend = q.push({ key: original.key, parts: [rows(2)] });
    down = false;
    await expect(resend).resolves.toEqual({ refused: [] });
    expect(new Set(ids).size).toBe(1);
    expect(handled).toHaveLength(1);
    expect(handled[0]!.requests).toHaveLength(1);
    expect(q.depth()).toEqual({ rows: 0, bytes: 0 });

    // Stored now: a later re-send is answered from the receipt and stores nothing.
    await expect(q.push({ key: original.key, parts: [rows(2)] })).resolves.toEqual({ refused: [] });
    expect(handled).toHaveLength(1);
    await q.stop();
  });

  it('forgets a stored key after the dedup window', async () => {
    let clock = 1_000_000;
    const batches: Batch[] = [];
    const q = createEmbeddedQueue({ ...config, dedupWindowMs: 1_000 }, { handler: storeAll(batches), now: () => clock });
    await q.start();
    const r = request(rows(1));
    await q.push(r);
    clock += 500;
    await q.push({ ...r });
    expect(batches).toHaveLength(1);
    clock += 1_001;
    await q.push({ ...r });
    expect(batches).toHaveLength(2);
    await q.stop();
  });

  it('drains pending rows on stop and refuses pushes afterwards; stop is safe twice', async () => {
    const batches: Batch[] = [];
    const q = createEmbeddedQueue({ ...config, flushIntervalMs: 60_000 }, { handler: storeAll(batches) });
    await q.start();
    const p = q.push(request(rows(4)));
    await q.stop();
    await p;
    expect(batches.map((b) => b.requests[0]!.parts[0]!.rows)).toEqual([4]);
    await expect(q.push(request(rows(1)))).rejects.toBeInstanceOf(QueueUnavailableError);
    await q.stop();
  });

  it('gives up a batch the store keeps failing once the stop deadline passes', async () => {
    const q = createEmbeddedQueue(config, {
      handler: async () => {
        throw new Error('ClickHouse is down');
      },
      maxAttempts: 100,
      retryDelayMs: () => 5,
      stopTimeoutMs: 50,
    });
    await q.start();
    const p = q.push(request(rows(1))).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 30));
    const started = Date.now();
    await q.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await p).toBeInstanceOf(QueueUnavailableError);
  });
});
