/**
 * Values the schema cannot hold, refused (or repaired) before the queue: each one through
 * both OTLP encodings, decoded and normalised as the receiver does. Traces and logs are
 * made and serialized by the real OpenTelemetry JS SDK; metric points with chosen times
 * cannot be (the SDK stamps them with its clock), so they are encoded from the .proto files
 * and as OTLP/JSON text.
 */
import { SpanKind, type HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { TelemetrySignal as Signal } from '../types.js';
import { decodeRequest } from './decode.js';
import { encodeAll } from '../encode.js';
import type { RequestBySignal } from './model.js';
import type { ItemLimitSettings, NormaliseResult } from './normalise-common.js';
import { normaliseLogs } from './normalise-logs.js';
import { normaliseMetrics } from './normalise-metrics.js';
import { normaliseTraces } from './normalise-traces.js';
import { otlpRoot, type WireFormat } from './proto.js';
import { hexBytes } from './testing.js';

/** Small limits, so that the bodies stay small and the byte counts in messages exact. */
const limits: ItemLimitSettings = { maxAttributeKeyBytes: 16, maxAttributeValueBytes: 32, maxLogBodyBytes: 64, maxAttributes: 8 };

const normalisers: { [S in Signal]: (request: RequestBySignal[S], settings: ItemLimitSettings) => NormaliseResult } = {
  traces: normaliseTraces,
  logs: normaliseLogs,
  metrics: normaliseMetrics,
};
const receive = <S extends Signal>(signal: S, format: WireFormat, body: Uint8Array | string): NormaliseResult =>
  normalisers[signal](decodeRequest(signal, format, Buffer.from(body as Uint8Array)), limits);

const FORMATS: WireFormat[] = ['protobuf', 'json'];
const NOW_SEC = 1_795_563_358;
const now = (ms = 0): HrTime => [NOW_SEC + Math.floor(ms / 1000), (ms % 1000) * 1_000_000];
/** 2300-01-01T00:00:00Z: a valid uint64 of nanoseconds, past DateTime64(9) and what Octolens stores. */
const Y2300: HrTime = [10_413_792_000, 0];
const Y2300_NS = '10413792000000000000';
const TOO_LATE = `${Y2300_NS} is after 2100-01-01T00:00:00Z, the latest time Octolens stores (its partitions and retention use ClickHouse's DateTime, which ends in 2106)`;

describe('spans the schema cannot hold (real SDK, both encodings)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('tests', '1');
  const server = (name: string, attributes = {}, start = now(), end = now(5)) => {
    const span = tracer.startSpan(name, { kind: SpanKind.SERVER, startTime: start, attributes });
    return { span, end: () => span.end(end) };
  };
  server('good-1').end();
  server('starts-2300', {}, Y2300, Y2300).end();
  server('ends-2300', {}, now(), Y2300).end();
  const withEvent = server('event-2300');
  withEvent.span.addEvent('retry', now(1));
  withEvent.span.addEvent('late', Y2300);
  withEvent.end();
  server('long-key', { ['k'.repeat(17)]: 'v' }).end();
  // 11 × "é" is 11 UTF-16 units but 22 bytes; 17 is 34 bytes: bytes count, not characters
  server('long-value', { fits: 'é'.repeat(16), over: 'é'.repeat(17) }).end();
  server('n'.repeat(33)).end();
  server('nine-attributes', Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`a${i}`, i]))).end();
  server('good-2', { 'http.route': '/cart' }).end();
  const spans = exporter.getFinishedSpans();
  const path = (i: number) => `resourceSpans[0].scopeSpans[0].spans[${i}]`;

  it.each(FORMATS)('%s: refuses each bad span by its field path and keeps the others', (format) => {
    const body = format === 'protobuf' ? ProtobufTraceSerializer.serializeRequest(spans)! : JsonTraceSerializer.serializeRequest(spans)!;
    const result = receive('traces', format, body);
    expect(result.errors).toEqual([
      `${path(1)}.startTimeUnixNano: ${TOO_LATE}`,
      `${path(2)}.endTimeUnixNano: ${TOO_LATE}`,
      `${path(3)}.events[1].timeUnixNano: ${TOO_LATE}`,
      `${path(4)}.attributes[0].key: 17 bytes, more than the 16 allowed (maxAttributeKeyBytes)`,
      `${path(5)}.attributes[1].value: 34 bytes, more than the 32 allowed (maxAttributeValueBytes)`,
      `${path(6)}.name: 33 bytes, more than the 32 allowed (maxAttributeValueBytes)`,
      `${path(7)}.attributes: 9 attributes, more than the 8 allowed (maxAttributes)`,
    ]);
    expect(result.rejected).toBe(7);
    expect(result.warnings).toEqual([]);
    expect(result.rows.otel_traces!.map((r) => r.SpanName)).toEqual(['good-1', 'good-2']);
    expect(result.rows.otel_traces![1]!.SpanAttributes).toEqual({ 'http.route': '/cart' });
  });

  it.each(FORMATS)('%s: a resource attribute past its limit refuses every span of the resource, counted one by one', (format) => {
    const ex = new InMemorySpanExporter();
    const p = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 's'.repeat(40) }), spanProcessors: [new SimpleSpanProcessor(ex)] });
    for (const name of ['a', 'b', 'c']) p.getTracer('t').startSpan(name, { startTime: now() }).end(now(1));
    const body = format === 'protobuf' ? ProtobufTraceSerializer.serializeRequest(ex.getFinishedSpans())! : JsonTraceSerializer.serializeRequest(ex.getFinishedSpans())!;
    const result = receive('traces', format, body);
    expect(result.rejected).toBe(3);
    expect(result.errors).toEqual(['resourceSpans[0].resource.attributes[0].value: 40 bytes, more than the 32 allowed (maxAttributeValueBytes) (3 items refused)']);
    expect(result.rows.otel_traces).toEqual([]);
  });

  it('a lone surrogate from the SDK: JSON carries it as an escape and it is repaired; protobuf already carries U+FFFD', () => {
    const ex = new InMemorySpanExporter();
    const p = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }), spanProcessors: [new SimpleSpanProcessor(ex)] });
    p.getTracer('t').startSpan('half \ud83d', { startTime: now(), attributes: { emoji: '\ud83d\ude00' } }).end(now(1));
    const json = JsonTraceSerializer.serializeRequest(ex.getFinishedSpans())!;
    expect(Buffer.from(json).toString('utf8')).toContain('half \\ud83d"');
    const fromJson = receive('traces', 'json', json);
    expect(fromJson.rejected).toBe(0);
    expect(fromJson.warnings).toEqual(['resourceSpans[0].scopeSpans[0].spans[0].name: lone UTF-16 surrogate replaced with U+FFFD']);
    const fromProtobuf = receive('traces', 'protobuf', ProtobufTraceSerializer.serializeRequest(ex.getFinishedSpans())!);
    expect(fromProtobuf.warnings).toEqual([]);
    for (const result of [fromJson, fromProtobuf]) {
      expect(result.rows.otel_traces!.map((r) => [r.SpanName, r.SpanAttributes.emoji])).toEqual([['half \ufffd', '\ud83d\ude00']]);
      // What goes to ClickHouse holds no surrogate escape (the one it refuses at insert).
      expect(encodeAll(result.rows)[0]!.data).not.toMatch(/\\u[dD][89a-fA-F]/);
    }
  });
});

