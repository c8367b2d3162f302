/**
 * Metric point types and where to read each: the exporter's table, or for gauges and sums the
 * view that adds remote-written samples to it (migration 0014).
 */
export const metricTables = {
  gauge: 'otel_metrics_gauge_all',
  sum: 'otel_metrics_sum_all',
  histogram: 'otel_metrics_histogram',
  exponential_histogram: 'otel_metrics_exponential_histogram',
  summary: 'otel_metrics_summary',
} as const;

export type MetricType = keyof typeof metricTables;
export const metricTypes = Object.keys(metricTables) as MetricType[];

/** OTLP AggregationTemporality: 1 delta, 2 cumulative (metrics.proto). */
export const DELTA = 1;

const valueAggs = ['avg', 'min', 'max', 'sum', 'last', 'count'] as const;

/** Quantile aggregations of explicit-bucket histograms and their level. */
export const quantileAggs = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

/** What each type can be aggregated by: the closed list the `agg` parameter is checked against. */
export const aggregations = {
  gauge: valueAggs,
  sum: [...valueAggs, 'rate'],
  histogram: [...(Object.keys(quantileAggs) as Array<keyof typeof quantileAggs>), 'count', 'sum', 'avg'],
  exponential_histogram: ['count', 'sum', 'avg'],
  summary: ['avg', 'count', 'sum'],
} as const satisfies Record<MetricType, readonly string[]>;

export type Aggregation = (typeof aggregations)[MetricType][number];
export const allAggregations = [...new Set(Object.values(aggregations).flat())] as Aggregation[];

export function defaultAggregation(type: MetricType, monotonic: boolean): Aggregation {
  switch (type) {
    case 'gauge':
      return 'avg';
    case 'sum':
      return monotonic ? 'rate' : 'avg';
    case 'histogram':
      return 'p95';
    case 'exponential_histogram':
    case 'summary':
      return 'avg';
  }
}
