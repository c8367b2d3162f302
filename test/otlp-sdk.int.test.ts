/**
 * The real OpenTelemetry JS SDK exporters (http/protobuf, http/json and gRPC) send to a real hub
 * process; everything is read back through the query API and compared exactly.
 */
import { SeverityNumber } from '@opentelemetry/api-logs';
import { SpanKind, SpanStatusCode, trace, context } from '@opentelemetry/api';
import { OTLPLogExporter as LogsJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as MetricsProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as TracesJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as TracesProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as TracesGrpc } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPLogExporter as LogsGrpc } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPMetricExporter as MetricsGrpc } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogsResult, MetricQueryResult, ServicesResult, TraceResult, TracesResult } from '../shared/api.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.dispose();
});

/** A fixed base time a few minutes ago, with a nanosecond part a float could not hold. */
const baseSec = Math.floor(Date.now() / 1000) - 300;
const at = (offsetNs: number): [number, number] => [baseSec + Math.floor((123_456_789 + offsetNs) / 1e9), (123_456_789 + offsetNs) % 1e9];
const nanoString = (offsetNs: number) => (BigInt(baseSec) * 1_000_000_000n + 123_456_789n + BigInt(offsetNs)).toString();
const range = `from=${(baseSec - 60) * 1000}&to=${(baseSec + 600) * 1000}`;

async function sendTrace(exporter: SpanExporter, service: string): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.version': '1.4.2', 'host.name': 'node-7' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('checkout-tests', '0.1.0');
  const root = tracer.startSpan('POST /checkout', { kind: SpanKind.SERVER, startTime: at(0), attributes: { 'http.route': '/checkout', 'http.response.status_code': 500 } });
  const ctx = trace.setSpan(context.active(), root);
  const child = tracer.startSpan('tax.compute', { kind: SpanKind.CLIENT, startTime: at(1_000_000), attributes: { 'peer.service': 'tax-service', retries: 2, cached: false, ratio: 0.25 } }, ctx);
  child.addEvent('exception', { 'exception.message': 'tax-service timed out' }, at(40_000_000));
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  child.end(at(41_000_001));
  root.setStatus({ code: SpanStatusCode.ERROR });
  root.end(at(50_000_000));
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

describe.each([
  ['http/protobuf', (h: RunningHub) => new TracesProto({ url: `${h.otlpUrl}/v1/traces` }), 'checkout-proto'],
  ['http/json', (h: RunningHub) => new TracesJson({ url: `${h.otlpUrl}/v1/traces` }), 'checkout-json'],
  ['grpc', (h: RunningHub) => new TracesGrpc({ url: `http://${h.otlpGrpcAddress}` }), 'checkout-grpc'],
])('traces over %s', (_protocol, makeExporter, service) => {
  let traceId: string;
  beforeAll(async () => {
    traceId = await sendTrace(makeExporter(hub), service);
  });

  it('stores every span with parent links, attributes, events and exact durations', async () => {
    const t = await getJson<TraceResult>(hub, `/api/v1/traces/${traceId}`);
    expect(t.spans).toHaveLength(2);
    const [root, child] = t.spans;
    expect(root).toMatchObject({
      name: 'POST /checkout', kind: 'Server', serviceName: service, parentSpanId: '', statusCode: 'Error',
      startTimeUnixNano: nanoString(0), durationNs: 50_000_000,
      attributes: { 'http.route': '/checkout', 'http.response.status_code': '500' },
      resourceAttributes: { 'service.name': service, 'service.version': '1.4.2', 'host.name': 'node-7' },
      scopeName: 'checkout-tests', scopeVersion: '0.1.0',
    });
    expect(child).toMatchObject({
      name: 'tax.compute', kind: 'Client', parentSpanId: root!.spanId, statusCode: 'Error', statusMessage: 'timeout',
      startTimeUnixNano: nanoString(1_000_000), durationNs: 40_000_001,
      attributes: { 'peer.service': 'tax-service', retries: '2', cached: 'false', ratio: '0.25' },
      events: [{ name: 'exception', timeUnixNano: nanoString(40_000_000), attributes: { 'exception.message': 'tax-service timed out' } }],
    });
  });

  it('finds the trace by service, error status and minimum duration', async () => {
    const r = await getJson<TracesResult>(hub, `/api/v1/traces?service=${service}&status=error&minDurationMs=45&${range}`);
    expect(r.traces.map((x) => [x.traceId, x.rootService, x.rootOperation, x.spanCount, x.errorCount, x.durationNs])).toEqual([
      [traceId, service, 'POST /checkout', 2, 2, 50_000_000],
    ]);
    const none = await getJson<TracesResult>(hub, `/api/v1/traces?service=${service}&minDurationMs=51&${range}`);
    expect(none.traces).toEqual([]);
  });

  it('lists the service with its request rate, errors and latency', async () => {
    const r = await getJson<ServicesResult>(hub, `/api/v1/services?${range}`);
    const s = r.services.find((x) => x.name === service);
    expect(s).toMatchObject({ requests: 1, errorRatio: 1, p50Ns: 50_000_000, p99Ns: 50_000_000 });
  });
});

