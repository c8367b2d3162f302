/**
 * OTLP protobuf → the request model (model.ts), read straight off the wire with
 * protobufjs's `Reader`.
 *
 * Why not `Type.decode` from the loaded .proto files: its messages set oneof members
 * through a setter that `delete`s the other members, which drops every AnyValue into
 * V8's dictionary mode, and it allocates a Long per 64-bit field and a Buffer per id.
 * That alone ran ~190k spans/s on one core, below the ingest budget (bench/otlp-decode).
 * The field numbers below are those of proto/*.proto (the upstream OTLP protos);
 * decode-protobuf.test.ts checks this reader against protobufjs's encoding of those
 * files, field by field.
 *
 * Conventions: `case` labels are whole tags, `(field << 3) | wireType`, so a field sent
 * with an unexpected wire type is skipped like an unknown field (as protobufjs does);
 * unknown fields are skipped (https://protobuf.dev/programming-guides/proto3/#unknowns).
 */
import protobuf from 'protobufjs';
import type {
  AnyValue,
  Exemplar,
  ExponentialHistogramBuckets,
  ExponentialHistogramDataPoint,
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
  HistogramDataPoint,
  InstrumentationScope,
  KeyValue,
  LogRecord,
  Metric,
  MetricData,
  NumberDataPoint,
  Resource,
  ResourceLogs,
  ResourceMetrics,
  ResourceSpans,
  ScopeLogs,
  ScopeMetrics,
  ScopeSpans,
  Span,
  SpanEvent,
  SpanLink,
  SpanStatus,
  SummaryDataPoint,
  ValueAtQuantile,
} from './model.js';

type Reader = protobuf.Reader & { buf: Buffer };

/** AnyValue arrays/kvlists nest; a hostile body could nest them until the stack breaks. */
export const MAX_ANY_VALUE_DEPTH = 32;

const EMPTY: AnyValue = Object.freeze({ type: 'empty', value: null });
const EMPTY_RESOURCE: Resource = Object.freeze({ attributes: [] });
const EMPTY_SCOPE: InstrumentationScope = Object.freeze({ name: '', version: '', attributes: [], droppedAttributesCount: 0 });
const UNSET_STATUS: SpanStatus = Object.freeze({ message: '', code: 0 });
const NO_BUCKETS: ExponentialHistogramBuckets = Object.freeze({ offset: 0, bucketCounts: [] });

// --- wire helpers -----------------------------------------------------------------

function outOfRange(r: Reader, length: number): RangeError {
  return new RangeError(`index out of range: ${r.pos} + ${length} > ${r.len}`);
}

/** Reads a length prefix and returns where that field ends. */
function fieldEnd(r: Reader): number {
  const length = r.uint32();
  const end = r.pos + length;
  if (end > r.len) throw outOfRange(r, length);
  return end;
}

/** A message must end exactly at its length prefix; running past it means a corrupt field. */
function checkEnd(r: Reader, end: number): void {
  if (r.pos !== end) throw new RangeError(`index out of range: message ends at offset ${end}, its last field ran to ${r.pos}`);
}

function skip(r: Reader, tag: number): void {
  r.skipType(tag & 7, 0, tag >>> 3);
}

function fixed64(r: Reader): bigint {
  const pos = r.pos;
  if (pos + 8 > r.len) throw outOfRange(r, 8);
  r.pos = pos + 8;
  return r.buf.readBigUInt64LE(pos);
}

function sfixed64(r: Reader): bigint {
  const pos = r.pos;
  if (pos + 8 > r.len) throw outOfRange(r, 8);
  r.pos = pos + 8;
  return r.buf.readBigInt64LE(pos);
}

/** int64 varint. Attribute ints are mostly small: up to 4 bytes (28 bits) are read here, without a Long. */
function int64(r: Reader): bigint {
  const buf = r.buf;
  const start = r.pos;
  let value = 0;
  for (let shift = 0, pos = start; shift < 28 && pos < r.len; shift += 7) {
    const byte = buf[pos++]!;
    value |= (byte & 0x7f) << shift;
    if (byte < 0x80) {
      r.pos = pos;
      return BigInt(value);
    }
  }
  const long = r.int64();
  return BigInt.asIntN(64, (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0));
}

