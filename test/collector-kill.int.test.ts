/**
 * Fault test of issue 11: `kill -9` of a collector with requests in flight. Two collector
 * processes over Redis and a worker,api process on the ClickHouse-protocol server of
 * test/support/clickhouse-http.ts (so spans are counted by id in the storage itself). The
 * sender posts OTLP/protobuf requests (the SDK's own serialization) to collector A; A is
 * killed with SIGKILL while many are open, and every request that got no 2xx is re-sent,
 * byte for byte, to collector B, as an exporter behind a load balancer would.
 *
 * A reaches Redis through a relay that holds Redis's replies for 250 ms, so at the kill some
 * requests have their job in Redis (or already stored) without A having answered: the case
 * where only the request-key dedup (docs/architecture.md, "Idempotency") keeps the re-send
 * from doubling rows. Others hold a claim with no job yet, which B's re-send must complete.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jobIdOf, keys, readDepth } from '../server/queue/redis.js';
import { startClickHouseHttp, type ClickHouseHttpServer } from './support/clickhouse-http.js';
import { eventually } from './support/eventually.js';
import { startHub, type RunningHub } from './support/hub.js';
import { startRedis, type RunningRedis } from './support/redis.js';
import { makeSpans, protobufTraces } from './support/spans.js';
import { storedSpanIds } from './support/stored-span-ids.js';
import { startTcpDelay, type TcpDelay } from './support/tcp-delay.js';

const QUEUE = 'collector-kill';
const auth = { user: 'octolens', password: 's3cret', database: 'telemetry' };

let dir: string;
let ch: ClickHouseHttpServer;
let redis: RunningRedis;
let redisClient: Redis;
let relay: TcpDelay;
let worker: RunningHub;
let collectorA: RunningHub;
let collectorB: RunningHub;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octolens-collector-kill-'));
  ch = await startClickHouseHttp({ path: dir, users: { octolens: auth.password }, databases: [auth.database] });
  redis = await startRedis();
  redisClient = new Redis(redis.url);
  relay = await startTcpDelay(redis.port, 250);
  const env = { REDIS_URL: redis.url, OCTOLENS_QUEUE_NAME: QUEUE };
  worker = await startHub({ env: { ...env, CLICKHOUSE_URL: ch.url, CLICKHOUSE_USER: auth.user, CLICKHOUSE_PASSWORD: auth.password, CLICKHOUSE_DATABASE: auth.database }, args: ['--role', 'worker,api'] });
  collectorA = await startHub({ env: { ...env, REDIS_URL: `redis://127.0.0.1:${relay.port}` }, args: ['--role', 'collector'] });
  collectorB = await startHub({ env, args: ['--role', 'collector'] });
}, 180_000);
afterAll(async () => {
  await collectorA?.dispose();
  await collectorB?.dispose();
  await worker?.dispose();
  await relay?.close();
  redisClient?.disconnect();
  await redis?.stop();
  await ch?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface SentRequest {
  body: Uint8Array<ArrayBuffer>;
  spanIds: string[];
  sentToA?: boolean;
  /** the status A answered, or undefined: no answer (killed, refused connection) */
  statusFromA?: number;
  statusFromB?: number;
}

const REQUESTS = 160;
const SPANS_PER_REQUEST = 10;
const CONCURRENCY = 24;

/** POSTs one request; the status, or undefined when no HTTP answer came (reset, refused). */
async function post(hub: RunningHub, body: Uint8Array<ArrayBuffer>): Promise<{ status?: number; retryAfter?: number }> {
  try {
    const res = await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf' } });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0) };
  } catch {
    return {};
  }
}

/** Runs `fn` over the items, `CONCURRENCY` at a time, taking the next item only while `more()`. */
async function pool<T>(items: T[], fn: (item: T) => Promise<void>, more: () => boolean = () => true): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, k) => {
      // staggered starts, so the requests open at any moment are at different steps
      await new Promise((r) => setTimeout(r, k * 20));
      while (next < items.length && more()) await fn(items[next++]!);
    }),
  );
}

const is2xx = (status?: number) => status !== undefined && status >= 200 && status < 300;

