import type { Matcher, MetricSelector, SloDefinition, SpanSelector } from '../model.js';
import { anyOfMatcher, metricLabelName, promCounterName, promLabelName, promMetricName, renderMatcher, renderSelector } from './names.js';

/**
 * An SLI as PromQL, one query per range (`window` is a Prometheus duration such as `5m`).
 * `events`: error and total event rates (events/s); `ratio`: only an error ratio (Sloth's
 * `raw` SLI), so nothing event-weighted can be built from it; `unsupported`: the SLI has no
 * Prometheus equivalent and the hub alone evaluates it.
 */
export type SliQueries =
  | { kind: 'events'; error: (window: string) => string; total: (window: string) => string; notes: string[] }
  | { kind: 'ratio'; errorRatio: (window: string) => string; notes: string[] }
  | { kind: 'unsupported'; reason: string };

/** Sloth's template placeholder: `{{.window}}`, spaces allowed. */
const windowPlaceholder = /\{\{\s*\.window\s*\}\}/g;

export const withWindow = (query: string, window: string): string => query.replace(windowPlaceholder, window);

/**
 * The spanmetrics connector of the OpenTelemetry Collector (connector/spanmetricsconnector)
 * with its default `traces.span.metrics` namespace and `histogram.unit: s`.
 */
export const spanMetrics = {
  calls: 'traces_span_metrics_calls_total',
  durationBucket: 'traces_span_metrics_duration_seconds_bucket',
  durationCount: 'traces_span_metrics_duration_seconds_count',
} as const;

const spanmetricsNote =
  'requires the OpenTelemetry Collector spanmetrics connector (namespace traces.span.metrics, histogram unit s); ' +
  'attribute matchers and group-by keys must be configured as its dimensions';

export function sliQueries(slo: SloDefinition): SliQueries {
  const sli = slo.sli;
  switch (sli.kind) {
    case 'promql': {
      // Sloth semantics: the queries are used as written, `{{.window}}` replaced per range.
      if (sli.errorQuery && sli.totalQuery) {
        const { errorQuery, totalQuery } = sli;
        return { kind: 'events', error: (w) => withWindow(errorQuery, w), total: (w) => withWindow(totalQuery, w), notes: [] };
      }
      if (sli.errorRatioQuery) {
        const { errorRatioQuery } = sli;
        return { kind: 'ratio', errorRatio: (w) => withWindow(errorRatioQuery, w), notes: [] };
      }
      return { kind: 'unsupported', reason: 'promql SLI without errorQuery+totalQuery or errorRatioQuery' };
    }
    case 'metric_ratio': {
      const agg = aggregate(slo.groupBy.map(metricLabelName));
      const total = (w: string) => agg(`rate(${metricSelector(sli.total)}[${w}])`);
      const narrowed = sli.bad ?? sli.good;
      if (!narrowed) return { kind: 'unsupported', reason: 'metric_ratio SLI without good or bad selector' };
      // good/bad narrow total: on the same counter they add matchers; on another counter they stand alone.
      const sel: MetricSelector = narrowed.metric === sli.total.metric ? { metric: narrowed.metric, matchers: [...sli.total.matchers, ...narrowed.matchers] } : narrowed;
      const part = (w: string) => orZero(agg(`rate(${metricSelector(sel)}[${w}])`), total(w));
      const error = sli.bad ? part : (w: string) => `${total(w)} - ${part(w)}`;
      return { kind: 'events', error, total, notes: [] };
    }
    case 'histogram_threshold': {
      const agg = aggregate(slo.groupBy.map(metricLabelName));
      const base = promMetricName(sli.metric);
      const matchers = sli.matchers.map((m) => renderMatcher(m, metricLabelName));
      const total = (w: string) => agg(`rate(${renderSelector(`${base}_count`, matchers)}[${w}])`);
      const good = (w: string) => agg(`rate(${renderSelector(`${base}_bucket`, [...matchers, leMatcher(sli.threshold)])}[${w}])`);
      return { kind: 'events', error: (w) => `${total(w)} - ${good(w)}`, total, notes: [`the threshold ${sli.threshold} must be a bucket boundary of ${base}`] };
    }
    case 'span_ratio': {
      const agg = aggregate(slo.groupBy.map(promLabelName));
      const totalMatchers = spanMatchers(sli.total);
      const total = (w: string) => agg(`rate(${renderSelector(spanMetrics.calls, totalMatchers)}[${w}])`);
      const narrowed = sli.bad ?? sli.good;
      if (!narrowed) return { kind: 'unsupported', reason: 'span_ratio SLI without good or bad selector' };
      // Spans narrow within one table: the selectors AND together.
      const part = (w: string) => orZero(agg(`rate(${renderSelector(spanMetrics.calls, [...totalMatchers, ...spanMatchers(narrowed)])}[${w}])`), total(w));
      const error = sli.bad ? part : (w: string) => `${total(w)} - ${part(w)}`;
      return { kind: 'events', error, total, notes: [spanmetricsNote] };
    }
    case 'span_latency': {
      const agg = aggregate(slo.groupBy.map(promLabelName));
      const matchers = spanMatchers(sli.total);
      const total = (w: string) => agg(`rate(${renderSelector(spanMetrics.durationCount, matchers)}[${w}])`);
      const good = (w: string) => agg(`rate(${renderSelector(spanMetrics.durationBucket, [...matchers, leMatcher(sli.thresholdSeconds)])}[${w}])`);
      return {
        kind: 'events',
        error: (w) => `${total(w)} - ${good(w)}`,
        total,
        notes: [spanmetricsNote, `${sli.thresholdSeconds}s must be one of the connector's histogram buckets (the hub itself counts exact durations)`],
      };
    }
    case 'log_ratio':
    case 'event_ratio':
      return {
        kind: 'unsupported',
        reason: `${sli.kind === 'log_ratio' ? 'log' : 'event'} SLIs have no Prometheus metrics to read; the hub evaluates this SLO from its own tables`,
      };
  }
}

