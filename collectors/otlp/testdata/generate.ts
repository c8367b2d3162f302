/**
 * Writes the OTLP fixtures of this folder: `npx tsx collectors/otlp/testdata/generate.ts`.
 *
 * traces, logs and metrics (.bin = http/protobuf, .json = http/json) are what the
 * OpenTelemetry JS SDK sends: its own serializers (@opentelemetry/otlp-transformer) on
 * spans, log records and metrics made through the SDK, with fixed ids and times so that
 * the output is stable. The JS SDK makes neither exemplars nor summaries, so
 * metrics-exemplars.json is written by hand from the OTLP/JSON spec and its .bin twin is
 * encoded from the same object with protobufjs and this collector's .proto files.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { context, SpanKind, SpanStatusCode, trace, TraceFlags, type HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { otlpRoot } from '../proto.js';

const here = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const write = (name: string, bytes: Uint8Array | string) => writeFileSync(here(name), bytes);
/** The SDK's JSON serializers return UTF-8 bytes; stored pretty-printed so diffs read well. */
const pretty = (bytes: Uint8Array | undefined) => `${JSON.stringify(JSON.parse(Buffer.from(bytes!).toString('utf8')), null, 2)}\n`;

/** 2026-11-24T23:35:58.123456789Z plus `ns`: a nanosecond part a double could not hold. */
const BASE_SEC = 1_795_563_358;
const at = (ns: number): HrTime => [BASE_SEC + Math.floor((123_456_789 + ns) / 1e9), (123_456_789 + ns) % 1e9];

async function traces(): Promise<void> {
  let next = 0;
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '1.4.2', 'host.name': 'node-7', 'deployment.environment.name': 'prod' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    idGenerator: {
      generateTraceId: () => (0x4bf92f3577b34da6n * 2n ** 64n + BigInt(++next)).toString(16).padStart(32, '0'),
      generateSpanId: () => (0x00f067aa0ba90000n + BigInt(++next)).toString(16).padStart(16, '0'),
    },
  });
  const tracer = provider.getTracer('checkout-http', '2.1.0');
  const root = tracer.startSpan('POST /checkout', {
    kind: SpanKind.SERVER,
    startTime: at(0),
    attributes: {
      'http.request.method': 'POST',
      'http.route': '/checkout',
      'http.response.status_code': 500,
      'server.port': 8080,
      'cart.total': 129.95,
      'cart.express': true,
      'cart.items': ['sku-1', 'sku-2'],
      'cart.quantities': [1, 3],
    },
    links: [{ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED }, attributes: { 'link.kind': 'follows' } }],
  });
  const ctx = trace.setSpan(context.active(), root);
  const child = tracer.startSpan('tax.compute', { kind: SpanKind.CLIENT, startTime: at(1_000_000), attributes: { 'peer.service': 'tax-service', retries: 2 } }, ctx);
  child.addEvent('exception', { 'exception.type': 'TimeoutError', 'exception.message': 'tax-service timed out' }, at(40_000_000));
  child.addEvent('retry', at(40_000_001));
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  child.end(at(41_000_001));
  tracer.startSpan('cart.load', { kind: SpanKind.INTERNAL, startTime: at(2_000_000) }, ctx).end(at(2_000_000));
  const worker = provider.getTracer('checkout-queue');
  const produce = worker.startSpan('orders publish', { kind: SpanKind.PRODUCER, startTime: at(45_000_000), attributes: { 'messaging.system': 'kafka' } }, ctx);
  produce.setStatus({ code: SpanStatusCode.OK });
  produce.end(at(46_500_000));
  worker.startSpan('orders process', { kind: SpanKind.CONSUMER, startTime: at(47_000_000) }, trace.setSpan(context.active(), produce)).end(at(90_000_000));
  root.setStatus({ code: SpanStatusCode.ERROR });
  root.end(at(50_000_000));
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  write('traces.bin', ProtobufTraceSerializer.serializeRequest(spans)!);
  write('traces.json', pretty(JsonTraceSerializer.serializeRequest(spans)));
  await provider.shutdown();
}