describe.each([
  ['http/protobuf', (h: RunningHub) => new LogsProto({ url: `${h.otlpUrl}/v1/logs` }), 'billing-proto'],
  ['http/json', (h: RunningHub) => new LogsJson({ url: `${h.otlpUrl}/v1/logs` }), 'billing-json'],
  ['grpc', (h: RunningHub) => new LogsGrpc({ url: `http://${h.otlpGrpcAddress}` }), 'billing-grpc'],
])('logs over %s', (_protocol, makeExporter, service) => {
  const traceId = '5b8efff798038103d269b633813fc60c';
  beforeAll(async () => {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      processors: [new SimpleLogRecordProcessor({ exporter: makeExporter(hub) })],
    });
    const logger = provider.getLogger('billing');
    const ctx = trace.setSpanContext(context.active(), { traceId, spanId: 'eee19b7ec3c1b174', traceFlags: 1 });
    logger.emit({ body: 'invoice 42 created', severityNumber: SeverityNumber.INFO, severityText: 'INFO', timestamp: at(5_000), attributes: { 'invoice.id': 42 } });
    logger.emit({ body: 'card declined for invoice 42', severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', timestamp: at(9_000), context: ctx });
    await provider.forceFlush();
    await provider.shutdown();
  });

  it('stores bodies, severities, attributes and trace links', async () => {
    const r = await getJson<LogsResult>(hub, `/api/v1/logs?service=${service}&${range}`);
    expect(r.logs.map((l) => [l.body, l.severityText, l.severityNumber, l.timeUnixNano, l.traceId, l.attributes])).toEqual([
      ['card declined for invoice 42', 'ERROR', 17, nanoString(9_000), traceId, {}],
      ['invoice 42 created', 'INFO', 9, nanoString(5_000), '', { 'invoice.id': '42' }],
    ]);
  });

  it('searches by term, minimum severity and trace id', async () => {
    const byTerm = await getJson<LogsResult>(hub, `/api/v1/logs?service=${service}&q=declined&${range}`);
    expect(byTerm.logs.map((l) => l.body)).toEqual(['card declined for invoice 42']);
    const bySeverity = await getJson<LogsResult>(hub, `/api/v1/logs?service=${service}&severity=WARN&${range}`);
    expect(bySeverity.logs.map((l) => l.severityText)).toEqual(['ERROR']);
    const byTrace = await getJson<LogsResult>(hub, `/api/v1/logs?traceId=${traceId}&service=${service}&${range}`);
    expect(byTrace.logs).toHaveLength(1);
  });
});

describe.each([
  ['http/protobuf', (h: RunningHub) => new MetricsProto({ url: `${h.otlpUrl}/v1/metrics` }), 'cart'],
  ['grpc', (h: RunningHub) => new MetricsGrpc({ url: `http://${h.otlpGrpcAddress}` }), 'cart-grpc'],
])('metrics over %s', (_protocol, makeExporter, service) => {
  beforeAll(async () => {
    const reader = new PeriodicExportingMetricReader({ exporter: makeExporter(hub), exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      readers: [reader],
      views: [{ instrumentName: 'http.server.duration', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [10, 50, 100] } } }],
    });
    const meter = provider.getMeter('cart');
    const requests = meter.createCounter('cart.requests');
    requests.add(3, { route: '/add' });
    requests.add(4, { route: '/remove' });
    const duration = meter.createHistogram('http.server.duration', { unit: 'ms' });
    for (const v of [5, 20, 30, 70, 200]) duration.record(v, { route: '/add' });
    meter.createGauge('cart.items').record(12);
    // shutdown exports once; a forceFlush before it would send the same cumulative points twice.
    await provider.shutdown();
  });

  const lastValues = (r: MetricQueryResult) =>
    Object.fromEntries(r.frames.map((f) => [JSON.stringify(f.schema!.fields[1]!.labels ?? {}), (f.data!.values[1] as number[]).filter((v) => v !== null).at(-1)]));

  it('stores counters per attribute set', async () => {
    const r = await getJson<MetricQueryResult>(hub, `/api/v1/metrics/query?name=cart.requests&agg=sum&groupBy=route&filter=service.name=${service}&from=now-10m&to=now%2B1m`);
    expect(lastValues(r)).toEqual({ '{"route":"/add"}': 3, '{"route":"/remove"}': 4 });
  });

  it('stores gauges', async () => {
    const r = await getJson<MetricQueryResult>(hub, `/api/v1/metrics/query?name=cart.items&agg=last&filter=service.name=${service}&from=now-10m&to=now%2B1m`);
    expect(lastValues(r)).toEqual({ '{}': 12 });
  });

  it('stores histogram buckets and answers quantiles from them', async () => {
    const count = await getJson<MetricQueryResult>(hub, `/api/v1/metrics/query?name=http.server.duration&agg=count&filter=service.name=${service}&from=now-10m&to=now%2B1m`);
    expect(lastValues(count)).toEqual({ '{}': 5 });
    const sum = await getJson<MetricQueryResult>(hub, `/api/v1/metrics/query?name=http.server.duration&agg=sum&filter=service.name=${service}&from=now-10m&to=now%2B1m`);
    expect(lastValues(sum)).toEqual({ '{}': 325 });
  });
});
