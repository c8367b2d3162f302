/**
 * OTLP/JSON → the request model (model.ts).
 *
 * OTLP/JSON is the proto3 JSON mapping with the deviations listed in
 * https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding :
 * trace and span ids are hex (not base64), enums are integers (names are accepted too,
 * as proto3 JSON parsers must), keys are lowerCamelCase (snake_case accepted, as the
 * spec allows receivers to), unknown fields are ignored. 64-bit integers may be decimal
 * strings or numbers. This is mapped by hand instead of protobufjs `fromObject`, which
 * would read the ids as base64.
 *
 * A value of the wrong type is a malformed request: the error names the field path,
 * what was expected and what was received.
 *
 * A string escape may spell half of a UTF-16 surrogate pair (`"\ud800"`): JSON.parse
 * hands on a lone surrogate, which no UTF-8 text can hold and ClickHouse refuses at
 * insert, failing the whole batch. It is replaced with U+FFFD, as Go's encoding/json
 * (and so the OpenTelemetry Collector) does and as invalid UTF-8 already is, and
 * reported in the request's `repairs`: the sender learns of it through partial success.
 */
import { OtlpError } from './errors.js';
import { MAX_ITEM_ERRORS } from './normalise-common.js';
import type {
  DecodedRequest,
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
  Span,
  SummaryDataPoint,
} from './model.js';
import { MAX_ANY_VALUE_DEPTH } from './decode-protobuf.js';

type Obj = Record<string, unknown>;

// --- parsing ----------------------------------------------------------------------

/**
 * JSON.parse rounds integers past 2^53, and OTLP/JSON senders may write nanosecond
 * times (~2^60) as bare numbers. Integer tokens of 16+ digits (2^53 has 16) are quoted
 * before parsing so that they reach the mapper as exact strings; every 64-bit field
 * accepts strings, and a double field reads the string as JSON.parse would have.
 */
function quoteLongIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  const parts: string[] = [];
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote, past escapes
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 2;
        else {
          i++;
          if (d === 0x22) break;
        }
      }
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const next = text.charCodeAt(i);
      if (next === 0x2e || next === 0x65 || next === 0x45) {
        // fraction or exponent: a double, left to JSON.parse
        while (i < n && isNumberChar(text.charCodeAt(i))) i++;
      } else if (i - start - (c === 0x2d ? 1 : 0) >= 16) {
        parts.push(text.slice(last, start), '"', text.slice(start, i), '"');
        last = i;
      }
    } else i++;
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  return parts.join('');
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isNumberChar = (c: number) => isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;

function parseObject(text: string): Obj {
  const quoted = quoteLongIntegers(text);
  let root: unknown;
  try {
    root = JSON.parse(quoted);
  } catch (err) {
    // Report offsets in the body as sent, not in the quoted copy.
    let message = (err as Error).message;
    if (quoted !== text) {
      try {
        JSON.parse(text);
      } catch (original) {
        message = (original as Error).message;
      }
    }
    throw new OtlpError('malformed', `invalid JSON: ${message}`);
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new OtlpError('malformed', `request body: expected a JSON object, got ${describe(root)}`);
  }
  return root as Obj;
}

// --- lone surrogates ---------------------------------------------------------------

/**
 * body.toString('utf8') never yields a lone surrogate (invalid UTF-8 becomes U+FFFD), so
 * only a \uD800–\uDFFF escape can produce one. Most bodies have none: one scan of the
 * text and they skip the per-string check. (A match may be a valid pair or an escaped
 * backslash; the per-string check then decides.)
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/** With the u flag, a pair is one code point: \p{Cs} matches lone surrogates only. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

/** Strings repaired in the request being decoded. */
class Repairs {
  count = 0;
  readonly lines: string[] = [];

  fix(v: string, path: string): string {
    if (!LONE_SURROGATE.test(v)) return v;
    this.count++;
    if (this.lines.length < MAX_ITEM_ERRORS) this.lines.push(`${path}: lone UTF-16 surrogate replaced with U+FFFD`);
    return v.replace(LONE_SURROGATES, '\ufffd');
  }

  report(): string[] {
    const more = this.count - this.lines.length;
    return more > 0 ? [...this.lines, `and ${more} more strings repaired`] : this.lines;
  }
}

