import type { LatencyBucket } from '../../../../shared/api.js';

/**
 * Log-scale latency buckets: six a decade, at the round numbers 1, 1.5, 2, 3, 5 and 7 × 10^k ns,
 * so a selected range reads as `minDurationMs=20&maxDurationMs=50`. Bucket `6k + i` holds the
 * durations in [MANTISSAS[i], MANTISSAS[i+1]) × 10^(k−1) ns; bucket 0 starts at 0 ns, not 1.
 */
const MANTISSAS = [10, 15, 20, 30, 50, 70] as const;
const PER_DECADE = MANTISSAS.length;

/**
 * ClickHouse computes each span's bucket from its Duration (UInt64 ns) in integer arithmetic:
 * the decade from the number of decimal digits, the step from the two leading digits. A float
 * `log10` would put a duration of exactly 1000 ns on either side of its boundary by rounding.
 */
export const latencyBucketSql = (duration = 'Duration') => {
  const digits = `(length(toString(${duration})) AS latency_digits)`;
  // the two leading digits, 10–99 (a one-digit duration d reads as 10·d; 0 as 0), named once and reused
  const lead = `(intDiv(toUInt128(${duration}) * 10, intExp10(latency_digits - 1)) AS latency_lead)`;
  const steps = MANTISSAS.slice(1).map((m, i) => `${i === 0 ? lead : 'latency_lead'} < ${m}, ${i}`);
  return `(${digits} - 1) * ${PER_DECADE} + multiIf(${steps.join(', ')}, ${PER_DECADE - 1})`;
};

/**
 * Where bucket `index` starts, in ns: 0 for bucket 0, else MANTISSAS[i] × 10^(k−1).
 * @example bucketStartNs(43) // 7 ms: 7_000_000
 */
export function bucketStartNs(index: number): number {
  if (index === 0) return 0;
  const decade = Math.floor(index / PER_DECADE);
  const mantissa = MANTISSAS[index % PER_DECADE]!;
  // 10^(k−1) as an integer from k = 1, so 1.5 × 10^6 is exactly 1_500_000
  return decade === 0 ? mantissa / 10 : mantissa * 10 ** (decade - 1);
}

export interface LatencyBucketRow {
  bucket: number;
  spans: number;
  errors: number;
}

/**
 * ClickHouse's non-empty buckets → every bucket from the lowest to the highest of them, the
 * empty ones between with zeros, so a chart's x axis has no holes; [] without spans.
 */
export function fillBuckets(rows: readonly LatencyBucketRow[]): LatencyBucket[] {
  if (rows.length === 0) return [];
  const byIndex = new Map(rows.map((r) => [Number(r.bucket), r]));
  const indexes = [...byIndex.keys()];
  const out: LatencyBucket[] = [];
  for (let i = Math.min(...indexes); i <= Math.max(...indexes); i++) {
    const row = byIndex.get(i);
    out.push({ minNs: bucketStartNs(i), maxNs: bucketStartNs(i + 1), spans: Number(row?.spans ?? 0), errors: Number(row?.errors ?? 0) });
  }
  return out;
}
