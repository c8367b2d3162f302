import type { MetricBucketsResult } from '../../../../shared/metrics.js';
import type { IncreaseRow } from '../../../query/metrics/increase-query.js';
import { mergeIncreases } from './query.js';

/**
 * Histogram increases per time bucket (no group-by) → a heatmap grid: the union of the upper
 * bounds seen, ascending (+Inf as null, last), and per time bucket the observations in each.
 */
export function toBucketGrid(rows: IncreaseRow[]): Pick<MetricBucketsResult, 'bounds' | 'times' | 'counts'> {
  const merged = mergeIncreases(rows).sort((a, b) => a.time - b.time);
  const bounds = [...new Set(merged.flatMap((m) => m.buckets.map((b) => b.upperBound)))].sort((a, b) => a - b);
  const index = new Map(bounds.map((b, i) => [b, i]));
  const counts = merged.map((m) => {
    const row = bounds.map(() => 0);
    for (const b of m.buckets) row[index.get(b.upperBound)!]! += b.count;
    return row;
  });
  return { bounds: bounds.map((b) => (Number.isFinite(b) ? b : null)), times: merged.map((m) => m.time), counts };
}
