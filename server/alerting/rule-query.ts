import { cumulativeSql } from '../query/metrics/cumulative.js';
import { lookbackMs, seriesSql } from '../query/metrics/selector.js';
import { DELTA } from '../query/metrics/types.js';
import { acrossSeries } from '../query/metrics/value-query.js';
import { exactQuantilesSql, inRange, whereAll, type SqlQuery } from '../query/sql.js';
import type { AlertQuery, LogSelector, MetricSelector, SpanSelector } from '../slo/model.js';
import { logConditions, metricConditions, spanConditions } from '../slo/engine/conditions.js';
import { SqlParams } from '../slo/engine/sql.js';

/**
 * The SQL of a general alert rule: one figure over the window [fromMs, toMs). Selectors
 * become conditions exactly as they do for SLOs (server/slo/engine/conditions.ts), and
 * metric figures are the metrics API's aggregations over a single bucket, so a rule and
 * the chart of the same query agree. Every value from a rule is a bound parameter.
 */

export interface RuleWindow {
  fromMs: number;
  toMs: number;
}

export type SpanMeasure = Extract<AlertQuery, { signal: 'spans' }>['measure'];
export type MetricMeasure = Extract<AlertQuery, { signal: 'metrics' }>['measure'];

/** Rule parameters are `r0`, `r1`, …; the window's are named. */
const params = () => new SqlParams('r');

export interface SpanFiguresRow {
  total: number;
  errors: number;
  /** p50, p95, p99 of Duration in nanoseconds; only for the quantile measures */
  quantiles?: Array<number | null>;
}

/** Matching spans, errors among them, and for p50/p95/p99 exact duration quantiles. */
export function spanFiguresSql(selector: SpanSelector, measure: SpanMeasure, w: RuleWindow): SqlQuery {
  const p = params();
  const conditions = [...inRange('Timestamp'), ...spanConditions(selector, p)];
  const quantiles = measure === 'p50' || measure === 'p95' || measure === 'p99';
  return {
    sql: `SELECT
  count() AS total,
  countIf(StatusCode = 'Error') AS errors${quantiles ? `,\n  ${exactQuantilesSql('Duration')} AS quantiles` : ''}
FROM otel_traces
${whereAll(conditions)}`,
    params: { ...p.values, fromMs: w.fromMs, toMs: w.toMs },
  };
}

export interface CountRow {
  total: number;
}

/** Matching log records. */
export function logCountSql(selector: LogSelector, w: RuleWindow): SqlQuery {
  const p = params();
  const conditions = [
    // TimestampTime (whole seconds) is the partition and sort key: bound it too so both prune.
    'TimestampTime >= toDateTime(intDiv({fromMs:Int64}, 1000))',
    'TimestampTime <= toDateTime(intDiv({toMs:Int64}, 1000))',
    ...inRange('Timestamp'),
    ...logConditions(selector, p),
  ];
  return {
    sql: `SELECT count() AS total
FROM otel_logs
${whereAll(conditions)}`,
    params: { ...p.values, fromMs: w.fromMs, toMs: w.toMs },
  };
}

export interface MetricFigureRow {
  value: number | null;
  /** points (or increases) the figure came from; 0 means no data */
  pointCount: number;
}

/**
 * A gauge's or a sum's values over the window, combined across series as the metrics API
 * combines them within a bucket (value-query.ts): avg/min/max over every point, sum of each
 * series' latest value (delta points added up), last = the latest point.
 */
export function metricValueSql(selector: MetricSelector, type: 'gauge' | 'sum', measure: Exclude<MetricMeasure, 'rate'>, w: RuleWindow): SqlQuery {
  const p = params();
  const conditions = [...metricConditions(selector, p), ...inRange('TimeUnix')];
  return {
    sql: `SELECT ${acrossSeries[measure]} AS value, sum(points) AS pointCount
FROM (
  SELECT
    ${seriesSql(type === 'sum' ? ['AggregationTemporality'] : [])} AS series,
    ${type === 'gauge' ? '0' : 'any(AggregationTemporality)'} AS temporality,
    argMax(Value, TimeUnix) AS lastValue,
    max(TimeUnix) AS lastTime,
    min(Value) AS low,
    max(Value) AS high,
    sum(Value) AS total,
    count() AS points
  FROM ${type === 'gauge' ? 'otel_metrics_gauge_all' : 'otel_metrics_sum_all'}
  ${whereAll(conditions).replace(/\n/g, '\n  ')}
  GROUP BY series
)`,
    params: { ...p.values, fromMs: w.fromMs, toMs: w.toMs },
  };
}

/**
 * Per-second increase of a monotonic sum over the window: every series' increases between
 * consecutive points (reset-aware, as the metrics API's rate: cumulative.ts), summed, over
 * the window's length. `pointCount` counts the increases; none means no data.
 */
export function metricRateSql(selector: MetricSelector, w: RuleWindow): SqlQuery {
  const p = params();
  const windowSeconds = (w.toMs - w.fromMs) / 1000;
  const c = cumulativeSql({ grew: 'v >= prev', fell: 'v < prev' });
  const conditions = [...metricConditions(selector, p), ...inRange('TimeUnix', 'scanFromMs', 'toMs')];
  return {
    sql: `SELECT sum(increase) / {windowSeconds:Float64} AS value, count() AS pointCount
FROM (
  SELECT
    temporality = ${DELTA} AS delta,
    ${c.continues} AS continues,
    ${c.restarts} AS restarts,
    if(delta OR NOT continues, v, v - prev) AS increase,
    t
  FROM (
    SELECT
      toUnixTimestamp64Milli(TimeUnix) AS t,
      AggregationTemporality AS temporality,
      Value AS v,
      lagInFrame(Value) OVER series AS prev,
      ${c.pointColumns.join(',\n      ')}
    FROM otel_metrics_sum_all
    ${whereAll(conditions).replace(/\n/g, '\n    ')}
    WINDOW series AS (PARTITION BY ${seriesSql(['AggregationTemporality'])} ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
  )
  WHERE t >= {fromMs:Int64} AND (delta OR continues OR restarts)
)`,
    params: { ...p.values, fromMs: w.fromMs, toMs: w.toMs, scanFromMs: w.fromMs - lookbackMs(windowSeconds), windowSeconds },
  };
}
