/**
 * The columns an ingest writes in Native format, per table, in the plain types the block
 * declares (the table's types with LowCardinality stripped; ClickHouse converts on insert).
 * Only the columns a writer supplies: those with a DEFAULT are left to the table.
 * native-columns.int.test.ts checks these against the migrated schema.
 */
import type { TableName } from './rows.js';

type Column = readonly [name: string, type: string];

const metricBase: Column[] = [
  ['ResourceAttributes', 'Map(String, String)'],
  ['ResourceSchemaUrl', 'String'],
  ['ScopeName', 'String'],
  ['ScopeVersion', 'String'],
  ['ScopeAttributes', 'Map(String, String)'],
  ['ScopeDroppedAttrCount', 'UInt32'],
  ['ScopeSchemaUrl', 'String'],
  ['ServiceName', 'String'],
  ['MetricName', 'String'],
  ['MetricDescription', 'String'],
  ['MetricUnit', 'String'],
  ['Attributes', 'Map(String, String)'],
  ['StartTimeUnix', 'DateTime64(9)'],
  ['TimeUnix', 'DateTime64(9)'],
  ['Flags', 'UInt32'],
];

const exemplars: Column[] = [
  ['Exemplars.FilteredAttributes', 'Array(Map(String, String))'],
  ['Exemplars.TimeUnix', 'Array(DateTime64(9))'],
  ['Exemplars.Value', 'Array(Float64)'],
  ['Exemplars.SpanId', 'Array(String)'],
  ['Exemplars.TraceId', 'Array(String)'],
];

const minMax: Column[] = [
  ['Min', 'Float64'],
  ['Max', 'Float64'],
  ['AggregationTemporality', 'Int32'],
];

export const nativeColumns = {
  otel_traces: [
    ['Timestamp', 'DateTime64(9)'],
    ['TraceId', 'String'],
    ['SpanId', 'String'],
    ['ParentSpanId', 'String'],
    ['TraceState', 'String'],
    ['SpanName', 'String'],
    ['SpanKind', 'String'],
    ['ServiceName', 'String'],
    ['ResourceAttributes', 'Map(String, String)'],
    ['ScopeName', 'String'],
    ['ScopeVersion', 'String'],
    ['SpanAttributes', 'Map(String, String)'],
    ['Duration', 'UInt64'],
    ['StatusCode', 'String'],
    ['StatusMessage', 'String'],
    ['Events.Timestamp', 'Array(DateTime64(9))'],
    ['Events.Name', 'Array(String)'],
    ['Events.Attributes', 'Array(Map(String, String))'],
    ['Links.TraceId', 'Array(String)'],
    ['Links.SpanId', 'Array(String)'],
    ['Links.TraceState', 'Array(String)'],
    ['Links.Attributes', 'Array(Map(String, String))'],
  ],
  otel_logs: [
    ['Timestamp', 'DateTime64(9)'],
    ['TraceId', 'String'],
    ['SpanId', 'String'],
    ['TraceFlags', 'UInt8'],
    ['SeverityText', 'String'],
    ['SeverityNumber', 'UInt8'],
    ['ServiceName', 'String'],
    ['Body', 'String'],
    ['ResourceSchemaUrl', 'String'],
    ['ResourceAttributes', 'Map(String, String)'],
    ['ScopeSchemaUrl', 'String'],
    ['ScopeName', 'String'],
    ['ScopeVersion', 'String'],
    ['ScopeAttributes', 'Map(String, String)'],
    ['LogAttributes', 'Map(String, String)'],
    ['EventName', 'String'],
  ],
  otel_metrics_gauge: [...metricBase, ['Value', 'Float64'], ...exemplars],
  otel_metrics_sum: [...metricBase, ['Value', 'Float64'], ...exemplars, ['AggregationTemporality', 'Int32'], ['IsMonotonic', 'Bool']],
  otel_metrics_histogram: [
    ...metricBase,
    ['Count', 'UInt64'],
    ['Sum', 'Float64'],
    ['BucketCounts', 'Array(UInt64)'],
    ['ExplicitBounds', 'Array(Float64)'],
    ...exemplars,
    ...minMax,
  ],
  otel_metrics_exponential_histogram: [
    ...metricBase,
    ['Count', 'UInt64'],
    ['Sum', 'Float64'],
    ['Scale', 'Int32'],
    ['ZeroCount', 'UInt64'],
    ['PositiveOffset', 'Int32'],
    ['PositiveBucketCounts', 'Array(UInt64)'],
    ['NegativeOffset', 'Int32'],
    ['NegativeBucketCounts', 'Array(UInt64)'],
    ...exemplars,
    ...minMax,
  ],
  otel_metrics_summary: [
    ...metricBase,
    ['Count', 'UInt64'],
    ['Sum', 'Float64'],
    ['ValueAtQuantiles.Quantile', 'Array(Float64)'],
    ['ValueAtQuantiles.Value', 'Array(Float64)'],
  ],
  metric_samples: [
    ['MetricName', 'String'],
    ['SeriesId', 'UInt64'],
    ['TimeUnix', 'DateTime64(3)'],
    ['Value', 'Float64'],
    ['Flags', 'UInt8'],
  ],
} satisfies { [T in TableName]?: readonly Column[] };

export type NativeTable = keyof typeof nativeColumns;

export function isNativeTable(table: TableName): table is NativeTable {
  return Object.hasOwn(nativeColumns, table);
}
