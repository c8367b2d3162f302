/**
 * ExportMetricsServiceRequest → one row per data point, in the table of its metric type.
 * No I/O; its one piece of state is the process's series limiter, when there is one: a
 * point of a new series past its bounds is refused (series-limit.ts).
 *
 * Every value OTLP can carry has a column that holds it (NaN and ±Infinity included, see
 * encode.ts), so a data point is refused only when an exemplar's trace or span id is
 * neither empty nor of its size, a time of it or of its exemplars is past what
 * DateTime64(9) holds, or a string is longer than its limit (config.ts). A resource,
 * scope or metric whose own fields cannot be stored refuses all its points. Absent
 * optional doubles (histogram sum/min/max) are stored as 0, as the exporter does.
 */
import {
  type Attributes,
  type ExpHistogramRow,
  type GaugeRow,
  type HistogramRow,
  type SumRow,
  type SummaryRow,
} from '../../server/storage/rows.js';
import type { Exemplar, ExportMetricsServiceRequest, Metric, ResourceMetrics, ScopeMetrics } from './model.js';
import {
  asInvalidItem,
  attributeMap,
  DEFAULT_ITEM_LIMITS,
  itemLimits,
  NO_WARNINGS,
  optionalId,
  optionalIdProblem,
  redactionsOf,
  Rejections,
  scopeColumns,
  serviceNameOf,
  SPAN_ID,
  storableTime,
  TRACE_ID,
  type ItemLimits,
  type ItemLimitSettings,
  type NormaliseResult,
} from './normalise-common.js';
import type { Scrubber } from './scrub.js';
import { seriesKey, type SeriesLimiter } from '../series-limit.js';

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

/** A request's view of the series limiter: its slot, the current resource and scope's hash, and the points it refused. */
interface SeriesGate {
  limiter: SeriesLimiter;
  slot: number;
  seed: number;
  limited: number;
}

interface MetricRows {
  otel_metrics_gauge: GaugeRow[];
  otel_metrics_sum: SumRow[];
  otel_metrics_histogram: HistogramRow[];
  otel_metrics_exponential_histogram: ExpHistogramRow[];
  otel_metrics_summary: SummaryRow[];
}

export function normaliseMetrics(
  request: ExportMetricsServiceRequest,
  settings: ItemLimitSettings = DEFAULT_ITEM_LIMITS,
  scrubber: Scrubber | null = null,
  limiter?: SeriesLimiter,
  nowMs = Date.now(),
): NormaliseResult {
  const limits = itemLimits(settings, scrubber);
  const gate: SeriesGate | undefined = limiter && { limiter, slot: limiter.slotAt(nowMs), seed: 0, limited: 0 };
  const scrub = limits.scrub;
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
    let resourceAttributes: Attributes;
    scrub?.startResource();
    try {
      limits.value.check(rm.schemaUrl, 'schemaUrl');
      resourceAttributes = attributeMap(rm.resource.attributes, limits);
    } catch (err) {
      const e = asInvalidItem(err);
      let points = 0;
      for (const sm of rm.scopeMetrics) points += pointsOfScope(sm);
      rejections.add(`resourceMetrics[${r}].${e.field === 'schemaUrl' ? '' : 'resource.'}${e.message}`, points);
      continue;
    }
    scrub?.holdResource();
    const serviceName = serviceNameOf(resourceAttributes);
    const resourceSeed = gate ? seriesKey(0, rm.schemaUrl, resourceAttributes) : 0;
    for (let s = 0; s < rm.scopeMetrics.length; s++) {
      const sm = rm.scopeMetrics[s]!;
      let scopeAttributes: Attributes;
      scrub?.startScope();
      try {
        scopeAttributes = scopeColumns(sm, limits);
      } catch (err) {
        rejections.add(`resourceMetrics[${r}].scopeMetrics[${s}].${asInvalidItem(err).message}`, pointsOfScope(sm));
        continue;
      }
      scrub?.holdScope();
      if (gate) gate.seed = seriesKey(resourceSeed, sm.scope.name, scopeAttributes);
      for (let m = 0; m < sm.metrics.length; m++) {
        const metric = sm.metrics[m]!;
        const path = `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${m}]`;
        let ctx: MetricContext;
        try {
          ctx = context(rm, sm, metric, resourceAttributes, scopeAttributes, serviceName, limits);
        } catch (err) {
          rejections.add(`${path}.${asInvalidItem(err).message}`, pointsOf(metric));
          continue;
        }
        addMetric(rows, metric, ctx, path, rejections, limits, gate);
      }
    }
  }
  return {
    rows,
    rejected: rejections.count,
    seriesLimited: gate?.limited ?? 0,
    errors: rejections.errors,
    warnings: request.repairs ?? NO_WARNINGS,
    redactions: redactionsOf(limits),
  };
}

