/**
 * Fault tests of the Redis queue with real processes (issue 11): a worker killed with
 * SIGKILL while it inserts, and Redis itself killed, kept down past the collector's wait
 * and restarted from its AOF, each under traffic from the OTel SDK that flows before, during
 * and after the fault. Every acknowledged span must be stored exactly once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TraceSummary, TracesResult } from '../shared/api.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';
import { startRedis, type RunningRedis } from './support/redis.js';
import { startSdkSender, type SdkSender } from './support/sdk-sender.js';

let redis: RunningRedis;
let worker: RunningHub;
let collector: RunningHub;
const env = () => ({ REDIS_URL: redis.url, OCTOLENS_QUEUE_NAME: 'faults' });

beforeAll(async () => {
  redis = await startRedis();
  worker = await startHub({ env: env(), args: ['--role', 'worker,api'] });
  collector = await startHub({ env: env(), args: ['--role', 'collector'] });
});
afterAll(async () => {
  await collector?.dispose();
  await worker?.dispose();
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Every trace of the service, page by page: each SDK span here is the root of its own trace. */
async function storedTraces(service: string): Promise<TraceSummary[]> {
  const traces: TraceSummary[] = [];
  let cursor: string | null = null;
  do {
    const page: TracesResult = await getJson<TracesResult>(worker, `/api/v1/traces?service=${service}&from=now-1h&to=now%2B5m&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    traces.push(...page.traces);
    cursor = page.nextCursor;
  } while (cursor);
  return traces;
}

/** Waits until the service holds at least as many spans as were acknowledged, and checks each is there exactly once. */
async function expectExactlyOnce(sender: SdkSender, service: string): Promise<void> {
  const traces = await eventually(() => storedTraces(service).catch(() => []), (t) => t.length >= sender.acked.size, 90_000);
  // one span a trace (a span stored twice would make a trace of two), no trace twice
  expect(traces.filter((t) => t.spanCount !== 1)).toEqual([]);
  const names = traces.map((t) => t.rootOperation);
  expect(names.length).toBe(new Set(names).size);
  // every acknowledged span there, nothing that was never made
  const made = new Set(sender.made.values());
  expect(names.filter((n) => !made.has(n))).toEqual([]);
  const missing = [...sender.acked].map((id) => sender.made.get(id)!).filter((n) => !names.includes(n));
  expect(missing).toEqual([]);
}

it('a worker killed with SIGKILL mid-insert: its jobs are retried by the next worker, each span stored once', async () => {
  const sender = startSdkSender({ url: `${collector.otlpUrl}/v1/traces`, service: 'kill-worker' });
  await sleep(300);
  const dataDir = worker.dataDir;
  await worker.kill();
  worker = await startHub({ dataDir, env: env(), args: ['--role', 'worker,api'] });
  await sleep(300);
  await sender.stop();
  // the collector never went away: every span was acknowledged (queued in Redis)
  expect(sender.acked.size).toBe(sender.made.size);
  await expectExactlyOnce(sender, 'kill-worker');
}, 180_000);

it('Redis killed, down 7 s and restarted from its AOF under traffic: sends before, during and after; every acknowledged span stored once', async () => {
  // a deadline past the collector's 5 s Redis wait plus its Retry-After of 5 s, so the SDK
  // retries a request refused during the outage instead of giving it up
  const sender = startSdkSender({ url: `${collector.otlpUrl}/v1/traces`, service: 'kill-redis', spansPerTick: 5, timeoutMillis: 30_000 });
  await eventually(async () => sender.acked.size, (n) => n >= 50, 30_000);
  const killAt = Date.now();
  await redis.restart({ downMs: 7_000 });
  const backAt = Date.now();
  await sleep(3_000);
  await sender.stop();

  // traffic provably crossed the restart: exports answered before the kill, and exports
  // begun after Redis was back, all acknowledged
  expect(sender.exports.filter((e) => e.ok && e.doneAt! < killAt).length).toBeGreaterThan(0);
  expect(sender.exports.filter((e) => e.ok && e.startedAt > backAt).length).toBeGreaterThan(0);
  // requests that waited out the collector's 5 s for Redis were refused with 503 …
  const metrics = await (await fetch(`${collector.apiUrl}/metrics`)).text();
  const unavailable = Number(/^octolens_ingest_rejected_rows_total\{signal="traces",reason="unavailable"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
  expect(unavailable).toBeGreaterThan(0);
  // … and re-sent by the SDK until taken: every span made was acknowledged in the end
  expect(sender.acked.size).toBe(sender.made.size);
  await expectExactlyOnce(sender, 'kill-redis');
}, 180_000);