/**
 * Set only while a body with a surrogate escape is mapped. Mapping is synchronous, so no
 * other request can run meanwhile; module state keeps it out of every reader's arguments.
 */
let repairs: Repairs | null = null;

/** Parses the body and maps it; strings are checked for lone surrogates only when an escape could have made one. */
function decodeJson<T extends DecodedRequest>(body: Buffer, map: (root: Obj) => T): T {
  const text = body.toString('utf8');
  const root = parseObject(text);
  if (!SURROGATE_ESCAPE.test(text)) return map(root);
  repairs = new Repairs();
  try {
    const request = map(root);
    if (repairs.count > 0) request.repairs = repairs.report();
    return request;
  } finally {
    repairs = null;
  }
}

// --- field readers ----------------------------------------------------------------

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    // JSON.parse reads any depth, JSON.stringify recurses: a hostile body nested thousands deep overflows the stack
    return 'an object nested too deep to show';
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new OtlpError('malformed', `${path}: expected ${expected}, got ${describe(got)}`);
}

/** A field by its lowerCamelCase name or its proto (snake_case) name; null counts as absent. */
function get(o: Obj, camel: string, snake?: string): unknown {
  const v = o[camel];
  if (v !== undefined && v !== null) return v;
  if (snake === undefined) return undefined;
  const s = o[snake];
  return s === null ? undefined : s;
}

function obj(v: unknown, path: string): Obj | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object', v);
  return v as Obj;
}

function list(v: unknown, path: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(path, 'an array', v);
  return v;
}

/** Maps each element of a repeated message field, with its index in the path. */
function each<T>(v: unknown, path: string, map: (o: Obj, path: string) => T): T[] {
  const items = list(v, path);
  const out: T[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const p = `${path}[${i}]`;
    out[i] = map(obj(items[i], p) ?? {}, p);
  }
  return out;
}

function str(v: unknown, path: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') fail(path, 'a string', v);
  return repairs === null ? v : repairs.fix(v, path);
}

function bool(v: unknown, path: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') fail(path, 'true or false', v);
  return v;
}

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function integer(v: unknown, path: string, min: bigint, max: bigint, what: string): bigint {
  if (v === undefined) return 0n;
  let n: bigint | undefined;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) n = BigInt(v);
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  if (n === undefined || n < min || n > max) fail(path, `${what} (a decimal string or a number)`, v);
  return n;
}

const uint64 = (v: unknown, path: string) => integer(v, path, 0n, UINT64_MAX, 'an unsigned 64-bit integer');
const int64 = (v: unknown, path: string) => integer(v, path, INT64_MIN, INT64_MAX, 'a 64-bit integer');
const int32 = (v: unknown, path: string) => Number(integer(v, path, -(2n ** 31n), 2n ** 31n - 1n, 'a 32-bit integer'));
const uint32 = (v: unknown, path: string) => Number(integer(v, path, 0n, 2n ** 32n - 1n, 'an unsigned 32-bit integer'));

/** proto3 JSON doubles: numbers, or strings holding a number, "NaN", "Infinity", "-Infinity". */
function double(v: unknown, path: string): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const n = Number(v);
    if (v.trim() !== '' && !Number.isNaN(n)) return n;
  }
  return fail(path, 'a number', v);
}

const optionalDouble = (v: unknown, path: string) => (v === undefined ? null : double(v, path));

/** An enum: its integer value (OTLP/JSON) or its name (proto3 JSON). */
function enumValue(v: unknown, path: string, names: ReadonlyMap<string, number>): number {
  if (typeof v === 'string') {
    const n = names.get(v);
    if (n === undefined) fail(path, `an integer or one of ${[...names.keys()].join(', ')}`, v);
    return n;
  }
  return int32(v, path);
}

/**
 * OTLP/JSON ids are hex, not base64; stored lowercase. Text that is not hex is passed on
 * as sent: the normaliser refuses that one item (naming the field and the text), as it
 * refuses protobuf ids of the wrong size, and the rest of the request is kept.
 */
function hexId(v: unknown, path: string, bytes: number): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') fail(path, `${bytes * 2} hex characters`, v);
  return /^[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : v;
}

/** proto3 JSON bytes: standard or URL-safe base64, padded or not. */
function base64(v: unknown, path: string): Uint8Array {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) return fail(path, 'base64 bytes', v);
  return Buffer.from(v, 'base64');
}

