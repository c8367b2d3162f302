/**
 * The Redis queue against a real redis-server (test/support/redis.ts): exact depth, dedup of a
 * re-sent key, 429 past the bound, dead letters after N failures, and replay.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually.js';
import { startRedis, type RunningRedis } from '../../test/support/redis.js';
import { connectRedis, createRedisQueue, jobIdOf, keys, readDepth } from './redis.js';
import { createRedisWorker } from './redis-worker.js';
import { openDeadLetters } from './redis-dead-letters.js';
import { QueueFullError, type Batch, type IngestQueue, type IngestRequest } from './types.js';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A request of `rows` rows of otel_traces, each line `{"n":i}` + newline. */
function request(key: string, rows: number): IngestRequest {
  const data = Array.from({ length: rows }, (_, i) => `{"n":${i}}\n`).join('');
  return { key, parts: [{ table: 'otel_traces', data, rows }] };
}
const bytesOf = (rows: number) => request('x', rows).parts[0]!.data.length;

function config(overrides: Partial<{ maxRows: number; attempts: number }> = {}) {
  return { url: redis.url, name: `test-${randomBytes(4).toString('hex')}`, maxRows: 1000, maxBytes: 1 << 20, dedupWindowMs: 60_000, attempts: 3, ...overrides };
}

async function collector(c: ReturnType<typeof config>): Promise<IngestQueue> {
  const q = createRedisQueue(c);
  await q.start();
  closers.push(() => q.stop());
  return q;
}

async function worker(c: ReturnType<typeof config>, handler: (batch: Batch) => Promise<void>, { batchRows = 1_000_000, concurrency = 2 } = {}) {
  const w = createRedisWorker({ ...c, concurrency, backoffMs: 10, batchRows, batchBytes: 1 << 28 }, {
    handler: async (batch) => {
      await handler(batch);
      return batch.requests.map(() => ({ refused: [] }));
    },
  });
  await w.start();
  closers.push(() => w.stop());
  return w;
}

function deadLetters(c: ReturnType<typeof config>) {
  const d = openDeadLetters(c.url, c.name);
  closers.push(() => d.close());
  return d;
}

