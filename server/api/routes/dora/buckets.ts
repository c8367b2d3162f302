import type { DeliveryBucket } from '../../../query/delivery/scope.js';

/**
 * The UTC starts of every bucket that overlaps [from, to), the same buckets the SQL makes
 * (server/query/delivery/scope.ts bucketSql): days, Monday-started weeks, months.
 * @example bucketStarts('day', Date.UTC(2025, 2, 3, 12), Date.UTC(2025, 2, 5)) // → [Mar 3, Mar 4] 00:00 UTC
 */
export function bucketStarts(bucket: DeliveryBucket, from: number, to: number): number[] {
  const d = new Date(from);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), bucket === 'month' ? 1 : d.getUTCDate());
  if (bucket === 'week') t -= ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000;
  const out: number[] = [];
  while (t < to) {
    out.push(t);
    const n = new Date(t);
    t = bucket === 'month' ? Date.UTC(n.getUTCFullYear(), n.getUTCMonth() + 1, 1) : t + (bucket === 'week' ? 7 : 1) * 86_400_000;
  }
  return out;
}
