/**
 * Metric KPIs (docs/business.md): OTLP metrics under the configured prefix. Their series come
 * from the metrics API's own queries (a counter's increase per bucket: `rateSql` with
 * `per: 'bucket'`; a gauge's mean: `valueSql` avg); only what those do not answer is here.
 */
import { selectorSql, type LabelFilter } from '../metrics/selector.js';
import { metricTables } from '../metrics/types.js';
import { inRange, whereAll, type SqlQuery } from '../sql.js';

/** The monotonic sums under `prefix` with points in [fromMs, toMs): the metric catalog's list does not say which sums count. */
export function monotonicSumsSql(q: { prefix: string; fromMs: number; toMs: number }): SqlQuery {
  return {
    sql: `SELECT DISTINCT toString(MetricName) AS name
FROM otel_metrics_sum_all
${whereAll(['startsWith(MetricName, {prefix:String})', ...inRange('TimeUnix'), 'IsMonotonic'])}`,
    params: { prefix: q.prefix, fromMs: q.fromMs, toMs: q.toMs },
  };
}

export interface MeanAroundRow {
  beforePoints: number;
  beforeSum: number;
  afterPoints: number;
  afterSum: number;
}

/**
 * A level metric's points in the two windows of `windowMs` either side of `atMs`: their
 * count and sum, so the caller's mean is that of every point, as `valueSql`'s avg is.
 */
export function meanAroundSql(q: { name: string; type: 'gauge' | 'sum'; atMs: number; windowMs: number; filters: LabelFilter[] }): SqlQuery {
  const s = selectorSql({ name: q.name, fromMs: q.atMs - q.windowMs, toMs: q.atMs + q.windowMs, stepSeconds: 1, filters: q.filters, groupBy: [] }, { lookback: false });
  const before = 'TimeUnix < fromUnixTimestamp64Milli({atMs:Int64})';
  return {
    sql: `SELECT countIf(${before}) AS beforePoints, sumIf(Value, ${before}) AS beforeSum,
  countIf(NOT (${before})) AS afterPoints, sumIf(Value, NOT (${before})) AS afterSum
FROM ${metricTables[q.type]}
${whereAll(s.conditions)}`,
    params: { ...s.params, atMs: q.atMs },
  };
}