function uint64(r: Reader): bigint {
  const long = r.uint64();
  if (long.high === 0) return BigInt(long.low >>> 0);
  return (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0);
}

/**
 * Short ASCII strings already seen, by a hash of their bytes. Attribute keys, span names
 * and many values repeat across spans and requests: a hit skips the native decode call
 * and hands V8 the same string again, which it has already internalized as a property
 * key (attributeMap stores each key). Bounded: a slot is overwritten on collision.
 */
const STRING_CACHE_SLOTS = 4096;
const MAX_CACHED_LENGTH = 32;
const stringCache: string[] = new Array<string>(STRING_CACHE_SLOTS).fill('');

function string(r: Reader): string {
  const end = fieldEnd(r);
  const start = r.pos;
  r.pos = end;
  const length = end - start;
  if (length > MAX_CACHED_LENGTH || length === 0) return r.buf.toString('utf8', start, end);
  const buf = r.buf;
  // A few bytes pick the slot; the full comparison below decides.
  const slot = (length * 31 + buf[start]! * 7 + buf[start + (length >> 1)]! * 3 + buf[end - 1]!) & (STRING_CACHE_SLOTS - 1);
  const cached = stringCache[slot]!;
  if (cached.length === length) {
    let i = 0;
    while (i < length && cached.charCodeAt(i) === buf[start + i]) i++;
    if (i === length) return cached;
  }
  for (let i = start; i < end; i++) if (buf[i]! > 0x7f) return buf.toString('utf8', start, end);
  // Only ASCII is cached, so that comparing char codes with bytes above is exact.
  const decoded = buf.toString('latin1', start, end);
  stringCache[slot] = decoded;
  return decoded;
}

/** Id bytes → lowercase hex, without materialising a Buffer per id. */
function hexId(r: Reader): string {
  const end = fieldEnd(r);
  const start = r.pos;
  r.pos = end;
  return r.buf.toString('hex', start, end);
}

function packedFixed64(r: Reader, into: bigint[]): void {
  const end = fieldEnd(r);
  if ((end - r.pos) % 8 !== 0) throw new RangeError(`packed fixed64 field at offset ${r.pos} is ${end - r.pos} bytes, not a multiple of 8`);
  while (r.pos < end) into.push(fixed64(r));
}

function packedDouble(r: Reader, into: number[]): void {
  const end = fieldEnd(r);
  if ((end - r.pos) % 8 !== 0) throw new RangeError(`packed double field at offset ${r.pos} is ${end - r.pos} bytes, not a multiple of 8`);
  while (r.pos < end) into.push(r.double());
}

function packedUint64(r: Reader, into: bigint[]): void {
  const end = fieldEnd(r);
  while (r.pos < end) into.push(uint64(r));
  checkEnd(r, end);
}

// --- common -----------------------------------------------------------------------

