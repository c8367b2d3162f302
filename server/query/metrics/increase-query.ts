import { whereAll, type SqlQuery } from '../sql.js';
import { cumulativeSql } from './cumulative.js';
import { bucketSql, selectorSql, seriesSql, type Selector } from './selector.js';
import { DELTA } from './types.js';

export type CountingType = 'histogram' | 'exponential_histogram' | 'summary';

const tables: Record<CountingType, string> = {
  histogram: 'otel_metrics_histogram',
  exponential_histogram: 'otel_metrics_exponential_histogram',
  summary: 'otel_metrics_summary',
};

export interface IncreaseRow {
  time: number;
  labels: string[];
  /** observations in the bucket */
  count: number;
  /** sum of those observations */
  sum: number;
  /** upper bounds (+Inf comes back as null) and their bucket counts; only when buckets were asked for */
  bounds?: Array<number | null>;
  buckets?: number[];
}

/**
 * Observations counted by histograms or summaries per bucket and group: Count, Sum and
 * (explicit histograms, `buckets`) BucketCounts.
 *
 * A cumulative point gives its increase over the series' previous point (looked up to
 * `lookbackMs` before `from`), or counts in full when it starts a stream we see whole
 * (`cumulativeSql`); with buckets, other bucket bounds than the previous point's do not
 * continue a stream. Delta points count as they are.
 * Summaries carry no temporality and are cumulative (OTLP SummaryDataPoint).
 * Bucket counts are summed per bound set (ClickHouse's sumMap would drop zero buckets,
 * which shifts a quantile's lower edge); sets that differ are merged by bound afterwards.
 */
export function increaseSql(sel: Selector, type: CountingType, opts: { buckets: boolean }): SqlQuery {
  const s = selectorSql(sel, { lookback: true });
  const temporality = type === 'summary' ? '2' : 'AggregationTemporality';
  const withBuckets = opts.buckets && type === 'histogram';
  const hasBuckets = 'length(BucketCounts) = length(ExplicitBounds) + 1';
  const c = withBuckets
    ? cumulativeSql({ grew: 'cnt >= prevCnt AND bounds = prevBounds', fell: 'cnt < prevCnt OR bounds != prevBounds' })
    : cumulativeSql({ grew: 'cnt >= prevCnt', fell: 'cnt < prevCnt' });
  const pointColumns = [
    `toUnixTimestamp64Milli(TimeUnix) AS t`,
    `${s.labels} AS labels`,
    `${temporality} AS temporality`,
    `toInt64(Count) AS cnt`,
    `Sum AS total`,
    ...(withBuckets
      ? [
          `if(${hasBuckets}, arrayPushBack(ExplicitBounds, inf), []) AS bounds`,
          `if(${hasBuckets}, arrayMap(c -> toInt64(c), BucketCounts), []) AS counts`,
          'lagInFrame(bounds) OVER series AS prevBounds',
          'lagInFrame(counts) OVER series AS prevCounts',
        ]
      : []),
    'lagInFrame(cnt) OVER series AS prevCnt',
    'lagInFrame(total) OVER series AS prevTotal',
    ...c.pointColumns,
  ];
  const increaseColumns = [
    `${bucketSql('t')} AS time`,
    'labels',
    `temporality = ${DELTA} AS delta`,
    `${c.continues} AS continues`,
    `${c.restarts} AS restarts`,
    'if(delta OR NOT continues, cnt, cnt - prevCnt) AS countIncrease',
    'if(delta OR NOT continues, total, total - prevTotal) AS sumIncrease',
    ...(withBuckets ? ['bounds', 'if(delta OR NOT continues, counts, arrayMap((c, p) -> c - p, counts, arrayResize(prevCounts, length(counts)))) AS bucketIncrease'] : []),
  ];
  const extra = type === 'summary' ? [] : ['AggregationTemporality'];
  return {
    sql: `SELECT
  time,
  labels,
  sum(countIncrease) AS count,
  sum(sumIncrease) AS sum${withBuckets ? ',\n  bounds,\n  sumForEach(bucketIncrease) AS buckets' : ''}
FROM (
  SELECT
    ${increaseColumns.join(',\n    ')}
  FROM (
    SELECT
      ${pointColumns.join(',\n      ')}
    FROM ${tables[type]}
    ${whereAll(s.conditions).replace(/\n/g, '\n    ')}
    WINDOW series AS (PARTITION BY ${seriesSql(extra)} ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
  )
  WHERE t >= {fromMs:Int64} AND (delta OR continues OR restarts)
)
GROUP BY time, labels${withBuckets ? ', bounds' : ''}
ORDER BY labels, time`,
    params: s.params,
  };
}
