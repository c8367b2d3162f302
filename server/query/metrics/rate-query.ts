import { whereAll, type SqlQuery } from '../sql.js';
import { cumulativeSql } from './cumulative.js';
import { bucketSql, selectorSql, seriesSql, type Selector } from './selector.js';
import { DELTA } from './types.js';

/**
 * Per-second increase of a monotonic sum, per bucket and group.
 *
 * Per series, each point's increase (see `cumulativeSql`: over the point before it, found up
 * to `lookbackMs` before `from`, or its whole value when it starts a stream we see whole)
 * goes to the point's bucket. Delta points are already increases. The group's increases over
 * the bucket, divided by the step, are the rate. Summing increases between consecutive points
 * loses nothing at bucket edges; unlike Prometheus' rate() there is no extrapolation.
 * `per: 'bucket'` leaves the increases undivided: a counter's count per bucket (the Business lens' KPIs).
 */
export function rateSql(sel: Selector, { per = 'second' }: { per?: 'second' | 'bucket' } = {}): SqlQuery {
  const s = selectorSql(sel, { lookback: true });
  const c = cumulativeSql({ grew: 'v >= prev', fell: 'v < prev' });
  return {
    sql: `SELECT time, labels, sum(increase)${per === 'second' ? ' / {stepSeconds:Float64}' : ''} AS value
FROM (
  SELECT
    ${bucketSql('t')} AS time,
    labels,
    temporality = ${DELTA} AS delta,
    ${c.continues} AS continues,
    ${c.restarts} AS restarts,
    if(delta OR NOT continues, v, v - prev) AS increase
  FROM (
    SELECT
      toUnixTimestamp64Milli(TimeUnix) AS t,
      ${s.labels} AS labels,
      AggregationTemporality AS temporality,
      Value AS v,
      lagInFrame(Value) OVER series AS prev,
      ${c.pointColumns.join(',\n      ')}
    FROM otel_metrics_sum_all
    ${whereAll(s.conditions).replace(/\n/g, '\n    ')}
    WINDOW series AS (PARTITION BY ${seriesSql(['AggregationTemporality'])} ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
  )
  WHERE t >= {fromMs:Int64} AND (delta OR continues OR restarts)
)
GROUP BY time, labels
ORDER BY labels, time`,
    params: { ...s.params, stepSeconds: sel.stepSeconds },
  };
}