async function logs(): Promise<void> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'billing', 'host.name': 'node-3' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('billing', '1.0.0');
  const traced = trace.setSpanContext(context.active(), { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', traceFlags: TraceFlags.SAMPLED });
  logger.emit({ body: 'invoice 42 created', severityNumber: SeverityNumber.INFO, severityText: 'INFO', timestamp: at(5_000), observedTimestamp: at(6_000), attributes: { 'invoice.id': 42, paid: false } });
  logger.emit({ body: 'card declined for invoice 42', severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', timestamp: at(9_000), observedTimestamp: at(9_500), context: traced });
  logger.emit({
    body: { invoice: 42, lines: [{ sku: 'sku-1', qty: 1 }], total: 129.95 },
    severityNumber: SeverityNumber.WARN2,
    severityText: 'WARN',
    timestamp: at(12_000),
    observedTimestamp: at(12_000),
    attributes: { 'code.function': 'charge' },
  });
  logger.emit({ eventName: 'billing.invoice.paid', body: 42, severityNumber: SeverityNumber.INFO, timestamp: at(15_000), observedTimestamp: at(15_000) });
  await provider.forceFlush();
  const records = exporter.getFinishedLogRecords();
  write('logs.bin', ProtobufLogsSerializer.serializeRequest(records)!);
  write('logs.json', pretty(JsonLogsSerializer.serializeRequest(records)));
  await provider.shutdown();
}

/** A reader that only collects when asked. */
class OnDemandReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

async function metrics(): Promise<void> {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'cart' }),
    readers: [reader],
    views: [
      { instrumentName: 'http.server.request.duration', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0.01, 0.05, 0.1, 0.5] } } },
      { instrumentName: 'db.client.operation.duration', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 20 } } },
    ],
  });
  const meter = provider.getMeter('cart-metrics', '0.3.0');
  const requests = meter.createCounter('cart.requests', { description: 'Requests handled', unit: '{request}' });
  requests.add(3, { route: '/add' });
  requests.add(4, { route: '/remove' });
  meter.createUpDownCounter('cart.active').add(-2);
  meter.createGauge('cart.items').record(12.5, { shard: 1 });
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
  for (const v of [0.005, 0.02, 0.03, 0.07, 0.2, 1.5]) duration.record(v, { route: '/add' });
  const db = meter.createHistogram('db.client.operation.duration', { unit: 's' });
  for (const v of [0.0011, 0.0023, 0.004, 0.009, 0.012]) db.record(v);
  const { resourceMetrics } = await reader.collect();
  // The SDK stamps points with the wall clock; fixed times keep the fixture stable.
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) Object.assign(point, { startTime: at(0), endTime: at(60_000_000_000) });
    }
  }
  write('metrics.bin', ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!);
  write('metrics.json', pretty(JsonMetricsSerializer.serializeRequest(resourceMetrics)));
  await provider.shutdown();
}

/** Exemplars (as_int and as_double, with trace links), a summary and non-finite values. */
function handWrittenMetrics(): void {
  const time = (ns: number) => (BigInt(BASE_SEC) * 1_000_000_000n + 123_456_789n + BigInt(ns)).toString();
  const exemplar = (ns: number, value: Record<string, unknown>) => ({
    filteredAttributes: [{ key: 'user.id', value: { stringValue: 'u-17' } }],
    timeUnixNano: time(ns),
    ...value,
    spanId: 'eee19b7ec3c1b174',
    traceId: '5b8efff798038103d269b633813fc60c',
  });
  const request = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'tax-service' } }] },
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        scopeMetrics: [
          {
            scope: { name: 'tax-metrics', version: '1.0.0', attributes: [{ key: 'scope.owner', value: { stringValue: 'payments' } }], droppedAttributesCount: 1 },
            schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
            metrics: [
              {
                name: 'tax.queue.depth',
                unit: '{job}',
                gauge: { dataPoints: [{ timeUnixNano: time(1_000), asInt: '9007199254740993', exemplars: [exemplar(500, { asInt: '7' })] }] },
              },
              {
                name: 'tax.rate',
                gauge: {
                  dataPoints: [
                    { timeUnixNano: time(2_000), asDouble: 'NaN', attributes: [{ key: 'region', value: { stringValue: 'eu' } }] },
                    { timeUnixNano: time(2_000), asDouble: 'Infinity', attributes: [{ key: 'region', value: { stringValue: 'us' } }] },
                  ],
                },
              },
              {
                name: 'tax.requests',
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [{ startTimeUnixNano: time(0), timeUnixNano: time(3_000), asDouble: 17, exemplars: [exemplar(2_500, { asDouble: 1.25 })] }],
                },
              },
              {
                name: 'tax.compute.duration',
                unit: 'ms',
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: [
                    {
                      startTimeUnixNano: time(0),
                      timeUnixNano: time(4_000),
                      count: '6',
                      sum: 321.5,
                      bucketCounts: ['1', '2', '3'],
                      explicitBounds: [10, 100],
                      min: 2,
                      max: '-Infinity',
                      exemplars: [exemplar(3_500, { asDouble: 240.5 })],
                    },
                  ],
                },
              },
              {
                name: 'tax.payload.size',
                unit: 'By',
                exponentialHistogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      startTimeUnixNano: time(0),
                      timeUnixNano: time(5_000),
                      count: '7',
                      sum: 9000,
                      scale: -1,
                      zeroCount: '1',
                      positive: { offset: 3, bucketCounts: ['2', '0', '3'] },
                      negative: { offset: -2, bucketCounts: ['1'] },
                      exemplars: [exemplar(4_500, { asInt: '2048' })],
                    },
                  ],
                },
              },
              {
                name: 'tax.latency',
                unit: 's',
                summary: {
                  dataPoints: [
                    {
                      startTimeUnixNano: time(0),
                      timeUnixNano: time(6_000),
                      count: '100',
                      sum: 12.5,
                      quantileValues: [
                        { quantile: 0.5, value: 0.1 },
                        { quantile: 0.99, value: 0.9 },
                      ],
                      flags: 1,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  write('metrics-exemplars.json', `${JSON.stringify(request, null, 2)}\n`);
  // protobufjs reads bytes fields from base64 strings or buffers: turn the hex ids into bytes.
  const withIdBytes = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(withIdBytes);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'traceId' || k === 'spanId' ? Buffer.from(x as string, 'hex') : withIdBytes(x)]));
  };
  const type = otlpRoot.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
  write('metrics-exemplars.bin', type.encode(type.fromObject(withIdBytes(request) as Record<string, unknown>)).finish());
}

await traces();
await logs();
await metrics();
handWrittenMetrics();
