/**
 * The topology that needs no ClickHouse server (DESIGN.md): two `octolens start --role
 * collector` processes → Redis → one `--role worker,api` process on embedded chDB. The OTel
 * SDK's exporters send to both collectors; every span is read back exactly once.
 */
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TracesResult } from '../shared/api.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';
import { startRedis, type RunningRedis } from './support/redis.js';

let redis: RunningRedis;
let worker: RunningHub;
const collectors: RunningHub[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const env = { REDIS_URL: redis.url, OCTOLENS_QUEUE_NAME: 'split-roles' };
  // no CLICKHOUSE_URL, no DATABASE_URL: collectors open no store, the worker owns chDB and PGlite
  worker = await startHub({ env, args: ['--role', 'worker,api'] });
  for (let i = 0; i < 2; i++) collectors.push(await startHub({ env, args: ['--role', 'collector'] }));
});
afterAll(async () => {
  for (const c of collectors) await c.dispose();
  await worker?.dispose();
  await redis?.stop();
});

const SPANS_PER_COLLECTOR = 300;

async function send(collector: RunningHub, service: string): Promise<void> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${collector.otlpUrl}/v1/traces` }), { maxExportBatchSize: 50, scheduledDelayMillis: 20 })],
  });
  const tracer = provider.getTracer('split-roles');
  for (let i = 0; i < SPANS_PER_COLLECTOR; i++) tracer.startSpan(`op-${i}`, { kind: SpanKind.SERVER }).end();
  await provider.forceFlush();
  await provider.shutdown();
}

it('stores every span sent to either collector exactly once', async () => {
  await Promise.all(collectors.map((c, i) => send(c, `split-${i}`)));
  const range = `from=now-1h&to=now%2B5m`;
  for (const service of ['split-0', 'split-1']) {
    const result = await eventually(
      () => getJson<TracesResult>(worker, `/api/v1/traces?service=${service}&${range}&limit=1000`),
      (r) => r.traces.length >= SPANS_PER_COLLECTOR,
      30_000,
    );
    // each span is its own trace (no parent): one trace per span sent, none twice
    const names = result.traces.map((t) => t.rootOperation).sort();
    expect(result.traces.every((t) => t.spanCount === 1)).toBe(true);
    expect(names).toHaveLength(SPANS_PER_COLLECTOR);
    expect(new Set(names).size).toBe(SPANS_PER_COLLECTOR);
  }
  const metrics = await (await fetch(`${worker.apiUrl}/metrics`)).text();
  expect(metrics).toMatch(/^octolens_queue_dead_letters 0$/m);
  expect(await getJson<{ total: number }>(worker, '/api/v1/queue/dead-letters')).toEqual({ total: 0, items: [] });
}, 120_000);