// --- common -----------------------------------------------------------------------

const anyValueFields = [
  ['stringValue', 'string_value'],
  ['boolValue', 'bool_value'],
  ['intValue', 'int_value'],
  ['doubleValue', 'double_value'],
  ['arrayValue', 'array_value'],
  ['kvlistValue', 'kvlist_value'],
  ['bytesValue', 'bytes_value'],
] as const;

const EMPTY: AnyValue = Object.freeze({ type: 'empty', value: null });

function anyValue(o: Obj | undefined, path: string, depth: number): AnyValue {
  if (o === undefined) return EMPTY;
  if (depth > MAX_ANY_VALUE_DEPTH) throw new OtlpError('malformed', `${path}: AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  let result = EMPTY;
  let found: string | undefined;
  for (const [camel, snake] of anyValueFields) {
    const raw = get(o, camel, snake);
    if (raw === undefined) continue;
    if (found) throw new OtlpError('malformed', `${path}: AnyValue sets both ${found} and ${camel}; expected one value`);
    found = camel;
    const p = `${path}.${camel}`;
    switch (camel) {
      case 'stringValue': result = { type: 'string', value: str(raw, p) }; break;
      case 'boolValue': result = { type: 'bool', value: bool(raw, p) }; break;
      case 'intValue': result = { type: 'int', value: int64(raw, p) }; break;
      case 'doubleValue': result = { type: 'double', value: double(raw, p) }; break;
      case 'bytesValue': result = { type: 'bytes', value: base64(raw, p) }; break;
      case 'arrayValue':
        result = { type: 'array', value: list(get(obj(raw, p)!, 'values'), `${p}.values`).map((item, i) => anyValue(obj(item, `${p}.values[${i}]`), `${p}.values[${i}]`, depth + 1)) };
        break;
      case 'kvlistValue':
        result = { type: 'kvlist', value: each(get(obj(raw, p)!, 'values'), `${p}.values`, (kv, kp) => keyValue(kv, kp, depth + 1)) };
        break;
    }
  }
  return result;
}

function keyValue(o: Obj, path: string, depth: number): KeyValue {
  return { key: str(get(o, 'key'), `${path}.key`), value: anyValue(obj(get(o, 'value'), `${path}.value`), `${path}.value`, depth) };
}

function attributes(o: Obj, path: string, camel = 'attributes', snake?: string): KeyValue[] {
  return each(get(o, camel, snake), `${path}.${camel}`, (kv, p) => keyValue(kv, p, 0));
}

function resource(o: Obj | undefined, path: string): Resource {
  return { attributes: o ? attributes(o, path) : [] };
}

function scope(o: Obj | undefined, path: string): InstrumentationScope {
  if (!o) return { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  return {
    name: str(get(o, 'name'), `${path}.name`),
    version: str(get(o, 'version'), `${path}.version`),
    attributes: attributes(o, path),
    droppedAttributesCount: uint32(get(o, 'droppedAttributesCount', 'dropped_attributes_count'), `${path}.droppedAttributesCount`),
  };
}

/** The three levels every signal shares: resource → scope → items. */
function resourceScopeItems<Item>(
  root: Obj,
  names: { resource: [string, string]; scope: [string, string]; items: [string, string] },
  item: (o: Obj, path: string) => Item,
) {
  const [rCamel, rSnake] = names.resource;
  const [sCamel, sSnake] = names.scope;
  const [iCamel, iSnake] = names.items;
  return each(get(root, rCamel, rSnake), rCamel, (r, rp) => ({
    resource: resource(obj(get(r, 'resource'), `${rp}.resource`), `${rp}.resource`),
    schemaUrl: str(get(r, 'schemaUrl', 'schema_url'), `${rp}.schemaUrl`),
    scopes: each(get(r, sCamel, sSnake), `${rp}.${sCamel}`, (s, sp) => ({
      scope: scope(obj(get(s, 'scope'), `${sp}.scope`), `${sp}.scope`),
      schemaUrl: str(get(s, 'schemaUrl', 'schema_url'), `${sp}.schemaUrl`),
      items: each(get(s, iCamel, iSnake), `${sp}.${iCamel}`, item),
    })),
  }));
}

// --- traces -----------------------------------------------------------------------

/** Enum names in value order (Span.SpanKind, Status.StatusCode, …), as proto3 JSON writes them. */
const enumNames = (names: string[]) => new Map(names.map((name, value) => [name, value]));

const spanKinds = enumNames([
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
]);
const statusCodes = enumNames(['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR']);

export function decodeTracesJson(body: Buffer): ExportTraceServiceRequest {
  return decodeJson(body, (root): ExportTraceServiceRequest => {
    const resources = resourceScopeItems(
      root,
      { resource: ['resourceSpans', 'resource_spans'], scope: ['scopeSpans', 'scope_spans'], items: ['spans', 'spans'] },
      span,
    );
    return {
      resourceSpans: resources.map((r) => ({
        resource: r.resource,
        schemaUrl: r.schemaUrl,
        scopeSpans: r.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, spans: s.items })),
      })),
    };
  });
}

function span(o: Obj, path: string): Span {
  const status = obj(get(o, 'status'), `${path}.status`);
  return {
    traceId: hexId(get(o, 'traceId', 'trace_id'), `${path}.traceId`, 16),
    spanId: hexId(get(o, 'spanId', 'span_id'), `${path}.spanId`, 8),
    traceState: str(get(o, 'traceState', 'trace_state'), `${path}.traceState`),
    parentSpanId: hexId(get(o, 'parentSpanId', 'parent_span_id'), `${path}.parentSpanId`, 8),
    name: str(get(o, 'name'), `${path}.name`),
    kind: enumValue(get(o, 'kind'), `${path}.kind`, spanKinds),
    startTimeUnixNano: uint64(get(o, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.startTimeUnixNano`),
    endTimeUnixNano: uint64(get(o, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.endTimeUnixNano`),
    attributes: attributes(o, path),
    events: each(get(o, 'events'), `${path}.events`, (e, p) => ({
      timeUnixNano: uint64(get(e, 'timeUnixNano', 'time_unix_nano'), `${p}.timeUnixNano`),
      name: str(get(e, 'name'), `${p}.name`),
      attributes: attributes(e, p),
    })),
    links: each(get(o, 'links'), `${path}.links`, (l, p) => ({
      traceId: hexId(get(l, 'traceId', 'trace_id'), `${p}.traceId`, 16),
      spanId: hexId(get(l, 'spanId', 'span_id'), `${p}.spanId`, 8),
      traceState: str(get(l, 'traceState', 'trace_state'), `${p}.traceState`),
      attributes: attributes(l, p),
    })),
    status: status
      ? { message: str(get(status, 'message'), `${path}.status.message`), code: enumValue(get(status, 'code'), `${path}.status.code`, statusCodes) }
      : { message: '', code: 0 },
  };
}

// --- logs -------------------------------------------------------------------------

/** SEVERITY_NUMBER_UNSPECIFIED = 0, then TRACE, TRACE2, TRACE3, TRACE4 = 1…4, DEBUG… up to FATAL4 = 24. */
const severityNumbers = enumNames([
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) => [1, 2, 3, 4].map((k) => `SEVERITY_NUMBER_${level}${k === 1 ? '' : k}`)),
]);

export function decodeLogsJson(body: Buffer): ExportLogsServiceRequest {
  return decodeJson(body, (root): ExportLogsServiceRequest => {
    const resources = resourceScopeItems(
      root,
      { resource: ['resourceLogs', 'resource_logs'], scope: ['scopeLogs', 'scope_logs'], items: ['logRecords', 'log_records'] },
      logRecord,
    );
    return {
      resourceLogs: resources.map((r) => ({
        resource: r.resource,
        schemaUrl: r.schemaUrl,
        scopeLogs: r.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, logRecords: s.items })),
      })),
    };
  });
}

function logRecord(o: Obj, path: string): LogRecord {
  return {
    timeUnixNano: uint64(get(o, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
    observedTimeUnixNano: uint64(get(o, 'observedTimeUnixNano', 'observed_time_unix_nano'), `${path}.observedTimeUnixNano`),
    severityNumber: enumValue(get(o, 'severityNumber', 'severity_number'), `${path}.severityNumber`, severityNumbers),
    severityText: str(get(o, 'severityText', 'severity_text'), `${path}.severityText`),
    body: anyValue(obj(get(o, 'body'), `${path}.body`), `${path}.body`, 0),
    attributes: attributes(o, path),
    flags: uint32(get(o, 'flags'), `${path}.flags`),
    traceId: hexId(get(o, 'traceId', 'trace_id'), `${path}.traceId`, 16),
    spanId: hexId(get(o, 'spanId', 'span_id'), `${path}.spanId`, 8),
    eventName: str(get(o, 'eventName', 'event_name'), `${path}.eventName`),
  };
}

// --- metrics ----------------------------------------------------------------------

const temporalities = enumNames(['AGGREGATION_TEMPORALITY_UNSPECIFIED', 'AGGREGATION_TEMPORALITY_DELTA', 'AGGREGATION_TEMPORALITY_CUMULATIVE']);

export function decodeMetricsJson(body: Buffer): ExportMetricsServiceRequest {
  return decodeJson(body, (root): ExportMetricsServiceRequest => {
    const resources = resourceScopeItems(
      root,
      { resource: ['resourceMetrics', 'resource_metrics'], scope: ['scopeMetrics', 'scope_metrics'], items: ['metrics', 'metrics'] },
      metric,
    );
    return {
      resourceMetrics: resources.map((r) => ({
        resource: r.resource,
        schemaUrl: r.schemaUrl,
        scopeMetrics: r.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, metrics: s.items })),
      })),
    };
  });
}

const metricDataFields = [
  ['gauge', 'gauge'],
  ['sum', 'sum'],
  ['histogram', 'histogram'],
  ['exponentialHistogram', 'exponential_histogram'],
  ['summary', 'summary'],
] as const;

function metric(o: Obj, path: string): Metric {
  let data: MetricData | null = null;
  let found: string | undefined;
  for (const [camel, snake] of metricDataFields) {
    const d = obj(get(o, camel, snake), `${path}.${camel}`);
    if (!d) continue;
    if (found) throw new OtlpError('malformed', `${path}: metric sets both ${found} and ${camel}; expected one`);
    found = camel;
    data = metricData(camel, d, `${path}.${camel}`);
  }
  return {
    name: str(get(o, 'name'), `${path}.name`),
    description: str(get(o, 'description'), `${path}.description`),
    unit: str(get(o, 'unit'), `${path}.unit`),
    data,
  };
}

function metricData(type: (typeof metricDataFields)[number][0], d: Obj, path: string): MetricData {
  const points = get(d, 'dataPoints', 'data_points');
  const pointsPath = `${path}.dataPoints`;
  const temporality = () => enumValue(get(d, 'aggregationTemporality', 'aggregation_temporality'), `${path}.aggregationTemporality`, temporalities);
  switch (type) {
    case 'gauge':
      return { type, dataPoints: each(points, pointsPath, numberDataPoint) };
    case 'sum':
      return {
        type,
        dataPoints: each(points, pointsPath, numberDataPoint),
        aggregationTemporality: temporality(),
        isMonotonic: bool(get(d, 'isMonotonic', 'is_monotonic'), `${path}.isMonotonic`),
      };
    case 'histogram':
      return { type, dataPoints: each(points, pointsPath, histogramDataPoint), aggregationTemporality: temporality() };
    case 'exponentialHistogram':
      return { type, dataPoints: each(points, pointsPath, exponentialHistogramDataPoint), aggregationTemporality: temporality() };
    case 'summary':
      return { type, dataPoints: each(points, pointsPath, summaryDataPoint) };
  }
}

/** The `value` oneof of NumberDataPoint and Exemplar: as_double or as_int. */
function pointValue(o: Obj, path: string): number | bigint {
  const asDouble = get(o, 'asDouble', 'as_double');
  const asInt = get(o, 'asInt', 'as_int');
  if (asDouble !== undefined && asInt !== undefined) throw new OtlpError('malformed', `${path}: sets both asDouble and asInt; expected one`);
  if (asInt !== undefined) return int64(asInt, `${path}.asInt`);
  return double(asDouble, `${path}.asDouble`);
}

function times(o: Obj, path: string) {
  return {
    startTimeUnixNano: uint64(get(o, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.startTimeUnixNano`),
    timeUnixNano: uint64(get(o, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
  };
}

function exemplars(o: Obj, path: string): Exemplar[] {
  return each(get(o, 'exemplars'), `${path}.exemplars`, (e, p) => ({
    filteredAttributes: attributes(e, p, 'filteredAttributes', 'filtered_attributes'),
    timeUnixNano: uint64(get(e, 'timeUnixNano', 'time_unix_nano'), `${p}.timeUnixNano`),
    value: pointValue(e, p),
    spanId: hexId(get(e, 'spanId', 'span_id'), `${p}.spanId`, 8),
    traceId: hexId(get(e, 'traceId', 'trace_id'), `${p}.traceId`, 16),
  }));
}

function numberDataPoint(o: Obj, path: string): NumberDataPoint {
  const { startTimeUnixNano, timeUnixNano } = times(o, path);
  return {
    attributes: attributes(o, path),
    startTimeUnixNano,
    timeUnixNano,
    value: pointValue(o, path),
    exemplars: exemplars(o, path),
    flags: uint32(get(o, 'flags'), `${path}.flags`),
  };
}

function histogramDataPoint(o: Obj, path: string): HistogramDataPoint {
  const { startTimeUnixNano, timeUnixNano } = times(o, path);
  return {
    attributes: attributes(o, path),
    startTimeUnixNano,
    timeUnixNano,
    count: uint64(get(o, 'count'), `${path}.count`),
    sum: optionalDouble(get(o, 'sum'), `${path}.sum`),
    bucketCounts: list(get(o, 'bucketCounts', 'bucket_counts'), `${path}.bucketCounts`).map((v, i) => uint64(v, `${path}.bucketCounts[${i}]`)),
    explicitBounds: list(get(o, 'explicitBounds', 'explicit_bounds'), `${path}.explicitBounds`).map((v, i) => double(v, `${path}.explicitBounds[${i}]`)),
    exemplars: exemplars(o, path),
    flags: uint32(get(o, 'flags'), `${path}.flags`),
    min: optionalDouble(get(o, 'min'), `${path}.min`),
    max: optionalDouble(get(o, 'max'), `${path}.max`),
  };
}

function buckets(o: Obj | undefined, path: string): ExponentialHistogramBuckets {
  if (!o) return { offset: 0, bucketCounts: [] };
  return {
    offset: int32(get(o, 'offset'), `${path}.offset`),
    bucketCounts: list(get(o, 'bucketCounts', 'bucket_counts'), `${path}.bucketCounts`).map((v, i) => uint64(v, `${path}.bucketCounts[${i}]`)),
  };
}

function exponentialHistogramDataPoint(o: Obj, path: string): ExponentialHistogramDataPoint {
  const { startTimeUnixNano, timeUnixNano } = times(o, path);
  return {
    attributes: attributes(o, path),
    startTimeUnixNano,
    timeUnixNano,
    count: uint64(get(o, 'count'), `${path}.count`),
    sum: optionalDouble(get(o, 'sum'), `${path}.sum`),
    scale: int32(get(o, 'scale'), `${path}.scale`),
    zeroCount: uint64(get(o, 'zeroCount', 'zero_count'), `${path}.zeroCount`),
    positive: buckets(obj(get(o, 'positive'), `${path}.positive`), `${path}.positive`),
    negative: buckets(obj(get(o, 'negative'), `${path}.negative`), `${path}.negative`),
    flags: uint32(get(o, 'flags'), `${path}.flags`),
    exemplars: exemplars(o, path),
    min: optionalDouble(get(o, 'min'), `${path}.min`),
    max: optionalDouble(get(o, 'max'), `${path}.max`),
  };
}

function summaryDataPoint(o: Obj, path: string): SummaryDataPoint {
  const { startTimeUnixNano, timeUnixNano } = times(o, path);
  return {
    attributes: attributes(o, path),
    startTimeUnixNano,
    timeUnixNano,
    count: uint64(get(o, 'count'), `${path}.count`),
    sum: double(get(o, 'sum'), `${path}.sum`),
    quantileValues: each(get(o, 'quantileValues', 'quantile_values'), `${path}.quantileValues`, (q, p) => ({
      quantile: double(get(q, 'quantile'), `${p}.quantile`),
      value: double(get(q, 'value'), `${p}.value`),
    })),
    flags: uint32(get(o, 'flags'), `${path}.flags`),
  };
}