/** `sum(x)`, or `sum by (a, b) (x)` so that each group stays its own series. */
function aggregate(by: string[]): (expr: string) => string {
  return by.length === 0 ? (expr) => `sum(${expr})` : (expr) => `sum by (${by.join(', ')}) (${expr})`;
}

/**
 * A counter with no series yet (no errors ever) makes `sum(rate(...))` empty, and an empty
 * numerator an empty SLI: fall back to 0 for every group the total has.
 */
function orZero(expr: string, total: string): string {
  return `(${expr} or 0 * ${total})`;
}

function metricSelector(sel: MetricSelector): string {
  return renderSelector(promCounterName(sel.metric), sel.matchers.map((m) => renderMatcher(m, metricLabelName)));
}

/**
 * Histogram bounds: Prometheus 2 keeps `le` as the exporter printed it ("1"), Prometheus 3
 * normalises integers to "1.0"; match both.
 */
function leMatcher(threshold: number): string {
  const text = String(threshold);
  return Number.isInteger(threshold) ? `le=~${JSON.stringify(`${text}|${text}\\.0`)}` : `le=${JSON.stringify(text)}`;
}

const spanKindValue = (kind: string) => `SPAN_KIND_${kind.toUpperCase()}`;
const statusValue = (status: string) => `STATUS_CODE_${status.toUpperCase()}`;

/** spanmetrics labels: service_name, span_name, span_kind, status_code, plus dimensions. */
function spanMatchers(sel: SpanSelector): string[] {
  const out: string[] = [];
  if (sel.service !== undefined) out.push(anyOfMatcher('service_name', [sel.service]));
  if (sel.spanNames?.length) out.push(anyOfMatcher('span_name', sel.spanNames));
  if (sel.spanKinds?.length) out.push(anyOfMatcher('span_kind', sel.spanKinds.map(spanKindValue)));
  if (sel.statuses?.length) out.push(anyOfMatcher('status_code', sel.statuses.map(statusValue)));
  for (const m of [...(sel.attributes ?? []), ...(sel.resource ?? [])] as Matcher[]) out.push(renderMatcher(m, promLabelName));
  return out;
}
