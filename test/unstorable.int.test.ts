/**
 * Values the schema cannot hold, against a real hub: before this was checked, a span past
 * 2262 or a lone surrogate was accepted and then failed the whole ClickHouse insert, and
 * with it every other client's rows in the same batch. Now the item is refused (or
 * repaired) at normalise time, answered through partial success, and the others are kept.
 */
import { context, SpanKind, trace, type HrTime } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpRoot } from '../collectors/otlp/proto.js';
import type { TraceResult } from '../shared/api.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.dispose();
});

const baseSec = Math.floor(Date.now() / 1000) - 60;
const at = (ms: number): HrTime => [baseSec + Math.floor(ms / 1000), (ms % 1000) * 1_000_000];
const nanos = (ms: number) => String(BigInt(baseSec) * 1_000_000_000n + BigInt(ms) * 1_000_000n);
/** 2300-01-01T00:00:00Z, a valid uint64 of nanoseconds past what DateTime64(9) holds. */
const Y2300: HrTime = [10_413_792_000, 0];
const TOO_LATE = "10413792000000000000 is after 2100-01-01T00:00:00Z, the latest time Octolens stores (its partitions and retention use ClickHouse's DateTime, which ends in 2106)";

const TRACE_MIXED = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_JSON = '5b8efff798038103d269b633813fc60c';
const TRACE_OTHER = '0af7651916cd43dd8448eb211c80319c';

/** Spans made by the real SDK under one trace, as `[name, start, end, attributes]`. */
function sdkSpans(service: string, traceId: string, specs: Array<[string, HrTime, HrTime, Record<string, string>?]>) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const parent = trace.setSpanContext(context.active(), { traceId, spanId: 'eee19b7ec3c1b174', traceFlags: 1 });
  const tracer = provider.getTracer('unstorable-tests');
  for (const [name, start, end, attributes] of specs) tracer.startSpan(name, { kind: SpanKind.SERVER, startTime: start, attributes }, parent).end(end);
  return { spans: exporter.getFinishedSpans(), provider };
}

const TracesResponse = otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');