describe('log records the schema cannot hold (real SDK, both encodings)', () => {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'billing' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('billing', '1');
  const emit = (body: string, timestamp: HrTime = now(), observedTimestamp: HrTime = now(1), attributes = {}) =>
    logger.emit({ body, severityNumber: SeverityNumber.INFO, severityText: 'INFO', timestamp, observedTimestamp, attributes });
  emit('good-1');
  emit('time-2300', Y2300);
  emit('observed-2300', now(), Y2300);
  emit('b'.repeat(65));
  emit('long-key', now(), now(1), { ['k'.repeat(17)]: 1 });
  emit('good-2', now(), now(1), { 'invoice.id': 42 });
  const records = exporter.getFinishedLogRecords();
  const path = (i: number) => `resourceLogs[0].scopeLogs[0].logRecords[${i}]`;

  it.each(FORMATS)('%s: refuses each bad record by its field path and keeps the others', (format) => {
    const body = format === 'protobuf' ? ProtobufLogsSerializer.serializeRequest(records)! : JsonLogsSerializer.serializeRequest(records)!;
    const result = receive('logs', format, body);
    expect(result.errors).toEqual([
      `${path(1)}.timeUnixNano: ${TOO_LATE}`,
      `${path(2)}.observedTimeUnixNano: ${TOO_LATE}`,
      `${path(3)}.body: 65 bytes, more than the 64 allowed (maxLogBodyBytes)`,
      `${path(4)}.attributes[0].key: 17 bytes, more than the 16 allowed (maxAttributeKeyBytes)`,
    ]);
    expect(result.rejected).toBe(4);
    expect(result.rows.otel_logs!.map((r) => [r.Body, r.LogAttributes])).toEqual([
      ['good-1', {}],
      ['good-2', { 'invoice.id': '42' }],
    ]);
  });
});

