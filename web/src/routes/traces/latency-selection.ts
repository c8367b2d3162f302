import type { LatencyBucket } from '$shared/api';

/**
 * The latency chart puts bucket i at x = i, one unit wide: it covers [i − 0.5, i + 0.5).
 * A drag from x0 to x1 selects every bucket it touches, clamped to the chart; null when it
 * misses them all.
 * @example bucketsUnder(0.7, 2.2, 5) // [1, 2]
 */
export function bucketsUnder(x0: number, x1: number, count: number): [number, number] | null {
  const first = Math.max(0, Math.round(Math.min(x0, x1)));
  const last = Math.min(count - 1, Math.round(Math.max(x0, x1)));
  return first <= last ? [first, last] : null;
}

/** ns → ms as the URL writes it, never in exponent notation (bounds go down to 1.5 ns). */
const nsToMsText = (ns: number) => (ns / 1e6).toFixed(7).replace(/\.?0+$/, '');

/**
 * The search fields for buckets first…last: the first one's start and the last one's end, in
 * ms (the API's [minDurationMs, maxDurationMs) holds exactly their spans). A start of 0 is no bound.
 * @example durationFields(buckets, 2, 4) // { minDurationMs: '20', maxDurationMs: '50' }
 */
export function durationFields(buckets: readonly LatencyBucket[], first: number, last: number): { minDurationMs: string; maxDurationMs: string } {
  const start = buckets[first]!.minNs;
  return { minDurationMs: start > 0 ? nsToMsText(start) : '', maxDurationMs: nsToMsText(buckets[last]!.maxNs) };
}

/**
 * The buckets inside the search's duration range, to shade: every bucket within
 * [minDurationMs, maxDurationMs), ms rounded to ns as the API does; null without a range or
 * when no bucket lies wholly inside it.
 */
export function bucketsInRange(buckets: readonly LatencyBucket[], minDurationMs: number | undefined, maxDurationMs: number | undefined): [number, number] | null {
  if (minDurationMs === undefined && maxDurationMs === undefined) return null;
  const minNs = minDurationMs === undefined ? 0 : Math.round(minDurationMs * 1e6);
  const maxNs = maxDurationMs === undefined ? Infinity : Math.round(maxDurationMs * 1e6);
  const inside = buckets.flatMap((b, i) => (b.minNs >= minNs && b.maxNs <= maxNs ? [i] : []));
  return inside.length ? [inside[0]!, inside.at(-1)!] : null;
}
