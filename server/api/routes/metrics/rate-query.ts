import { whereAll, type SqlQuery } from '../sql.js';
import { bucketSql, selectorSql, seriesSql, type Selector } from './selector.js';
import { DELTA } from './types.js';

/**
 * Per-second increase of a monotonic sum, per bucket and group.
 *
 * Per series, each point's increase over the point before it (found up to `lookbackMs`
 * before `from`) goes to the point's bucket; a value below the previous one is a counter
 * reset, after which the new value is the increase (Prometheus' rule). Delta points are
 * already increases. The group's increases over the bucket, divided by the step, are the rate.
 * Summing increases between consecutive points loses nothing at bucket edges; unlike
 * Prometheus' rate() there is no extrapolation, and a series' first point only starts it.
 */
export function rateSql(sel: Selector): SqlQuery {
  const s = selectorSql(sel, { lookback: true });
  return {
    sql: `SELECT time, labels, sum(increase) / {stepSeconds:Float64} AS value
FROM (
  SELECT
    ${bucketSql('t')} AS time,
    labels,
    if(temporality = ${DELTA}, v, if(v >= prev, v - prev, v)) AS increase
  FROM (
    SELECT
      toUnixTimestamp64Milli(TimeUnix) AS t,
      ${s.labels} AS labels,
      AggregationTemporality AS temporality,
      Value AS v,
      lagInFrame(Value) OVER series AS prev,
      row_number() OVER series AS n
    FROM otel_metrics_sum
    ${whereAll(s.conditions).replace(/\n/g, '\n    ')}
    WINDOW series AS (PARTITION BY ${seriesSql(['AggregationTemporality'])} ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
  )
  WHERE t >= {fromMs:Int64} AND (temporality = ${DELTA} OR n > 1)
)
GROUP BY time, labels
ORDER BY labels, time`,
    params: { ...s.params, stepSeconds: sel.stepSeconds },
  };
}
