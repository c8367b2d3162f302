/**
 * The decoded shape of an OTLP export request: what both decoders (protobuf and JSON)
 * produce and what the normalisers consume. It follows the OTLP messages field by field,
 * with three deliberate differences that keep the normalisers simple and exact:
 *
 * - 64-bit integers are `bigint` (never a JS number: nanosecond times exceed 2^53);
 * - trace and span ids are lowercase hex strings, as stored (bytes on the wire, hex in OTLP/JSON);
 * - absent messages are filled with their empty value, so nothing is `null` except
 *   proto3 `optional` doubles that were not sent.
 *
 * Each request may also carry `repairs`: what the decoder had to change in it to make it
 * storable (see decode-json.ts), reported back to the sender as a partial-success warning.
 *
 * Fields Octolens does not store are not decoded: dropped counts (except the scope's,
 * which metric rows keep), span and link flags, resource entity refs, metric metadata
 * and the exponential histogram zero threshold.
 */

export type AnyValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'array'; value: AnyValue[] }
  | { type: 'kvlist'; value: KeyValue[] }
  | { type: 'empty'; value: null };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface Resource {
  attributes: KeyValue[];
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

/** What every decoded request may carry besides its OTLP fields. */
export interface DecodedRequest {
  /**
   * Strings the decoder repaired, one line each (`<field path>: <what was done>`), at
   * most MAX_ITEM_ERRORS of them followed by a line counting the rest; absent when none.
   */
  repairs?: string[];
}

// --- traces -----------------------------------------------------------------------

export interface ExportTraceServiceRequest extends DecodedRequest {
  resourceSpans: ResourceSpans[];
}

export interface ResourceSpans {
  resource: Resource;
  scopeSpans: ScopeSpans[];
  schemaUrl: string;
}

export interface ScopeSpans {
  scope: InstrumentationScope;
  spans: Span[];
  schemaUrl: string;
}

export interface Span {
  traceId: string;
  spanId: string;
  traceState: string;
  parentSpanId: string;
  name: string;
  /** Span.SpanKind value; open enum, so any int32 may arrive */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: KeyValue[];
  events: SpanEvent[];
  links: SpanLink[];
  status: SpanStatus;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: KeyValue[];
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: KeyValue[];
}

export interface SpanStatus {
  message: string;
  /** Status.StatusCode value */
  code: number;
}

// --- logs -------------------------------------------------------------------------

export interface ExportLogsServiceRequest extends DecodedRequest {
  resourceLogs: ResourceLogs[];
}

export interface ResourceLogs {
  resource: Resource;
  scopeLogs: ScopeLogs[];
  schemaUrl: string;
}

export interface ScopeLogs {
  scope: InstrumentationScope;
  logRecords: LogRecord[];
  schemaUrl: string;
}

export interface LogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: AnyValue;
  attributes: KeyValue[];
  /** the low 8 bits are the W3C trace flags */
  flags: number;
  traceId: string;
  spanId: string;
  eventName: string;
}

// --- metrics ----------------------------------------------------------------------

export interface ExportMetricsServiceRequest extends DecodedRequest {
  resourceMetrics: ResourceMetrics[];
}

export interface ResourceMetrics {
  resource: Resource;
  scopeMetrics: ScopeMetrics[];
  schemaUrl: string;
}

export interface ScopeMetrics {
  scope: InstrumentationScope;
  metrics: Metric[];
  schemaUrl: string;
}

export interface Metric {
  name: string;
  description: string;
  unit: string;
  /** the `data` oneof; null when the sender set none */
  data: MetricData | null;
}

export type MetricData =
  | { type: 'gauge'; dataPoints: NumberDataPoint[] }
  | { type: 'sum'; dataPoints: NumberDataPoint[]; aggregationTemporality: number; isMonotonic: boolean }
  | { type: 'histogram'; dataPoints: HistogramDataPoint[]; aggregationTemporality: number }
  | { type: 'exponentialHistogram'; dataPoints: ExponentialHistogramDataPoint[]; aggregationTemporality: number }
  | { type: 'summary'; dataPoints: SummaryDataPoint[] };

export interface Exemplar {
  filteredAttributes: KeyValue[];
  timeUnixNano: bigint;
  /** as_double (number) or as_int (bigint); 0 when neither was sent */
  value: number | bigint;
  spanId: string;
  traceId: string;
}

export interface NumberDataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  /** as_double (number) or as_int (bigint); 0 when neither was sent */
  value: number | bigint;
  exemplars: Exemplar[];
  flags: number;
}

export interface HistogramDataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: bigint;
  sum: number | null;
  bucketCounts: bigint[];
  explicitBounds: number[];
  exemplars: Exemplar[];
  flags: number;
  min: number | null;
  max: number | null;
}

export interface ExponentialHistogramBuckets {
  offset: number;
  bucketCounts: bigint[];
}

export interface ExponentialHistogramDataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: bigint;
  sum: number | null;
  scale: number;
  zeroCount: bigint;
  positive: ExponentialHistogramBuckets;
  negative: ExponentialHistogramBuckets;
  flags: number;
  exemplars: Exemplar[];
  min: number | null;
  max: number | null;
}

export interface ValueAtQuantile {
  quantile: number;
  value: number;
}

export interface SummaryDataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: bigint;
  sum: number;
  quantileValues: ValueAtQuantile[];
  flags: number;
}

/** Signal → its decoded request. */
export interface RequestBySignal {
  traces: ExportTraceServiceRequest;
  logs: ExportLogsServiceRequest;
  metrics: ExportMetricsServiceRequest;
}
