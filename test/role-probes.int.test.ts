/**
 * Probes of split roles (issue 11), on real processes: a `--role worker` process serves
 * /healthz, /readyz and /metrics on OCTOLENS_PORT and nothing else, as the deploy manifests'
 * probes and ServiceMonitor expect; /readyz of each role names the store it uses that
 * stopped answering (Redis, ClickHouse) and is ready again once it is back.
 *
 * A worker alone needs stores several processes share: a ClickHouse-protocol server on chDB
 * (test/support/clickhouse-http.ts), PostgreSQL, Redis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouseHttp, type ClickHouseHttpServer } from './support/clickhouse-http.js';
import { eventually } from './support/eventually.js';
import { startHub, type RunningHub } from './support/hub.js';
import { createTestDatabase, postgresSkipReason } from './support/postgres.js';
import { startRedis, type RunningRedis } from './support/redis.js';

const skip = postgresSkipReason();

/** status and body of a GET */
async function get(url: string): Promise<[number, string]> {
  const res = await fetch(url);
  return [res.status, await res.text()];
}

/** [status, body] of /readyz, polled until it is `status` (a probe sees a store go or come back within its reconnect) */
const readyz = (base: string, status: number) => eventually(() => get(`${base}/readyz`), ([s]) => s === status, 20_000);

/** one sample line of the Prometheus text, e.g. `octolens_queue_jobs_total{outcome="stored"}` → its value */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.skipIf(skip)('probes of split roles', () => {
  let dir: string;
  let ch: ClickHouseHttpServer;
  let redis: RunningRedis;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let worker: RunningHub;
  let collector: RunningHub;
  let api: RunningHub;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-probes-ch-'));
    [ch, redis, database] = await Promise.all([startClickHouseHttp({ path: dir, databases: ['telemetry'] }), startRedis(), createTestDatabase()]);
    const queue = { REDIS_URL: redis.url, OCTOLENS_QUEUE_NAME: 'probes' };
    const stores = { ...queue, CLICKHOUSE_URL: ch.url, CLICKHOUSE_DATABASE: 'telemetry', DATABASE_URL: database.url };
    worker = await startHub({ env: stores, args: ['--role', 'worker'] });
    [collector, api] = await Promise.all([startHub({ env: queue, args: ['--role', 'collector'] }), startHub({ env: stores, args: ['--role', 'api'] })]);
  }, 180_000);

  afterAll(async () => {
    await api?.dispose();
    await collector?.dispose();
    await worker?.dispose();
    await redis?.stop();
    await ch?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a worker alone serves /healthz and /readyz on OCTOLENS_PORT, and no API, UI or receiver', async () => {
    expect(worker.output()).toContain(`health and /metrics on ${worker.apiUrl}`);
    expect(await get(`${worker.apiUrl}/healthz`)).toEqual([200, 'ok']);
    expect(await get(`${worker.apiUrl}/readyz`)).toEqual([200, 'ready']);
    const services = await fetch(`${worker.apiUrl}/api/v1/services`);
    expect([services.status, ((await services.json()) as { message: string }).message]).toEqual([404, 'no API route GET /api/v1/services']);
    const otlp = await fetch(`${worker.apiUrl}/v1/traces`, { method: 'POST', body: new Uint8Array(), headers: { 'Content-Type': 'application/x-protobuf' } });
    expect([otlp.status, ((await otlp.json()) as { message: string }).message]).toEqual([404, 'no route POST /v1/traces']);
    expect((await fetch(`${worker.apiUrl}/`)).status).toBe(404);
    // no OTLP listener at all: the port the harness gave it is closed
    await expect(fetch(`${worker.otlpUrl}/healthz`)).rejects.toThrow('fetch failed');
  });

  it("a worker's /metrics carries its queue metrics: jobs it stored, dead letters, oldest waiting job, the lease", async () => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'probe-svc' }),
      // one export, so one request and one job, per span
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${collector.otlpUrl}/v1/traces` }))],
    });
    const tracer = provider.getTracer('role-probes');
    for (const name of ['GET /a', 'GET /b', 'GET /c']) tracer.startSpan(name, { kind: SpanKind.SERVER }).end();
    await provider.forceFlush();
    await provider.shutdown();

    const stored = 'octolens_queue_jobs_total{outcome="stored"}';
    const metrics = await eventually(
      async () => {
        const res = await fetch(`${worker.apiUrl}/metrics`);
        return { type: res.headers.get('content-type'), text: await res.text() };
      },
      (m) => sample(m.text, stored) === 3,
      30_000,
    );
    expect(metrics.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect({
      stored: sample(metrics.text, stored),
      failed: sample(metrics.text, 'octolens_queue_jobs_total{outcome="failed"}'),
      rows: sample(metrics.text, 'octolens_batch_rows_total{table="otel_traces"}'),
      deadLetters: sample(metrics.text, 'octolens_queue_dead_letters'),
      oldestJobAgeSeconds: sample(metrics.text, 'octolens_queue_oldest_job_age_seconds'),
      leader: sample(metrics.text, 'octolens_leader'),
    }).toEqual({ stored: 3, failed: undefined, rows: 3, deadLetters: 0, oldestJobAgeSeconds: 0, leader: 1 });
    // and they are in ClickHouse, read without the hub
    const count = await fetch(`${ch.url}/?database=telemetry`, { method: 'POST', body: "SELECT count() FROM otel_traces WHERE ServiceName = 'probe-svc' FORMAT TSV" });
    expect(await count.text()).toBe('3\n');
  }, 60_000);

  it('Redis gone: collector and worker are not ready, naming Redis, and ready again once it is back; the api stays ready', async () => {
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    admin.on('error', () => {});
    // SHUTDOWN ends redis-server (the AOF stays): the connection drops, so the reply is an error
    await admin.shutdown('NOSAVE').catch(() => {});
    admin.disconnect();
    const down = [503, 'not ready: no answer from Redis'];
    expect(await readyz(collector.apiUrl, 503)).toEqual(down);
    // the collector's OTLP port answers the same probe
    expect(await get(`${collector.otlpUrl}/readyz`)).toEqual(down);
    expect(await readyz(worker.apiUrl, 503)).toEqual(down);
    // the api reads Redis only for the dead-letter list: its UI stays in service
    expect(await get(`${api.apiUrl}/readyz`)).toEqual([200, 'ready']);
    // live all the same: restarting the process would not bring Redis back
    expect(await get(`${collector.apiUrl}/healthz`)).toEqual([200, 'ok']);
    expect(await get(`${worker.apiUrl}/healthz`)).toEqual([200, 'ok']);

    await redis.restart();
    expect(await readyz(collector.apiUrl, 200)).toEqual([200, 'ready']);
    expect(await get(`${collector.otlpUrl}/readyz`)).toEqual([200, 'ready']);
    expect(await readyz(worker.apiUrl, 200)).toEqual([200, 'ready']);
  }, 60_000);

  it('ClickHouse gone: worker and api are not ready, naming ClickHouse; the collector, which needs only Redis, stays ready', async () => {
    await ch.stop();
    expect(await readyz(worker.apiUrl, 503)).toEqual([503, 'not ready: no answer from ClickHouse']);
    expect(await readyz(api.apiUrl, 503)).toEqual([503, 'not ready: no answer from ClickHouse']);
    expect(await get(`${collector.apiUrl}/readyz`)).toEqual([200, 'ready']);
    await ch.restart();
    expect(await readyz(worker.apiUrl, 200)).toEqual([200, 'ready']);
    expect(await readyz(api.apiUrl, 200)).toEqual([200, 'ready']);
  }, 60_000);
});
