import type { SqlQuery } from '../../../query/sql.js';
import { histogramQuantile, type Bucket } from '../../../query/metrics/histogram-quantile.js';
import { increaseSql, type IncreaseRow } from '../../../query/metrics/increase-query.js';
import type { Point } from './frames.js';
import { rateSql } from '../../../query/metrics/rate-query.js';
import type { Selector } from '../../../query/metrics/selector.js';
import { quantileAggs, type Aggregation, type MetricType } from '../../../query/metrics/types.js';
import { valueSql, type ValueRow } from '../../../query/metrics/value-query.js';

/** A metric query as SQL plus how its rows become points. */
export interface MetricPlan {
  query: SqlQuery;
  toPoints(rows: unknown[]): Point[];
}

/** Picks the query for a type and aggregation; the caller has checked that the pair is allowed. */
export function planMetricQuery(sel: Selector, type: MetricType, agg: Aggregation): MetricPlan {
  if (type === 'sum' && agg === 'rate') return { query: rateSql(sel), toPoints: (rows) => rows as ValueRow[] };
  if (type === 'gauge' || type === 'sum') {
    return { query: valueSql(sel, type, agg as Exclude<Aggregation, 'rate' | keyof typeof quantileAggs>), toPoints: (rows) => rows as ValueRow[] };
  }
  const level = (quantileAggs as Record<string, number>)[agg];
  return {
    query: increaseSql(sel, type, { buckets: level !== undefined }),
    toPoints: (rows) =>
      mergeIncreases(rows as IncreaseRow[]).map((g) => ({
        time: g.time,
        labels: g.labels,
        value: level !== undefined ? histogramQuantile(level, g.buckets) : agg === 'count' ? g.count : agg === 'sum' ? g.sum : g.count > 0 ? g.sum / g.count : null,
      })),
  };
}

interface MergedIncrease {
  time: number;
  labels: string[];
  count: number;
  sum: number;
  buckets: Bucket[];
}

/** Rows of one bucket and group (one per bound set) → one, bucket counts added by upper bound. */
export function mergeIncreases(rows: IncreaseRow[]): MergedIncrease[] {
  const out = new Map<string, MergedIncrease & { byBound: Map<number, number> }>();
  for (const r of rows) {
    const key = JSON.stringify([r.labels, r.time]);
    let m = out.get(key);
    if (!m) out.set(key, (m = { time: r.time, labels: r.labels, count: 0, sum: 0, buckets: [], byBound: new Map() }));
    m.count += r.count;
    m.sum += r.sum;
    (r.bounds ?? []).forEach((b, i) => {
      const bound = b ?? Infinity; // JSON has no Infinity: ClickHouse writes inf as null
      m!.byBound.set(bound, (m!.byBound.get(bound) ?? 0) + (r.buckets?.[i] ?? 0));
    });
  }
  return [...out.values()].map(({ byBound, ...m }) => ({ ...m, buckets: [...byBound].map(([upperBound, count]) => ({ upperBound, count })) }));
}