describe('metric points the schema cannot hold (.proto encoding and OTLP/JSON)', () => {
  const METRICS = otlpRoot.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
  const T = '1795563358000000000';
  const point = (overrides: Record<string, unknown> = {}) => ({ startTimeUnixNano: T, timeUnixNano: T, asDouble: 1.5, ...overrides });
  const exemplar = (timeUnixNano: string) => ({ timeUnixNano, asDouble: 2, traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' });
  /** OTLP/JSON form; the protobuf body is the same message with hex ids as bytes. */
  const request = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
        scopeMetrics: [
          {
            scope: { name: 'cart', version: '1' },
            metrics: [
              {
                name: 'queue.depth',
                gauge: {
                  dataPoints: [
                    point(),
                    point({ startTimeUnixNano: Y2300_NS }),
                    point({ timeUnixNano: Y2300_NS }),
                    point({ exemplars: [exemplar(T), exemplar(Y2300_NS)] }),
                    point({ attributes: [{ key: 'queue', value: { stringValue: 'q'.repeat(33) } }] }),
                    point({ asDouble: 2.5, attributes: [{ key: 'queue', value: { stringValue: 'orders' } }] }),
                  ],
                },
              },
              { name: 'm'.repeat(33), sum: { dataPoints: [point(), point()], aggregationTemporality: 2, isMonotonic: true } },
              {
                name: 'latency',
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: [{ startTimeUnixNano: T, timeUnixNano: T, count: '2', sum: 3, bucketCounts: ['1', '1'], explicitBounds: ['NaN'] }],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  const idsAsBytes = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(idsAsBytes);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'traceId' || k === 'spanId' ? hexBytes(x as string) : idsAsBytes(x)]));
  };
  const bodies: Record<WireFormat, Uint8Array | string> = {
    protobuf: METRICS.encode(METRICS.fromObject(idsAsBytes(request) as Record<string, unknown>)).finish(),
    json: JSON.stringify(request),
  };
  const points = 'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints';

  it.each(FORMATS)('%s: refuses each bad point, and every point of a metric whose name is too long', (format) => {
    const result = receive('metrics', format, bodies[format]);
    expect(result.errors).toEqual([
      `${points}[1].startTimeUnixNano: ${TOO_LATE}`,
      `${points}[2].timeUnixNano: ${TOO_LATE}`,
      `${points}[3].exemplars[1].timeUnixNano: ${TOO_LATE}`,
      `${points}[4].attributes[0].value: 33 bytes, more than the 32 allowed (maxAttributeValueBytes)`,
      'resourceMetrics[0].scopeMetrics[0].metrics[1].name: 33 bytes, more than the 32 allowed (maxAttributeValueBytes) (2 items refused)',
    ]);
    expect(result.rejected).toBe(6);
    expect(result.rows.otel_metrics_gauge!.map((r) => [r.Value, r.Attributes])).toEqual([
      [1.5, {}],
      [2.5, { queue: 'orders' }],
    ]);
    expect(result.rows.otel_metrics_sum).toEqual([]);
    // NaN is a value Float64 holds (written "nan", encode.ts): the point is kept.
    expect(result.rows.otel_metrics_histogram!.map((r) => r.ExplicitBounds)).toEqual([[NaN]]);
  });
});

describe('lone surrogates in OTLP/JSON', () => {
  const body = (name: string, key: string, value: string) =>
    `{"resourceSpans":[{"scopeSpans":[{"spans":[` +
    `{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"${name}","startTimeUnixNano":"1795563358000000000","endTimeUnixNano":"1795563358000000001",` +
    `"attributes":[{"key":"${key}","value":{"arrayValue":{"values":[{"stringValue":"${value}"}]}}}]}]}]}]}`;

  it('replaces high, low and reversed halves with U+FFFD, names each string, and keeps the span', () => {
    const result = receive('traces', 'json', body('a\\ud800b', 'k\\udc00', '\\ude00\\ud83d'));
    expect(result.rejected).toBe(0);
    const [row] = result.rows.otel_traces!;
    expect(row!.SpanName).toBe('a\ufffdb');
    expect(row!.SpanAttributes).toEqual({ 'k\ufffd': '["\ufffd\ufffd"]' });
    const span = 'resourceSpans[0].scopeSpans[0].spans[0]';
    expect(result.warnings).toEqual([
      `${span}.name: lone UTF-16 surrogate replaced with U+FFFD`,
      `${span}.attributes[0].key: lone UTF-16 surrogate replaced with U+FFFD`,
      `${span}.attributes[0].value.arrayValue.values[0].stringValue: lone UTF-16 surrogate replaced with U+FFFD`,
    ]);
  });

  it('leaves escaped pairs and an escaped backslash before "ud800" as they are, with no warning', () => {
    const result = receive('traces', 'json', body('\\ud83d\\ude00', 'path', 'C:\\\\ud800'));
    expect(result.warnings).toEqual([]);
    expect(result.rows.otel_traces![0]!.SpanName).toBe('😀');
    expect(result.rows.otel_traces![0]!.SpanAttributes).toEqual({ path: '["C:\\\\ud800"]' });
  });

  it('names the first ten strings and counts the rest', () => {
    const spans = Array.from({ length: 12 }, (_, i) => ({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: `00f067aa0ba902${String(i).padStart(2, '0')}`, name: `x\ud800${i}`,
      startTimeUnixNano: '1795563358000000000', endTimeUnixNano: '1795563358000000000',
    }));
    const result = receive('traces', 'json', JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
    expect(result.rows.otel_traces).toHaveLength(12);
    expect(result.warnings).toHaveLength(11);
    expect(result.warnings[10]).toBe('and 2 more strings repaired');
  });

  it('protobuf: invalid UTF-8 and UTF-8-encoded surrogates (CESU) decode to U+FFFD, so nothing unstorable arrives', () => {
    const TRACES = otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
    const marker = 'MARKER';
    const encoded = Buffer.from(TRACES.encode(TRACES.fromObject({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: hexBytes('4bf92f3577b34da6a3ce929d0e0e4736'), spanId: hexBytes('00f067aa0ba902b7'), name: marker, startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }],
    })).finish());
    // Same length as the marker, so the length prefix stays right: ED A0 80 is U+D800 as UTF-8 would spell it.
    const at = encoded.indexOf(marker);
    Buffer.from([0x61, 0xed, 0xa0, 0x80, 0xff, 0x62]).copy(encoded, at);
    const result = receive('traces', 'protobuf', encoded);
    expect(result.rows.otel_traces![0]!.SpanName).toBe('a\ufffd\ufffd\ufffd\ufffdb');
    expect(result.warnings).toEqual([]);
  });
});