/** What Redis holds of a request A never answered: the request key's state and whether its job is there. */
async function redisStateOf(body: Uint8Array<ArrayBuffer>): Promise<'stored' | 'job' | 'claim' | 'none'> {
  const jobId = jobIdOf(`otlp/traces/protobuf/${createHash('sha256').update(body).digest('base64url')}`);
  const state = await redisClient.get(keys(QUEUE).request(jobId));
  if (state === 'done') return 'stored';
  if (state === null) return 'none';
  return (await redisClient.exists(`bull:${QUEUE}:${jobId}`)) ? 'job' : 'claim';
}

it('a collector killed with SIGKILL mid-stream: requests without a 2xx re-sent to another are stored exactly once', async () => {
  const requests: SentRequest[] = Array.from({ length: REQUESTS }, (_, r) => {
    const spans = makeSpans('collector-kill', Array.from({ length: SPANS_PER_REQUEST }, (_, i) => `op-${r}-${i}`));
    return { body: protobufTraces(spans), spanIds: spans.map((s) => s.spanContext().spanId) };
  });

  // A takes requests until it is killed, at a moment Redis shows open requests of both kinds:
  // queued as jobs (or stored) but unanswered, and claimed with no job yet.
  let aAlive = true;
  let answeredByA = 0;
  const open = new Set<SentRequest>();
  const killed = (async () => {
    await eventually(
      async () => (answeredByA >= 30 ? await Promise.all([...open].map((r) => redisStateOf(r.body))) : []),
      (states) => states.filter((s) => s === 'job' || s === 'stored').length >= 2 && states.includes('claim'),
      60_000,
    );
    await collectorA.kill();
    aAlive = false;
  })();
  await pool(
    requests,
    async (req) => {
      open.add(req);
      req.sentToA = true;
      req.statusFromA = (await post(collectorA, req.body)).status;
      open.delete(req);
      if (req.statusFromA !== undefined) answeredByA++;
    },
    () => aAlive,
  );
  await killed;

  const unanswered = requests.filter((r) => !is2xx(r.statusFromA));
  const cutOff = unanswered.filter((r) => r.sentToA);
  expect(answeredByA).toBeGreaterThanOrEqual(30);
  expect(requests.filter((r) => r.statusFromA !== undefined && !is2xx(r.statusFromA))).toEqual([]);
  expect(cutOff.length).toBeGreaterThanOrEqual(1);

  // Of those A took but never answered, some reached Redis as jobs (queued or already
  // stored): a re-send of these is what could double rows.
  const states = await Promise.all(unanswered.map((r) => redisStateOf(r.body)));
  const count = (s: string) => states.filter((x) => x === s).length;
  expect(count('stored') + count('job')).toBeGreaterThanOrEqual(1);
  // and some left a claim with no job (killed between the two), which the re-send completes
  expect(count('claim')).toBeGreaterThanOrEqual(1);

  // Every request without a 2xx goes to B, byte for byte, until B takes it (honouring Retry-After).
  await pool(unanswered, async (req) => {
    for (let attempt = 0; attempt < 20 && !is2xx(req.statusFromB); attempt++) {
      const { status, retryAfter } = await post(collectorB, req.body);
      req.statusFromB = status;
      if (!is2xx(status)) await new Promise((r) => setTimeout(r, (retryAfter || 0.2) * 1000));
    }
  });
  expect(requests.filter((r) => !is2xx(r.statusFromA) && !is2xx(r.statusFromB))).toEqual([]);

  // Every claim settles (B completed the orphaned ones) and every span is stored exactly once.
  const drained = await eventually(() => readDepth(redisClient, QUEUE), (d) => d.rows === 0, 60_000);
  expect(drained).toEqual({ rows: 0, bytes: 0 });
  const all = requests.flatMap((r) => r.spanIds);
  const stored = await eventually(() => storedSpanIds(ch.url, auth, 'collector-kill'), (m) => m.size >= all.length, 30_000);
  expect([...stored.values()].filter((n) => n !== 1)).toEqual([]);
  expect(new Set(stored.keys())).toEqual(new Set(all));
}, 180_000);