const pointsOf = (metric: Metric) => (metric.data === null ? 0 : metric.data.dataPoints.length);

/** A scope's data points: what partial_success counts for metrics. */
export function pointsOfScope(sm: ScopeMetrics): number {
  let n = 0;
  for (const metric of sm.metrics) n += pointsOf(metric);
  return n;
}

/** The shared columns; throws InvalidItem (path below the metric) for a name, description or unit past its limit. */
function context(
  rm: ResourceMetrics,
  sm: ScopeMetrics,
  metric: Metric,
  resourceAttributes: Attributes,
  scopeAttributes: Attributes,
  serviceName: string,
  limits: ItemLimits,
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
    MetricName: limits.value.check(metric.name, 'name'),
    MetricDescription: limits.value.check(metric.description, 'description'),
    MetricUnit: limits.value.check(metric.unit, 'unit'),
  };
}

/** as_int is stored in the Float64 column like as_double. */
const toFloat = (v: number | bigint) => (typeof v === 'bigint' ? Number(v) : v);

const decimals = (values: bigint[]) => {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!.toString();
  return out;
};

/** The exemplars as Nested columns; throws InvalidItem (`exemplars[i].…`) for a time or attribute that cannot be stored. */
function exemplarColumns(exemplars: Exemplar[], limits: ItemLimits): ExemplarColumns {
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
    try {
      columns['Exemplars.FilteredAttributes'][i] = attributeMap(e.filteredAttributes, limits, 'filteredAttributes');
      columns['Exemplars.TimeUnix'][i] = storableTime(e.timeUnixNano, 'timeUnixNano');
    } catch (err) {
      throw asInvalidItem(err).under(`exemplars[${i}].`);
    }
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

/**
 * Each point as a row of `into`, or refused alone: when an exemplar carries an id that
 * cannot be stored, when building its row throws InvalidItem, or when it is of a new series
 * the limiter has no room for. What scrubbing counted goes to the service for a point kept,
 * and is dropped for one refused.
 */
function addPoints<P extends object, R extends { Attributes: Attributes }>(
  points: P[],
  path: string,
  into: R[],
  row: (p: P) => R,
  rejections: Rejections,
  limits: ItemLimits,
  ctx: MetricContext,
  gate: SeriesGate | undefined,
): void {
  const scrub = limits.scrub;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    // Summary points have no exemplars.
    const exemplars = (p as { exemplars?: Exemplar[] }).exemplars;
    if (exemplars !== undefined && refused(exemplars, path, i, rejections)) continue;
    let r: R;
    try {
      r = row(p);
    } catch (err) {
      scrub?.drop();
      rejections.add(`${path}[${i}].${asInvalidItem(err).message}`);
      continue;
    }
    const refusal = gate?.limiter.admit(ctx.MetricName, seriesKey(gate.seed, ctx.MetricName, r.Attributes), gate.slot);
    if (refusal !== undefined) {
      scrub?.drop();
      gate!.limited++;
      rejections.add(`${path}[${i}]: ${refusal}`);
      continue;
    }
    into.push(r);
    scrub?.commit(ctx.ServiceName);
  }
}

