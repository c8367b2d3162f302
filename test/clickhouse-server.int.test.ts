/**
 * CLICKHOUSE_URL mode end to end: the real hub process talks HTTP to a ClickHouse-protocol server
 * (test/support/clickhouse-http.ts, chDB behind it) exactly as to a real one — credentials,
 * a named database, migrations, inserts with dedup tokens — and the API reads back exact values.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { SpanKind } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogsResult, TraceResult, TracesResult } from '../shared/api.js';
import { startClickHouseHttp, type ClickHouseHttpServer } from './support/clickhouse-http.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';
import { makeSpans, protobufTraces } from './support/spans.js';

let dir: string;
let ch: ClickHouseHttpServer;
let hub: RunningHub;
const env = (password: string) => ({ CLICKHOUSE_URL: ch.url, CLICKHOUSE_USER: 'octolens', CLICKHOUSE_PASSWORD: password, CLICKHOUSE_DATABASE: 'telemetry' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octolens-chhttp-'));
  ch = await startClickHouseHttp({ path: dir, users: { octolens: 's3cret' }, databases: ['telemetry'] });
  hub = await startHub({ env: env('s3cret') });
}, 120_000);
afterAll(async () => {
  await hub?.dispose();
  await ch?.close();
  rmSync(dir, { recursive: true, force: true });
});

const baseSec = Math.floor(Date.now() / 1000) - 300;
const range = `from=${(baseSec - 60) * 1000}&to=${(baseSec + 600) * 1000}`;

describe('CLICKHOUSE_URL', () => {
  it('says at start where the data is, without the credentials', () => {
    expect(hub.output()).toContain(`data: ClickHouse server ${new URL(ch.url).host})`);
  });

  it('migrates the named database on the server, not the default one', async () => {
    const tables = ch.statements.filter((s) => /CREATE TABLE IF NOT EXISTS otel_traces\b/.test(s));
    expect(tables).toHaveLength(1);
    const res = await fetch(`${ch.url}/?database=telemetry`, { method: 'POST', body: "SELECT count() FROM system.tables WHERE database = 'telemetry' AND name = 'otel_traces' FORMAT TSV", headers: { 'X-ClickHouse-User': 'octolens', 'X-ClickHouse-Key': 's3cret' } });
    expect(await res.text()).toBe('1\n');
  });

  it('stores SDK spans and logs and reads them back exactly', async () => {
    const tracer = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'ch-server-svc' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` }))],
    });
    const span = tracer.getTracer('t').startSpan('GET /orders', { kind: SpanKind.SERVER, startTime: [baseSec, 0], attributes: { 'http.route': '/orders' } });
    span.end([baseSec, 25_000_001]);
    await tracer.forceFlush();
    await tracer.shutdown();
    const traceId = span.spanContext().traceId;
    const t = await eventually(() => getJson<TraceResult>(hub, `/api/v1/traces/${traceId}`).catch(() => ({ spans: [] }) as unknown as TraceResult), (r) => r.spans.length === 1);
    expect(t.spans[0]).toMatchObject({ name: 'GET /orders', serviceName: 'ch-server-svc', durationNs: 25_000_001, startTimeUnixNano: `${baseSec}000000000`, attributes: { 'http.route': '/orders' } });

    const logs = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'ch-server-svc' }),
      processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${hub.otlpUrl}/v1/logs` }) })],
    });
    logs.getLogger('t').emit({ body: 'order 42 declined', severityNumber: SeverityNumber.WARN, severityText: 'WARN', timestamp: [baseSec, 5] });
    await logs.forceFlush();
    await logs.shutdown();
    const r = await eventually(() => getJson<LogsResult>(hub, `/api/v1/logs?service=ch-server-svc&${range}`), (x) => x.logs.length === 1);
    expect(r.logs.map((l) => [l.body, l.severityText])).toEqual([['order 42 declined', 'WARN']]);
  });

  it('stores a re-sent batch once', async () => {
    const body = protobufTraces(makeSpans('ch-resend', ['a', 'b', 'c']));
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf' } });
      expect(res.status).toBe(200);
    }
    const count = async () => (await getJson<TracesResult>(hub, `/api/v1/traces?service=ch-resend&from=now-1h&to=now%2B1m&limit=100`)).traces.length;
    expect(await eventually(count, (n) => n === 3)).toBe(3);
    await new Promise((r) => setTimeout(r, 500));
    expect(await count()).toBe(3);
    expect(ch.statements.filter((s) => /^INSERT INTO otel_traces\b/.test(s)).length).toBeGreaterThanOrEqual(1);
  });

  it('refuses to start with a wrong password, saying so', async () => {
    await expect(startHub({ env: env('wrong') })).rejects.toThrow(/refused the credentials \(CLICKHOUSE_USER \/ CLICKHOUSE_PASSWORD.*Authentication failed/s);
  }, 120_000);
});