async function postProtobuf(spans: ReadableSpan[]) {
  const res = await fetch(`${hub.otlpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-protobuf' },
    body: new Uint8Array(ProtobufTraceSerializer.serializeRequest(spans)!),
  });
  const answer = TracesResponse.toObject(TracesResponse.decode(new Uint8Array(await res.arrayBuffer())), { longs: String, defaults: false });
  return { status: res.status, answer };
}

async function postJson(text: string) {
  const res = await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
  return { status: res.status, answer: (await res.json()) as unknown };
}

const jsonSpan = (spanId: string, name: string, extra = '') =>
  `{"traceId":"${TRACE_JSON}","spanId":"${spanId}","name":"${name}","kind":2,"startTimeUnixNano":"${nanos(0)}","endTimeUnixNano":"${nanos(5)}"${extra}}`;
const jsonRequest = (service: string, spans: string[]) =>
  `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"${service}"}}]},"scopeSpans":[{"spans":[${spans.join(',')}]}]}]}`;

const spanNames = async (traceId: string) => {
  const t = await getJson<TraceResult>(hub, `/api/v1/traces/${traceId}`).catch(() => ({ spans: [] }) as unknown as TraceResult);
  return t.spans;
};

describe('values the schema cannot hold', () => {
  it('refuses the bad items of a request, keeps its good ones, and leaves a concurrent client untouched', async () => {
    const mixed = sdkSpans('unstorable-mixed', TRACE_MIXED, [
      ['good-1', at(0), at(10), { 'http.route': '/cart' }],
      ['starts-2300', Y2300, Y2300],
      ['long-value', at(20), at(30), { 'db.statement': 'x'.repeat(64 * 1024 + 1) }],
      ['good-2', at(40), at(45)],
    ]);
    const other = sdkSpans('unstorable-other', TRACE_OTHER, [
      ['other-1', at(0), at(1)],
      ['other-2', at(2), at(3)],
    ]);
    const otherExporter = new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` });
    const exported = new Promise<ExportResultCode>((resolve) => otherExporter.export(other.spans, (r) => resolve(r.code)));
    const json = postJson(
      jsonRequest('unstorable-json', [
        jsonSpan('00f067aa0ba902b7', 'lone \\ud800 half'),
        jsonSpan('b7ad6b7169203331', 'late-event', `,"events":[{"timeUnixNano":"9999999999000000000","name":"boom"}]`),
      ]),
    );

    const [proto, fromJson, otherCode] = await Promise.all([postProtobuf(mixed.spans), json, exported]);

    expect(proto).toEqual({
      status: 200,
      answer: {
        partialSuccess: {
          rejectedSpans: '2',
          errorMessage:
            `2 of 4 spans rejected: resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano: ${TOO_LATE}; ` +
            'resourceSpans[0].scopeSpans[0].spans[2].attributes[0].value: 65537 bytes, more than the 65536 allowed (maxAttributeValueBytes)',
        },
      },
    });
    expect(fromJson).toEqual({
      status: 200,
      answer: {
        partialSuccess: {
          rejectedSpans: '1',
          errorMessage:
            '1 of 2 spans rejected: resourceSpans[0].scopeSpans[0].spans[1].events[0].timeUnixNano: 9999999999000000000 is after ' +
            "2100-01-01T00:00:00Z, the latest time Octolens stores (its partitions and retention use ClickHouse's DateTime, which ends in 2106); " +
            'kept with repairs: resourceSpans[0].scopeSpans[0].spans[0].name: lone UTF-16 surrogate replaced with U+FFFD',
        },
      },
    });
    expect(otherCode).toBe(ExportResultCode.SUCCESS);

    const stored = await eventually(() => spanNames(TRACE_MIXED), (s) => s.length >= 2);
    expect(stored.map((s) => [s.name, s.startTimeUnixNano, s.durationNs, s.attributes])).toEqual([
      ['good-1', nanos(0), 10_000_000, { 'http.route': '/cart' }],
      ['good-2', nanos(40), 5_000_000, {}],
    ]);
    expect((await spanNames(TRACE_JSON)).map((s) => s.name)).toEqual(['lone \ufffd half']);
    expect((await spanNames(TRACE_OTHER)).map((s) => [s.name, s.serviceName])).toEqual([
      ['other-1', 'unstorable-other'],
      ['other-2', 'unstorable-other'],
    ]);
    await Promise.all([mixed.provider.shutdown(), other.provider.shutdown(), otherExporter.shutdown()]);
  });

  it('answers a request whose only problem was repaired with rejected 0 and a warning', async () => {
    const res = await postJson(jsonRequest('unstorable-warn', [`{"traceId":"${TRACE_JSON}","spanId":"00f067aa0ba90001","name":"only","startTimeUnixNano":"${nanos(50)}","endTimeUnixNano":"${nanos(51)}","attributes":[{"key":"k","value":{"stringValue":"\\udfff"}}]}`]));
    expect(res).toEqual({
      status: 200,
      answer: {
        partialSuccess: {
          rejectedSpans: '0',
          errorMessage: 'kept with repairs: resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.stringValue: lone UTF-16 surrogate replaced with U+FFFD',
        },
      },
    });
    const spans = await eventually(() => spanNames(TRACE_JSON), (s) => s.length >= 2);
    expect(spans.find((s) => s.name === 'only')?.attributes).toEqual({ k: '\ufffd' });
  });

  // received: good-1, good-2, other-1, other-2, the repaired span and "only"
  it('counts the refused spans under invalid_item', async () => {
    const text = await (await fetch(hub.apiUrl + '/metrics')).text();
    expect(text).toMatch(/octolens_ingest_rejected_rows_total\{signal="traces",reason="invalid_item"\} 3\b/);
    expect(text).toMatch(/octolens_ingest_received_rows_total\{signal="traces"\} 6\b/);
  });
});