function anyValue(r: Reader, end: number, depth: number): AnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new RangeError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels at offset ${r.pos}`);
  let v = EMPTY;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: v = { type: 'string', value: string(r) }; break; // 1 string_value
      case 16: v = { type: 'bool', value: r.bool() }; break; // 2 bool_value
      case 24: v = { type: 'int', value: int64(r) }; break; // 3 int_value
      case 33: v = { type: 'double', value: r.double() }; break; // 4 double_value
      case 42: v = { type: 'array', value: arrayValue(r, fieldEnd(r), depth + 1) }; break; // 5 array_value
      case 50: v = { type: 'kvlist', value: keyValueList(r, fieldEnd(r), depth + 1) }; break; // 6 kvlist_value
      case 58: v = { type: 'bytes', value: r.bytes() }; break; // 7 bytes_value
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return v;
}

/** ArrayValue: repeated AnyValue values = 1. */
function arrayValue(r: Reader, end: number, depth: number): AnyValue[] {
  const values: AnyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 10) values.push(anyValue(r, fieldEnd(r), depth));
    else skip(r, tag);
  }
  checkEnd(r, end);
  return values;
}

/** KeyValueList: repeated KeyValue values = 1. */
function keyValueList(r: Reader, end: number, depth: number): KeyValue[] {
  const values: KeyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 10) values.push(keyValue(r, fieldEnd(r), depth));
    else skip(r, tag);
  }
  checkEnd(r, end);
  return values;
}

function keyValue(r: Reader, end: number, depth: number): KeyValue {
  let key = '';
  let value = EMPTY;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: key = string(r); break; // 1 key
      case 18: value = anyValue(r, fieldEnd(r), depth); break; // 2 value
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return { key, value };
}

/** One attributes entry onto `into` (repeated KeyValue fields arrive one entry per tag). */
function attribute(r: Reader, into: KeyValue[]): void {
  into.push(keyValue(r, fieldEnd(r), 0));
}

function resource(r: Reader, end: number): Resource {
  const attributes: KeyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 10) attribute(r, attributes); // 1 attributes
    else skip(r, tag);
  }
  checkEnd(r, end);
  return { attributes };
}

function scope(r: Reader, end: number): InstrumentationScope {
  const s: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: s.name = string(r); break; // 1 name
      case 18: s.version = string(r); break; // 2 version
      case 26: attribute(r, s.attributes); break; // 3 attributes
      case 32: s.droppedAttributesCount = r.uint32(); break; // 4 dropped_attributes_count
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return s;
}

// --- traces -----------------------------------------------------------------------

export function decodeTracesProtobuf(body: Buffer): ExportTraceServiceRequest {
  const r = protobuf.Reader.create(body) as Reader;
  const resourceSpans: ResourceSpans[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag === 10) resourceSpans.push(readResourceSpans(r, fieldEnd(r))); // 1 resource_spans
    else skip(r, tag);
  }
  return { resourceSpans };
}

function readResourceSpans(r: Reader, end: number): ResourceSpans {
  const rs: ResourceSpans = { resource: EMPTY_RESOURCE, scopeSpans: [], schemaUrl: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: rs.resource = resource(r, fieldEnd(r)); break; // 1 resource
      case 18: rs.scopeSpans.push(readScopeSpans(r, fieldEnd(r))); break; // 2 scope_spans
      case 26: rs.schemaUrl = string(r); break; // 3 schema_url
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return rs;
}

function readScopeSpans(r: Reader, end: number): ScopeSpans {
  const ss: ScopeSpans = { scope: EMPTY_SCOPE, spans: [], schemaUrl: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: ss.scope = scope(r, fieldEnd(r)); break; // 1 scope
      case 18: ss.spans.push(readSpan(r, fieldEnd(r))); break; // 2 spans
      case 26: ss.schemaUrl = string(r); break; // 3 schema_url
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return ss;
}

function readSpan(r: Reader, end: number): Span {
  const s: Span = {
    traceId: '',
    spanId: '',
    traceState: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: [],
    events: [],
    links: [],
    status: UNSET_STATUS,
  };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: s.traceId = hexId(r); break; // 1 trace_id
      case 18: s.spanId = hexId(r); break; // 2 span_id
      case 26: s.traceState = string(r); break; // 3 trace_state
      case 34: s.parentSpanId = hexId(r); break; // 4 parent_span_id
      case 42: s.name = string(r); break; // 5 name
      case 48: s.kind = r.int32(); break; // 6 kind
      case 57: s.startTimeUnixNano = fixed64(r); break; // 7 start_time_unix_nano
      case 65: s.endTimeUnixNano = fixed64(r); break; // 8 end_time_unix_nano
      case 74: attribute(r, s.attributes); break; // 9 attributes
      case 90: s.events.push(readEvent(r, fieldEnd(r))); break; // 11 events
      case 106: s.links.push(readLink(r, fieldEnd(r))); break; // 13 links
      case 122: s.status = readStatus(r, fieldEnd(r)); break; // 15 status
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return s;
}

function readEvent(r: Reader, end: number): SpanEvent {
  const e: SpanEvent = { timeUnixNano: 0n, name: '', attributes: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 9: e.timeUnixNano = fixed64(r); break; // 1 time_unix_nano
      case 18: e.name = string(r); break; // 2 name
      case 26: attribute(r, e.attributes); break; // 3 attributes
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return e;
}

function readLink(r: Reader, end: number): SpanLink {
  const l: SpanLink = { traceId: '', spanId: '', traceState: '', attributes: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: l.traceId = hexId(r); break; // 1 trace_id
      case 18: l.spanId = hexId(r); break; // 2 span_id
      case 26: l.traceState = string(r); break; // 3 trace_state
      case 34: attribute(r, l.attributes); break; // 4 attributes
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return l;
}

function readStatus(r: Reader, end: number): SpanStatus {
  const s: SpanStatus = { message: '', code: 0 };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 18: s.message = string(r); break; // 2 message
      case 24: s.code = r.int32(); break; // 3 code
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return s;
}

// --- logs -------------------------------------------------------------------------

export function decodeLogsProtobuf(body: Buffer): ExportLogsServiceRequest {
  const r = protobuf.Reader.create(body) as Reader;
  const resourceLogs: ResourceLogs[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag === 10) resourceLogs.push(readResourceLogs(r, fieldEnd(r))); // 1 resource_logs
    else skip(r, tag);
  }
  return { resourceLogs };
}

function readResourceLogs(r: Reader, end: number): ResourceLogs {
  const rl: ResourceLogs = { resource: EMPTY_RESOURCE, scopeLogs: [], schemaUrl: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: rl.resource = resource(r, fieldEnd(r)); break; // 1 resource
      case 18: rl.scopeLogs.push(readScopeLogs(r, fieldEnd(r))); break; // 2 scope_logs
      case 26: rl.schemaUrl = string(r); break; // 3 schema_url
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return rl;
}

function readScopeLogs(r: Reader, end: number): ScopeLogs {
  const sl: ScopeLogs = { scope: EMPTY_SCOPE, logRecords: [], schemaUrl: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: sl.scope = scope(r, fieldEnd(r)); break; // 1 scope
      case 18: sl.logRecords.push(readLogRecord(r, fieldEnd(r))); break; // 2 log_records
      case 26: sl.schemaUrl = string(r); break; // 3 schema_url
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return sl;
}

function readLogRecord(r: Reader, end: number): LogRecord {
  const l: LogRecord = {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: EMPTY,
    attributes: [],
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
  };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 9: l.timeUnixNano = fixed64(r); break; // 1 time_unix_nano
      case 16: l.severityNumber = r.int32(); break; // 2 severity_number
      case 26: l.severityText = string(r); break; // 3 severity_text
      case 42: l.body = anyValue(r, fieldEnd(r), 0); break; // 5 body
      case 50: attribute(r, l.attributes); break; // 6 attributes
      case 69: l.flags = r.fixed32(); break; // 8 flags
      case 74: l.traceId = hexId(r); break; // 9 trace_id
      case 82: l.spanId = hexId(r); break; // 10 span_id
      case 89: l.observedTimeUnixNano = fixed64(r); break; // 11 observed_time_unix_nano
      case 98: l.eventName = string(r); break; // 12 event_name
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return l;
}

// --- metrics ----------------------------------------------------------------------

export function decodeMetricsProtobuf(body: Buffer): ExportMetricsServiceRequest {
  const r = protobuf.Reader.create(body) as Reader;
  const resourceMetrics: ResourceMetrics[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag === 10) resourceMetrics.push(readResourceMetrics(r, fieldEnd(r))); // 1 resource_metrics
    else skip(r, tag);
  }
  return { resourceMetrics };
}

function readResourceMetrics(r: Reader, end: number): ResourceMetrics {
  const rm: ResourceMetrics = { resource: EMPTY_RESOURCE, scopeMetrics: [], schemaUrl: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: rm.resource = resource(r, fieldEnd(r)); break; // 1 resource
      case 18: rm.scopeMetrics.push(readScopeMetrics(r, fieldEnd(r))); break; // 2 scope_metrics
      case 26: rm.schemaUrl = string(r); break; // 3 schema_url
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return rm;
}

function readScopeMetrics(r: Reader, end: number): ScopeMetrics {
  const sm: ScopeMetrics = { scope: EMPTY_SCOPE, metrics: [], schemaUrl: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: sm.scope = scope(r, fieldEnd(r)); break; // 1 scope
      case 18: sm.metrics.push(readMetric(r, fieldEnd(r))); break; // 2 metrics
      case 26: sm.schemaUrl = string(r); break; // 3 schema_url
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return sm;
}

function readMetric(r: Reader, end: number): Metric {
  const m: Metric = { name: '', description: '', unit: '', data: null };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: m.name = string(r); break; // 1 name
      case 18: m.description = string(r); break; // 2 description
      case 26: m.unit = string(r); break; // 3 unit
      case 42: m.data = readNumberData(r, fieldEnd(r), 'gauge'); break; // 5 gauge
      case 58: m.data = readNumberData(r, fieldEnd(r), 'sum'); break; // 7 sum
      case 74: m.data = readHistogram(r, fieldEnd(r)); break; // 9 histogram
      case 82: m.data = readExponentialHistogram(r, fieldEnd(r)); break; // 10 exponential_histogram
      case 90: m.data = readSummary(r, fieldEnd(r)); break; // 11 summary
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return m;
}

/** Gauge (data_points = 1) and Sum (data_points = 1, aggregation_temporality = 2, is_monotonic = 3). */
function readNumberData(r: Reader, end: number, type: 'gauge' | 'sum'): MetricData {
  const dataPoints: NumberDataPoint[] = [];
  let aggregationTemporality = 0;
  let isMonotonic = false;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: dataPoints.push(readNumberDataPoint(r, fieldEnd(r))); break;
      case 16: aggregationTemporality = r.int32(); break;
      case 24: isMonotonic = r.bool(); break;
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return type === 'gauge' ? { type, dataPoints } : { type, dataPoints, aggregationTemporality, isMonotonic };
}

/** Histogram: data_points = 1, aggregation_temporality = 2. */
function readHistogram(r: Reader, end: number): MetricData {
  const dataPoints: HistogramDataPoint[] = [];
  let aggregationTemporality = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: dataPoints.push(readHistogramDataPoint(r, fieldEnd(r))); break;
      case 16: aggregationTemporality = r.int32(); break;
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return { type: 'histogram', dataPoints, aggregationTemporality };
}

/** ExponentialHistogram: data_points = 1, aggregation_temporality = 2. */
function readExponentialHistogram(r: Reader, end: number): MetricData {
  const dataPoints: ExponentialHistogramDataPoint[] = [];
  let aggregationTemporality = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: dataPoints.push(readExponentialHistogramDataPoint(r, fieldEnd(r))); break;
      case 16: aggregationTemporality = r.int32(); break;
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return { type: 'exponentialHistogram', dataPoints, aggregationTemporality };
}

/** Summary: data_points = 1. */
function readSummary(r: Reader, end: number): MetricData {
  const dataPoints: SummaryDataPoint[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 10) dataPoints.push(readSummaryDataPoint(r, fieldEnd(r)));
    else skip(r, tag);
  }
  checkEnd(r, end);
  return { type: 'summary', dataPoints };
}

function readNumberDataPoint(r: Reader, end: number): NumberDataPoint {
  const p: NumberDataPoint = { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, value: 0, exemplars: [], flags: 0 };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 17: p.startTimeUnixNano = fixed64(r); break; // 2 start_time_unix_nano
      case 25: p.timeUnixNano = fixed64(r); break; // 3 time_unix_nano
      case 33: p.value = r.double(); break; // 4 as_double
      case 42: p.exemplars.push(readExemplar(r, fieldEnd(r))); break; // 5 exemplars
      case 49: p.value = sfixed64(r); break; // 6 as_int
      case 58: attribute(r, p.attributes); break; // 7 attributes
      case 64: p.flags = r.uint32(); break; // 8 flags
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return p;
}

function readHistogramDataPoint(r: Reader, end: number): HistogramDataPoint {
  const p: HistogramDataPoint = {
    attributes: [],
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    count: 0n,
    sum: null,
    bucketCounts: [],
    explicitBounds: [],
    exemplars: [],
    flags: 0,
    min: null,
    max: null,
  };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 17: p.startTimeUnixNano = fixed64(r); break; // 2 start_time_unix_nano
      case 25: p.timeUnixNano = fixed64(r); break; // 3 time_unix_nano
      case 33: p.count = fixed64(r); break; // 4 count
      case 41: p.sum = r.double(); break; // 5 sum
      case 50: packedFixed64(r, p.bucketCounts); break; // 6 bucket_counts, packed
      case 49: p.bucketCounts.push(fixed64(r)); break; // 6 bucket_counts, unpacked
      case 58: packedDouble(r, p.explicitBounds); break; // 7 explicit_bounds, packed
      case 57: p.explicitBounds.push(r.double()); break; // 7 explicit_bounds, unpacked
      case 66: p.exemplars.push(readExemplar(r, fieldEnd(r))); break; // 8 exemplars
      case 74: attribute(r, p.attributes); break; // 9 attributes
      case 80: p.flags = r.uint32(); break; // 10 flags
      case 89: p.min = r.double(); break; // 11 min
      case 97: p.max = r.double(); break; // 12 max
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return p;
}

function readExponentialHistogramDataPoint(r: Reader, end: number): ExponentialHistogramDataPoint {
  const p: ExponentialHistogramDataPoint = {
    attributes: [],
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    count: 0n,
    sum: null,
    scale: 0,
    zeroCount: 0n,
    positive: NO_BUCKETS,
    negative: NO_BUCKETS,
    flags: 0,
    exemplars: [],
    min: null,
    max: null,
  };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: attribute(r, p.attributes); break; // 1 attributes
      case 17: p.startTimeUnixNano = fixed64(r); break; // 2 start_time_unix_nano
      case 25: p.timeUnixNano = fixed64(r); break; // 3 time_unix_nano
      case 33: p.count = fixed64(r); break; // 4 count
      case 41: p.sum = r.double(); break; // 5 sum
      case 48: p.scale = r.sint32(); break; // 6 scale
      case 57: p.zeroCount = fixed64(r); break; // 7 zero_count
      case 66: p.positive = readBuckets(r, fieldEnd(r)); break; // 8 positive
      case 74: p.negative = readBuckets(r, fieldEnd(r)); break; // 9 negative
      case 80: p.flags = r.uint32(); break; // 10 flags
      case 90: p.exemplars.push(readExemplar(r, fieldEnd(r))); break; // 11 exemplars
      case 97: p.min = r.double(); break; // 12 min
      case 105: p.max = r.double(); break; // 13 max
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return p;
}

function readBuckets(r: Reader, end: number): ExponentialHistogramBuckets {
  const b: ExponentialHistogramBuckets = { offset: 0, bucketCounts: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 8: b.offset = r.sint32(); break; // 1 offset
      case 18: packedUint64(r, b.bucketCounts); break; // 2 bucket_counts, packed
      case 16: b.bucketCounts.push(uint64(r)); break; // 2 bucket_counts, unpacked
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return b;
}

function readSummaryDataPoint(r: Reader, end: number): SummaryDataPoint {
  const p: SummaryDataPoint = { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, count: 0n, sum: 0, quantileValues: [], flags: 0 };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 17: p.startTimeUnixNano = fixed64(r); break; // 2 start_time_unix_nano
      case 25: p.timeUnixNano = fixed64(r); break; // 3 time_unix_nano
      case 33: p.count = fixed64(r); break; // 4 count
      case 41: p.sum = r.double(); break; // 5 sum
      case 50: p.quantileValues.push(readValueAtQuantile(r, fieldEnd(r))); break; // 6 quantile_values
      case 58: attribute(r, p.attributes); break; // 7 attributes
      case 64: p.flags = r.uint32(); break; // 8 flags
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return p;
}

function readValueAtQuantile(r: Reader, end: number): ValueAtQuantile {
  const q: ValueAtQuantile = { quantile: 0, value: 0 };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 9: q.quantile = r.double(); break; // 1 quantile
      case 17: q.value = r.double(); break; // 2 value
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return q;
}

function readExemplar(r: Reader, end: number): Exemplar {
  const e: Exemplar = { filteredAttributes: [], timeUnixNano: 0n, value: 0, spanId: '', traceId: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 17: e.timeUnixNano = fixed64(r); break; // 2 time_unix_nano
      case 25: e.value = r.double(); break; // 3 as_double
      case 34: e.spanId = hexId(r); break; // 4 span_id
      case 42: e.traceId = hexId(r); break; // 5 trace_id
      case 49: e.value = sfixed64(r); break; // 6 as_int
      case 58: attribute(r, e.filteredAttributes); break; // 7 filtered_attributes
      default: skip(r, tag);
    }
  }
  checkEnd(r, end);
  return e;
}
