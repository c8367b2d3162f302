/**
 * Rows as written to ClickHouse with JSONEachRow. Keys are the exporter column names.
 * DateTime64(9) values are strings `SSSSSSSSSS.nnnnnnnnn` (see `formatNanos`); UInt64
 * values are decimal strings so nothing passes through a float.
 */

export type Attributes = Record<string, string>;

export interface SpanRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  ResourceAttributes: Attributes;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: Attributes;
  Duration: string;
  StatusCode: string;
  StatusMessage: string;
  'Events.Timestamp': string[];
  'Events.Name': string[];
  'Events.Attributes': Attributes[];
  'Links.TraceId': string[];
  'Links.SpanId': string[];
  'Links.TraceState': string[];
  'Links.Attributes': Attributes[];
}

export interface LogRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  TraceFlags: number;
  SeverityText: string;
  SeverityNumber: number;
  ServiceName: string;
  Body: string;
  ResourceSchemaUrl: string;
  ResourceAttributes: Attributes;
  ScopeSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: Attributes;
  LogAttributes: Attributes;
  EventName: string;
}

interface MetricRowBase {
  ResourceAttributes: Attributes;
  ResourceSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: Attributes;
  ScopeDroppedAttrCount: number;
  ScopeSchemaUrl: string;
  ServiceName: string;
  MetricName: string;
  MetricDescription: string;
  MetricUnit: string;
  Attributes: Attributes;
  StartTimeUnix: string;
  TimeUnix: string;
  Flags: number;
}

interface ExemplarColumns {
  'Exemplars.FilteredAttributes': Attributes[];
  'Exemplars.TimeUnix': string[];
  'Exemplars.Value': number[];
  'Exemplars.SpanId': string[];
  'Exemplars.TraceId': string[];
}

export interface GaugeRow extends MetricRowBase, ExemplarColumns {
  Value: number;
}

export interface SumRow extends GaugeRow {
  AggregationTemporality: number;
  IsMonotonic: boolean;
}

export interface HistogramRow extends MetricRowBase, ExemplarColumns {
  Count: string;
  Sum: number;
  BucketCounts: string[];
  ExplicitBounds: number[];
  Min: number;
  Max: number;
  AggregationTemporality: number;
}

export interface ExpHistogramRow extends MetricRowBase, ExemplarColumns {
  Count: string;
  Sum: number;
  Scale: number;
  ZeroCount: string;
  PositiveOffset: number;
  PositiveBucketCounts: string[];
  NegativeOffset: number;
  NegativeBucketCounts: string[];
  Min: number;
  Max: number;
  AggregationTemporality: number;
}

export interface SummaryRow extends MetricRowBase {
  Count: string;
  Sum: number;
  'ValueAtQuantiles.Quantile': number[];
  'ValueAtQuantiles.Value': number[];
}

/**
 * A business event (migration 0005). Value, EventId and Source have DEFAULTs in the schema
 * and the embedded insert path lets the table fill them, so rows leave them out for now.
 */
export interface BusinessEventRow {
  Timestamp: string;
  Name: string;
  ServiceName: string;
  Attributes: Attributes;
  ResourceAttributes: Attributes;
}

/**
 * Table name → its row type, for the compiler. Which tables really take ingest is the
 * schema's word (comment 'ingest', see TelemetryStore.ingestTables).
 */
export interface TableRows {
  otel_traces: SpanRow;
  otel_logs: LogRow;
  otel_metrics_gauge: GaugeRow;
  otel_metrics_sum: SumRow;
  otel_metrics_histogram: HistogramRow;
  otel_metrics_exponential_histogram: ExpHistogramRow;
  otel_metrics_summary: SummaryRow;
  business_events: BusinessEventRow;
}

export type TableName = keyof TableRows;

/**
 * Nanoseconds since the epoch → the DateTime64(9) text ClickHouse parses exactly.
 * ClickHouse reads a number only when the seconds part has 10 digits, hence the padding.
 * @example formatNanos(1700000000123456789n) === '1700000000.123456789'
 */
export function formatNanos(nanos: bigint): string {
  const s = nanos.toString().padStart(19, '0');
  return `${s.slice(0, -9)}.${s.slice(-9)}`;
}
