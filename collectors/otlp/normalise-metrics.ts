/**
 * ExportMetricsServiceRequest → one row per data point, in the table of its metric type.
 * Pure: no I/O, no clock.
 *
 * Every value OTLP can carry has a column that holds it (NaN and ±Infinity included, see
 * encode.ts), so a data point is refused only when an exemplar's trace or span id is
 * neither empty nor of its size. Absent optional doubles (histogram sum/min/max) are
 * stored as 0, as the exporter does.
 */
import {
  formatNanos,
  type Attributes,
  type ExpHistogramRow,
  type GaugeRow,
  type HistogramRow,
  type SumRow,
  type SummaryRow,
} from '../../server/storage/rows.js';
import type { Exemplar, ExportMetricsServiceRequest, Metric, ResourceMetrics, ScopeMetrics } from './model.js';
import {
  attributeMap,
  optionalId,
  optionalIdProblem,
  Rejections,
  serviceNameOf,
  SPAN_ID,
  TRACE_ID,
  type NormaliseResult,
} from './normalise-common.js';

/** The columns every metric table shares, for one resource + scope + metric. */
interface MetricContext {
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
}

interface ExemplarColumns {
  'Exemplars.FilteredAttributes': Attributes[];
  'Exemplars.TimeUnix': string[];
  'Exemplars.Value': number[];
  'Exemplars.SpanId': string[];
  'Exemplars.TraceId': string[];
}

interface MetricRows {
  otel_metrics_gauge: GaugeRow[];
  otel_metrics_sum: SumRow[];
  otel_metrics_histogram: HistogramRow[];
  otel_metrics_exponential_histogram: ExpHistogramRow[];
  otel_metrics_summary: SummaryRow[];
}

export function normaliseMetrics(request: ExportMetricsServiceRequest): NormaliseResult {
  const rows: MetricRows = {
    otel_metrics_gauge: [],
    otel_metrics_sum: [],
    otel_metrics_histogram: [],
    otel_metrics_exponential_histogram: [],
    otel_metrics_summary: [],
  };
  const rejections = new Rejections();
  const resourceMetrics = request.resourceMetrics;
  for (let r = 0; r < resourceMetrics.length; r++) {
    const rm = resourceMetrics[r]!;
    const resourceAttributes = attributeMap(rm.resource.attributes);
    const serviceName = serviceNameOf(resourceAttributes);
    for (let s = 0; s < rm.scopeMetrics.length; s++) {
      const sm = rm.scopeMetrics[s]!;
      const scopeAttributes = attributeMap(sm.scope.attributes);
      for (let m = 0; m < sm.metrics.length; m++) {
        const metric = sm.metrics[m]!;
        const ctx = context(rm, sm, metric, resourceAttributes, scopeAttributes, serviceName);
        addMetric(rows, metric, ctx, `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${m}]`, rejections);
      }
    }
  }
  return { rows, rejected: rejections.count, errors: rejections.errors };
}

function context(
  rm: ResourceMetrics,
  sm: ScopeMetrics,
  metric: Metric,
  resourceAttributes: Attributes,
  scopeAttributes: Attributes,
  serviceName: string,
): MetricContext {
  return {
    ResourceAttributes: resourceAttributes,
    ResourceSchemaUrl: rm.schemaUrl,
    ScopeName: sm.scope.name,
    ScopeVersion: sm.scope.version,
    ScopeAttributes: scopeAttributes,
    ScopeDroppedAttrCount: sm.scope.droppedAttributesCount,
    ScopeSchemaUrl: sm.schemaUrl,
    ServiceName: serviceName,
    MetricName: metric.name,
    MetricDescription: metric.description,
    MetricUnit: metric.unit,
  };
}

/** as_int is stored in the Float64 column like as_double. */
const toFloat = (v: number | bigint) => (typeof v === 'bigint' ? Number(v) : v);

const decimals = (values: bigint[]) => {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!.toString();
  return out;
};

function exemplarColumns(exemplars: Exemplar[]): ExemplarColumns {
  const n = exemplars.length;
  const columns: ExemplarColumns = {
    'Exemplars.FilteredAttributes': new Array(n),
    'Exemplars.TimeUnix': new Array(n),
    'Exemplars.Value': new Array(n),
    'Exemplars.SpanId': new Array(n),
    'Exemplars.TraceId': new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const e = exemplars[i]!;
    columns['Exemplars.FilteredAttributes'][i] = attributeMap(e.filteredAttributes);
    columns['Exemplars.TimeUnix'][i] = formatNanos(e.timeUnixNano);
    columns['Exemplars.Value'][i] = toFloat(e.value);
    columns['Exemplars.SpanId'][i] = optionalId(e.spanId, SPAN_ID);
    columns['Exemplars.TraceId'][i] = optionalId(e.traceId, TRACE_ID);
  }
  return columns;
}