/** One row per data point of `metric`, in the table of its type. */
function addMetric(rows: MetricRows, metric: Metric, ctx: MetricContext, path: string, rejections: Rejections, limits: ItemLimits, gate: SeriesGate | undefined): void {
  const data = metric.data;
  if (data === null) return;
  const points = `${path}.${data.type}.dataPoints`;
  switch (data.type) {
    case 'gauge':
      addPoints(data.dataPoints, points, rows.otel_metrics_gauge, (p) => ({
        ...ctx,
        Attributes: attributeMap(p.attributes, limits),
        StartTimeUnix: storableTime(p.startTimeUnixNano, 'startTimeUnixNano'),
        TimeUnix: storableTime(p.timeUnixNano, 'timeUnixNano'),
        Value: toFloat(p.value),
        Flags: p.flags,
        ...exemplarColumns(p.exemplars, limits),
      }), rejections, limits, ctx, gate);
      return;
    case 'sum':
      addPoints(data.dataPoints, points, rows.otel_metrics_sum, (p) => ({
        ...ctx,
        Attributes: attributeMap(p.attributes, limits),
        StartTimeUnix: storableTime(p.startTimeUnixNano, 'startTimeUnixNano'),
        TimeUnix: storableTime(p.timeUnixNano, 'timeUnixNano'),
        Value: toFloat(p.value),
        Flags: p.flags,
        ...exemplarColumns(p.exemplars, limits),
        AggregationTemporality: data.aggregationTemporality,
        IsMonotonic: data.isMonotonic,
      }), rejections, limits, ctx, gate);
      return;
    case 'histogram':
      addPoints(data.dataPoints, points, rows.otel_metrics_histogram, (p) => ({
        ...ctx,
        Attributes: attributeMap(p.attributes, limits),
        StartTimeUnix: storableTime(p.startTimeUnixNano, 'startTimeUnixNano'),
        TimeUnix: storableTime(p.timeUnixNano, 'timeUnixNano'),
        Count: p.count.toString(),
        Sum: p.sum ?? 0,
        BucketCounts: decimals(p.bucketCounts),
        ExplicitBounds: p.explicitBounds,
        ...exemplarColumns(p.exemplars, limits),
        Flags: p.flags,
        Min: p.min ?? 0,
        Max: p.max ?? 0,
        AggregationTemporality: data.aggregationTemporality,
      }), rejections, limits, ctx, gate);
      return;
    case 'exponentialHistogram':
      addPoints(data.dataPoints, points, rows.otel_metrics_exponential_histogram, (p) => ({
        ...ctx,
        Attributes: attributeMap(p.attributes, limits),
        StartTimeUnix: storableTime(p.startTimeUnixNano, 'startTimeUnixNano'),
        TimeUnix: storableTime(p.timeUnixNano, 'timeUnixNano'),
        Count: p.count.toString(),
        Sum: p.sum ?? 0,
        Scale: p.scale,
        ZeroCount: p.zeroCount.toString(),
        PositiveOffset: p.positive.offset,
        PositiveBucketCounts: decimals(p.positive.bucketCounts),
        NegativeOffset: p.negative.offset,
        NegativeBucketCounts: decimals(p.negative.bucketCounts),
        ...exemplarColumns(p.exemplars, limits),
        Flags: p.flags,
        Min: p.min ?? 0,
        Max: p.max ?? 0,
        AggregationTemporality: data.aggregationTemporality,
      }), rejections, limits, ctx, gate);
      return;
    case 'summary':
      addPoints(data.dataPoints, points, rows.otel_metrics_summary, (p) => {
        const quantiles = new Array<number>(p.quantileValues.length);
        const values = new Array<number>(p.quantileValues.length);
        for (let i = 0; i < p.quantileValues.length; i++) {
          quantiles[i] = p.quantileValues[i]!.quantile;
          values[i] = p.quantileValues[i]!.value;
        }
        return {
          ...ctx,
          Attributes: attributeMap(p.attributes, limits),
          StartTimeUnix: storableTime(p.startTimeUnixNano, 'startTimeUnixNano'),
          TimeUnix: storableTime(p.timeUnixNano, 'timeUnixNano'),
          Count: p.count.toString(),
          Sum: p.sum,
          'ValueAtQuantiles.Quantile': quantiles,
          'ValueAtQuantiles.Value': values,
          Flags: p.flags,
        };
      }, rejections, limits, ctx, gate);
      return;
  }
}