describe('Redis queue', () => {
  it('counts rows and bytes exactly, queues a re-sent key once, and a worker stores each job once under its job id', async () => {
    const c = config();
    const q = await collector(c);
    await q.push(request('otlp/traces/a', 2));
    await q.push(request('otlp/traces/b', 3));
    await q.push(request('otlp/traces/c', 5));
    await q.push(request('otlp/traces/b', 3)); // the client re-sends b
    // a second collector process sees the same Redis: its re-send of a is not queued either
    const other = await collector(c);
    await other.push(request('otlp/traces/a', 2));
    expect(q.depth()).toEqual({ rows: 10, bytes: bytesOf(2) + bytesOf(3) + bytesOf(5) });
    await eventually(async () => other.depth(), (d) => d.rows === 10, 2000);
    expect(other.depth()).toEqual({ rows: 10, bytes: bytesOf(2) + bytesOf(3) + bytesOf(5) });

    const seen: Array<{ id: string; key: string; rows: number }> = [];
    await worker(c, async (batch) => {
      for (const r of batch.requests) seen.push({ id: batch.id, key: r.key, rows: r.parts[0]!.rows });
    });
    await eventually(async () => seen.length, (n) => n === 3);
    await eventually(async () => q.depth().rows, (n) => n === 0, 3000);
    expect(seen.sort((x, y) => (x.key < y.key ? -1 : 1))).toEqual([
      { id: jobIdOf('otlp/traces/a'), key: 'otlp/traces/a', rows: 2 },
      { id: jobIdOf('otlp/traces/b'), key: 'otlp/traces/b', rows: 3 },
      { id: jobIdOf('otlp/traces/c'), key: 'otlp/traces/c', rows: 5 },
    ]);
    expect(q.depth()).toEqual({ rows: 0, bytes: 0 });
    // stored, then re-sent inside the dedup window: answered, not queued again
    await q.push(request('otlp/traces/c', 5));
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(3);
  });

  it('queues a request whose first collector was killed between its claim and its add, when the client re-sends it', async () => {
    const c = config();
    // what a collector killed at that moment leaves in Redis: the claim and the depth, no job
    const r = connectRedis(c.url);
    closers.push(async () => void r.disconnect());
    const k = keys(c.name);
    expect(await r.octolensClaim(k.request(jobIdOf('orphan')), k.depth, 4, bytesOf(4), c.maxRows, c.maxBytes)).toBe(1);

    const q = await collector(c);
    await q.push(request('orphan', 4)); // the client's re-send, to another collector
    const seen: string[] = [];
    await worker(c, async (batch) => void seen.push(...batch.requests.map((x) => x.key)));
    await eventually(async () => seen.length, (n) => n === 1);
    await eventually(async () => (await readDepth(r, c.name)).rows, (n) => n === 0, 3000);
    expect(await readDepth(r, c.name)).toEqual({ rows: 0, bytes: 0 });
    // a third copy after it was stored is answered, not queued again
    await q.push(request('orphan', 4));
    await new Promise((res) => setTimeout(res, 300));
    expect(seen).toEqual(['orphan']);
  });

  it('inserts the jobs taken while an insert runs as one group, and a failed group again exactly as it was', async () => {
    const c = config();
    const q = await collector(c);
    const names = ['first', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    for (const name of names) await q.push(request(name, 2));
    const inserts: Array<{ id: string; keys: string[] }> = [];
    let failedOnce = false;
    await worker(
      c,
      async (batch) => {
        inserts.push({ id: batch.id, keys: batch.requests.map((r) => r.key).sort() });
        // the first job goes alone and holds the only insert slot while the others are taken
        if (batch.id === jobIdOf('first')) await new Promise((r) => setTimeout(r, 400));
        else if (!failedOnce) {
          failedOnce = true;
          throw new Error('store timed out');
        }
      },
      { concurrency: 1, batchRows: 10 },
    );
    const r = connectRedis(c.url);
    closers.push(async () => void r.disconnect());
    await eventually(async () => (await readDepth(r, c.name)).rows, (n) => n === 0, 5000);
    expect(inserts[0]).toEqual({ id: jobIdOf('first'), keys: ['first'] });
    // the other six are 12 rows: a group stops at batchRows 10, so 5 + 1
    const groups = new Map(inserts.slice(1).map((i) => [i.id, i.keys]));
    expect([...groups.values()].map((keys) => keys.length).sort()).toEqual([1, 5]);
    // every attempt of a group id carried the same jobs (the retry of the failed one included)
    for (const i of inserts) expect(i.keys).toEqual(groups.get(i.id) ?? ['first']);
    expect(inserts.length).toBeGreaterThan(groups.size + 1);
    // and each job is in exactly one group id: what ClickHouse keeps once per token
    expect([...groups.values(), ['first']].flat().sort()).toEqual([...names].sort());
  });

  it('refuses past OCTOLENS_QUEUE_MAX_ROWS with QueueFullError (429, Retry-After) and takes nothing', async () => {
    const c = config({ maxRows: 5 });
    const q = await collector(c);
    await q.push(request('k1', 4));
    const err = await q.push(request('k2', 2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueFullError);
    expect((err as QueueFullError).retryAfterSeconds).toBe(1);
    expect(q.depth()).toEqual({ rows: 4, bytes: bytesOf(4) });
    await q.push(request('k3', 1));
    expect(q.depth().rows).toBe(5);
    expect(() => q.admit()).toThrow(QueueFullError);
    // k2 was not taken: once there is room its retry is queued
    let stored = 0;
    await worker(c, async (batch) => void (stored += batch.requests[0]!.parts[0]!.rows));
    await eventually(async () => stored, (n) => n === 5);
    await eventually(async () => q.depth().rows, (n) => n === 0, 3000);
    await q.push(request('k2', 2));
    await eventually(async () => stored, (n) => n === 7);
    expect(stored).toBe(7);
  });

  it('moves a job to the dead-letter queue after N failed attempts; replay stores it once', async () => {
    const c = config({ attempts: 3 });
    const q = await collector(c);
    await q.push(request('poison', 4));
    let attempts = 0;
    let healthy = false;
    const stored: string[] = [];
    await worker(c, async (batch) => {
      attempts++;
      if (!healthy) throw new Error('store down');
      stored.push(batch.id);
    });
    const dead = deadLetters(c);
    await eventually(() => dead.count(), (n) => n === 1);
    expect(attempts).toBe(3);
    expect(await dead.list()).toEqual([
      { id: jobIdOf('poison'), key: 'poison', rows: 4, bytes: bytesOf(4), tables: ['otel_traces'], queuedAt: expect.any(Number) },
    ]);
    // parked rows no longer count against the bounds
    await eventually(async () => q.depth().rows, (n) => n === 0, 3000);
    expect(await dead.gauges()).toEqual({ oldestJobAgeSeconds: 0, deadLetters: 1 });

    healthy = true;
    expect(await dead.replay(c.attempts)).toBe(1);
    await eventually(async () => stored.length, (n) => n === 1);
    expect(stored).toEqual([jobIdOf('poison')]);
    expect(attempts).toBe(4);
    expect(await dead.count()).toBe(0);
    await eventually(async () => q.depth().rows, (n) => n === 0, 3000);
    expect(q.depth()).toEqual({ rows: 0, bytes: 0 });
  });

  it('`octolens queue replay` puts dead letters back, talking to Redis directly', async () => {
    const c = config({ attempts: 1 });
    const q = await collector(c);
    await q.push(request('cli-poison', 2));
    let healthy = false;
    const stored: string[] = [];
    await worker(c, async (batch) => {
      if (!healthy) throw new Error('store down');
      stored.push(batch.id);
    });
    const dead = deadLetters(c);
    await eventually(() => dead.count(), (n) => n === 1);
    healthy = true;
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(import.meta.dirname, '../../bin/octolens.mjs'), 'queue', 'replay'], {
      env: { ...process.env, REDIS_URL: c.url, OCTOLENS_QUEUE_NAME: c.name, OCTOLENS_QUEUE_ATTEMPTS: '1' },
    });
    expect(stdout).toBe(`1 dead-lettered job put back on queue ${c.name}\n`);
    await eventually(async () => stored.length, (n) => n === 1);
    expect(stored).toEqual([jobIdOf('cli-poison')]);
    expect(await dead.count()).toBe(0);
  });

  it('reports the oldest waiting job age while no worker runs', async () => {
    const c = config();
    const q = await collector(c);
    await q.push(request('old', 1));
    await new Promise((r) => setTimeout(r, 1100));
    await q.push(request('new', 1));
    const { oldestJobAgeSeconds } = await deadLetters(c).gauges();
    expect(oldestJobAgeSeconds).toBeGreaterThanOrEqual(1.1);
    expect(oldestJobAgeSeconds).toBeLessThan(5);
  });
});
