/**
 * Fault test of issue 11: the ClickHouse endpoint gone for 30 s. A collector → Redis → a
 * worker,api process whose CLICKHOUSE_URL is the ClickHouse-protocol server of
 * test/support/clickhouse-http.ts. While the server is gone (its listener closed, which is
 * all a client sees of a dead server) the queue grows to OCTOLENS_QUEUE_MAX_ROWS, senders
 * past it get 429 with Retry-After, the worker keeps retrying its jobs (none dead-lettered),
 * and once the server is back everything drains: every span answered 2xx is stored exactly
 * once, counted by span id in the storage itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDepth } from '../server/queue/redis.js';
import { startClickHouseHttp, type ClickHouseHttpServer } from './support/clickhouse-http.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';
import { startRedis, type RunningRedis } from './support/redis.js';
import { startSdkSender } from './support/sdk-sender.js';
import { makeSpans, protobufTraces } from './support/spans.js';
import { storedSpanIds } from './support/stored-span-ids.js';

const QUEUE = 'ch-outage';
const MAX_ROWS = 300;
const OUTAGE_MS = 30_000;
const auth = { user: 'octolens', password: 's3cret', database: 'telemetry' };

let dir: string;
let ch: ClickHouseHttpServer;
let redis: RunningRedis;
let redisClient: Redis;
let worker: RunningHub;
let collector: RunningHub;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octolens-ch-outage-'));
  ch = await startClickHouseHttp({ path: dir, users: { octolens: auth.password }, databases: [auth.database] });
  redis = await startRedis();
  redisClient = new Redis(redis.url);
  // the production defaults for attempts and backoff (10, from 500 ms doubling) outlast 30 s
  const env = { REDIS_URL: redis.url, OCTOLENS_QUEUE_NAME: QUEUE, OCTOLENS_QUEUE_MAX_ROWS: String(MAX_ROWS) };
  worker = await startHub({ env: { ...env, CLICKHOUSE_URL: ch.url, CLICKHOUSE_USER: auth.user, CLICKHOUSE_PASSWORD: auth.password, CLICKHOUSE_DATABASE: auth.database }, args: ['--role', 'worker,api'] });
  collector = await startHub({ env, args: ['--role', 'collector'] });
}, 180_000);
afterAll(async () => {
  await collector?.dispose();
  await worker?.dispose();
  redisClient?.disconnect();
  await redis?.stop();
  await ch?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const postTraces = (body: Uint8Array<ArrayBuffer>) =>
  fetch(`${collector.otlpUrl}/v1/traces`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf' } });

it('ClickHouse gone for 30 s: the queue fills, senders get 429 with Retry-After, all drains once it is back', async () => {
  // 200 spans/s from the real SDK, before, during and after the outage
  const sender = startSdkSender({ url: `${collector.otlpUrl}/v1/traces`, service: 'ch-outage', spansPerTick: 10, tickMs: 50 });
  const flowing = await eventually(() => storedSpanIds(ch.url, auth, 'ch-outage'), (m) => m.size >= 100, 30_000);
  expect(flowing.size).toBeGreaterThanOrEqual(100);

  await ch.stop();
  const goneAt = Date.now();
  const ackedBefore = new Set(sender.acked);

  // The worker cannot store: queued rows pile up in Redis to the bound, never past it.
  const PROBE_SPANS = 50;
  const full = await eventually(() => readDepth(redisClient, QUEUE), (d) => d.rows > MAX_ROWS - PROBE_SPANS, 20_000);
  expect(full.rows).toBeGreaterThan(MAX_ROWS - PROBE_SPANS);
  expect(full.rows).toBeLessThanOrEqual(MAX_ROWS);

  // A sender past the bound (raw HTTP, to read the answer itself) is told when to come back.
  const probe = protobufTraces(makeSpans('ch-outage-probe', Array.from({ length: PROBE_SPANS }, (_, i) => `probe-${i}`)));
  const refused = await postTraces(probe);
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);

  await sleep(goneAt + OUTAGE_MS - Date.now());
  const depthAtReturn = await readDepth(redisClient, QUEUE);
  const ackedDuring = [...sender.acked].filter((id) => !ackedBefore.has(id));
  await ch.restart();
  const backAt = Date.now();

  // Nothing was stored while the server was gone, so the depth could not fall.
  expect(depthAtReturn.rows).toBeGreaterThanOrEqual(full.rows);
  // The probe honours Retry-After, re-sending the same bytes until it is taken.
  let probeStatus = refused.status;
  let probeWait = retryAfter;
  const probeDeadline = Date.now() + 60_000;
  while (probeStatus !== 200 && Date.now() < probeDeadline) {
    await sleep(probeWait * 1000);
    const res = await postTraces(probe);
    probeStatus = res.status;
    probeWait = Number(res.headers.get('retry-after') ?? 1);
    await res.arrayBuffer();
  }
  expect(probeStatus).toBe(200);

  await sleep(3_000);
  await sender.stop();

  // Everything drains: the depth falls to zero and the stored spans are the acknowledged ones.
  const drained = await eventually(() => readDepth(redisClient, QUEUE), (d) => d.rows === 0, 90_000);
  expect(drained).toEqual({ rows: 0, bytes: 0 });
  const stored = await eventually(() => storedSpanIds(ch.url, auth, 'ch-outage'), (m) => m.size >= sender.acked.size, 30_000);

  // traffic crossed the outage: spans acknowledged before it, queued during it (before the
  // bound was hit), and sent after it; and the SDK's own exports were refused meanwhile
  expect(ackedBefore.size).toBeGreaterThan(0);
  expect(ackedDuring.length).toBeGreaterThan(0);
  const ackedAfter = sender.exports.filter((e) => e.ok && e.startedAt > backAt);
  expect(ackedAfter.length).toBeGreaterThan(0);
  expect(sender.exports.some((e) => e.ok === false && e.startedAt > goneAt && e.startedAt < backAt)).toBe(true);

  // every acknowledged span exactly once; a span refused on every try (429s answered before
  // anything is queued) is not stored at all
  expect([...stored.values()].filter((n) => n !== 1)).toEqual([]);
  expect(new Set(stored.keys())).toEqual(sender.acked);
  const probeStored = await storedSpanIds(ch.url, auth, 'ch-outage-probe');
  expect([...probeStored.values()]).toEqual(Array(PROBE_SPANS).fill(1));

  // the worker retried its jobs through the outage and dead-lettered none
  const metrics = await (await fetch(`${worker.apiUrl}/metrics`)).text();
  expect(Number(/^octolens_queue_jobs_total\{outcome="failed"\} (\d+)$/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
  expect(metrics).toMatch(/^octolens_queue_dead_letters 0$/m);
  expect(await getJson<{ total: number }>(worker, '/api/v1/queue/dead-letters')).toEqual({ total: 0, items: [] });
}, 240_000);