/** True, and recorded as `${points}[${index}]…`, when an exemplar of the point carries an id that cannot be stored. */
function refused(exemplars: Exemplar[], points: string, index: number, rejections: Rejections): boolean {
  for (let i = 0; i < exemplars.length; i++) {
    const traceProblem = optionalIdProblem(exemplars[i]!.traceId, TRACE_ID);
    const spanProblem = optionalIdProblem(exemplars[i]!.spanId, SPAN_ID);
    if (traceProblem === undefined && spanProblem === undefined) continue;
    const problem = traceProblem !== undefined ? `traceId: ${traceProblem}` : `spanId: ${spanProblem}`;
    rejections.add(`${points}[${index}].exemplars[${i}].${problem}`);
    return true;
  }
  return false;
}

/** One row per data point of `metric`, in the table of its type. */
function addMetric(rows: MetricRows, metric: Metric, ctx: MetricContext, path: string, rejections: Rejections): void {
  const data = metric.data;
  if (data === null) return;
  const points = `${path}.${data.type}.dataPoints`;
  switch (data.type) {
    case 'gauge':
      for (let i = 0; i < data.dataPoints.length; i++) {
        const p = data.dataPoints[i]!;
        if (refused(p.exemplars, points, i, rejections)) continue;
        rows.otel_metrics_gauge.push({
          ...ctx,
          Attributes: attributeMap(p.attributes),
          StartTimeUnix: formatNanos(p.startTimeUnixNano),
          TimeUnix: formatNanos(p.timeUnixNano),
          Value: toFloat(p.value),
          Flags: p.flags,
          ...exemplarColumns(p.exemplars),
        });
      }
      return;
    case 'sum':
      for (let i = 0; i < data.dataPoints.length; i++) {
        const p = data.dataPoints[i]!;
        if (refused(p.exemplars, points, i, rejections)) continue;
        rows.otel_metrics_sum.push({
          ...ctx,
          Attributes: attributeMap(p.attributes),
          StartTimeUnix: formatNanos(p.startTimeUnixNano),
          TimeUnix: formatNanos(p.timeUnixNano),
          Value: toFloat(p.value),
          Flags: p.flags,
          ...exemplarColumns(p.exemplars),
          AggregationTemporality: data.aggregationTemporality,
          IsMonotonic: data.isMonotonic,
        });
      }
      return;
    case 'histogram':
      for (let i = 0; i < data.dataPoints.length; i++) {
        const p = data.dataPoints[i]!;
        if (refused(p.exemplars, points, i, rejections)) continue;
        rows.otel_metrics_histogram.push({
          ...ctx,
          Attributes: attributeMap(p.attributes),
          StartTimeUnix: formatNanos(p.startTimeUnixNano),
          TimeUnix: formatNanos(p.timeUnixNano),
          Count: p.count.toString(),
          Sum: p.sum ?? 0,
          BucketCounts: decimals(p.bucketCounts),
          ExplicitBounds: p.explicitBounds,
          ...exemplarColumns(p.exemplars),
          Flags: p.flags,
          Min: p.min ?? 0,
          Max: p.max ?? 0,
          AggregationTemporality: data.aggregationTemporality,
        });
      }
      return;
    case 'exponentialHistogram':
      for (let i = 0; i < data.dataPoints.length; i++) {
        const p = data.dataPoints[i]!;
        if (refused(p.exemplars, points, i, rejections)) continue;
        rows.otel_metrics_exponential_histogram.push({
          ...ctx,
          Attributes: attributeMap(p.attributes),
          StartTimeUnix: formatNanos(p.startTimeUnixNano),
          TimeUnix: formatNanos(p.timeUnixNano),
          Count: p.count.toString(),
          Sum: p.sum ?? 0,
          Scale: p.scale,
          ZeroCount: p.zeroCount.toString(),
          PositiveOffset: p.positive.offset,
          PositiveBucketCounts: decimals(p.positive.bucketCounts),
          NegativeOffset: p.negative.offset,
          NegativeBucketCounts: decimals(p.negative.bucketCounts),
          ...exemplarColumns(p.exemplars),
          Flags: p.flags,
          Min: p.min ?? 0,
          Max: p.max ?? 0,
          AggregationTemporality: data.aggregationTemporality,
        });
      }
      return;
    case 'summary':
      for (const p of data.dataPoints) {
        const quantiles = new Array<number>(p.quantileValues.length);
        const values = new Array<number>(p.quantileValues.length);
        for (let i = 0; i < p.quantileValues.length; i++) {
          quantiles[i] = p.quantileValues[i]!.quantile;
          values[i] = p.quantileValues[i]!.value;
        }
        rows.otel_metrics_summary.push({
          ...ctx,
          Attributes: attributeMap(p.attributes),
          StartTimeUnix: formatNanos(p.startTimeUnixNano),
          TimeUnix: formatNanos(p.timeUnixNano),
          Count: p.count.toString(),
          Sum: p.sum,
          'ValueAtQuantiles.Quantile': quantiles,
          'ValueAtQuantiles.Value': values,
          Flags: p.flags,
        });
      }
      return;
  }
}
