export interface Bucket {
  /** inclusive upper bound; the last bucket's is +Inf */
  upperBound: number;
  /** observations in this bucket (not cumulative) */
  count: number;
}

/**
 * The q-quantile of an explicit-bucket histogram, as Prometheus' histogram_quantile computes
 * it: find the bucket holding rank q·total and interpolate linearly inside it, the first
 * bucket starting at 0 (or being returned as is when its bound is ≤ 0), and a rank in the
 * +Inf bucket giving the highest finite bound. NaN without observations, without a +Inf
 * bucket, or with fewer than two buckets.
 * https://github.com/prometheus/prometheus/blob/main/promql/quantile.go (BucketQuantile)
 * @example histogramQuantile(0.5, [{ upperBound: 10, count: 2 }, { upperBound: Infinity, count: 0 }]) === 5
 */
export function histogramQuantile(q: number, buckets: Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...buckets].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length < 2 || sorted.at(-1)!.upperBound !== Infinity) return NaN;
  // Cumulative counts, forced monotonic as Prometheus does for noisy increases.
  let running = 0;
  let high = 0;
  const cumulative = sorted.map((b) => {
    running += b.count;
    high = Math.max(high, running);
    return high;
  });
  const observations = cumulative.at(-1)!;
  if (observations <= 0) return NaN;
  let rank = q * observations;
  let b = cumulative.findIndex((c, i) => i < sorted.length - 1 && c >= rank);
  if (b === -1) b = sorted.length - 1;
  if (b === sorted.length - 1) return sorted[sorted.length - 2]!.upperBound;
  if (b === 0 && sorted[0]!.upperBound <= 0) return sorted[0]!.upperBound;
  let bucketStart = 0;
  const bucketEnd = sorted[b]!.upperBound;
  let count = cumulative[b]!;
  if (b > 0) {
    bucketStart = sorted[b - 1]!.upperBound;
    count -= cumulative[b - 1]!;
    rank -= cumulative[b - 1]!;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}
