import { whereAll, type SqlQuery } from '../sql.js';
import { bucketSql, selectorSql, seriesSql, type Selector } from './selector.js';
import { DELTA } from './types.js';

export type ValueAggregation = 'avg' | 'min' | 'max' | 'sum' | 'last' | 'count';

/**
 * Across the series of a group, from each series' per-bucket figures:
 * avg/min/max/count over every point; sum adds each series' latest value (a delta sum's
 * points are added up instead); last is the group's latest point.
 */
export const acrossSeries: Record<ValueAggregation, string> = {
  avg: 'sum(total) / sum(points)',
  min: 'min(low)',
  max: 'max(high)',
  sum: `sum(if(temporality = ${DELTA}, total, lastValue))`,
  last: 'argMax(lastValue, lastTime)',
  count: 'sum(points)',
};

export interface ValueRow {
  time: number;
  labels: string[];
  value: number | null;
}

/**
 * The aggregations that are figures of every point alike, whichever series it belongs to.
 * They skip telling the series apart, which hashes each point's attribute maps: over 10M
 * points that was three quarters of the query (bench/results/queries.md).
 */
const overPoints: Partial<Record<ValueAggregation, string>> = { avg: 'sum(Value) / count()', min: 'min(Value)', max: 'max(Value)', count: 'count()' };

/** Gauge points, or a sum's values as they are (not a rate), per bucket and group. */
export function valueSql(sel: Selector, type: 'gauge' | 'sum', agg: ValueAggregation): SqlQuery {
  const s = selectorSql(sel, { lookback: false });
  const table = type === 'gauge' ? 'otel_metrics_gauge_all' : 'otel_metrics_sum_all';
  const direct = overPoints[agg];
  if (direct) {
    return {
      sql: `SELECT
  ${bucketSql('toUnixTimestamp64Milli(TimeUnix)')} AS time,
  ${s.labels} AS labels,
  ${direct} AS value
FROM ${table}
${whereAll(s.conditions)}
GROUP BY time, labels
ORDER BY labels, time`,
      params: s.params,
    };
  }
  const temporality = type === 'gauge' ? '0' : 'any(AggregationTemporality)';
  return {
    sql: `SELECT time, labels, ${acrossSeries[agg]} AS value
FROM (
  SELECT
    ${bucketSql('toUnixTimestamp64Milli(TimeUnix)')} AS time,
    ${s.labels} AS labels,
    ${seriesSql(type === 'sum' ? ['AggregationTemporality'] : [])} AS series,
    ${temporality} AS temporality,
    argMax(Value, TimeUnix) AS lastValue,
    max(TimeUnix) AS lastTime,
    min(Value) AS low,
    max(Value) AS high,
    sum(Value) AS total,
    count() AS points
  FROM ${table}
  ${whereAll(s.conditions).replace(/\n/g, '\n  ')}
  GROUP BY time, labels, series
)
GROUP BY time, labels
ORDER BY labels, time`,
    params: s.params,
  };
}
