/** A query for `store.query`: ClickHouse SQL with `{name:Type}` placeholders and their values. */
export interface SqlQuery {
  sql: string;
  params: Record<string, unknown>;
}

/** `WHERE a AND b …`, one condition a line so generated SQL reads well in snapshots. */
export const whereAll = (conditions: string[]) => `WHERE ${conditions.join('\n  AND ')}`;

/**
 * `[fromMs, toMs)` on a DateTime64 column. Both bounds are constants, so the partition
 * key (toDate) can prune; for the sort key's toStartOfHour part, see inHourKeyedRange.
 */
export const inRange = (column: string, from = 'fromMs', to = 'toMs') =>
  [`${column} >= fromUnixTimestamp64Milli({${from}:Int64})`, `${column} < fromUnixTimestamp64Milli({${to}:Int64})`];

/**
 * inRange on a table sorted by (…, toStartOfHour(column), …), with the hour bounds stated
 * as well. ClickHouse does not derive bounds on toStartOfHour(x) from bounds on x (26.7: a
 * 2-minute window on otel_traces kept all 705 granules of its day); with them the sort key
 * prunes by hour, and a lookup's skip index has that much less to read (the trace-id bloom
 * filter 3.2 → 0.3–1.3 ms). For lookups by id only: on a scan that reads the rows anyway the
 * extra per-row test cost more than it saved (a 15-minute trace search 41 → 46 ms).
 */
export const inHourKeyedRange = (column: string, from = 'fromMs', to = 'toMs') => [
  ...inRange(column, from, to),
  `toStartOfHour(${column}) >= toStartOfHour(fromUnixTimestamp64Milli({${from}:Int64}))`,
  `toStartOfHour(${column}) <= toStartOfHour(fromUnixTimestamp64Milli({${to}:Int64}))`,
];

/**
 * Nanoseconds since the epoch (decimal string) → RFC 3339 with milliseconds.
 * @example nanosToIso('1700000000123456789') === '2023-11-14T22:13:20.123Z'
 */
export function nanosToIso(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

/** The latency quantiles every RED summary reports, in this order. */
export const LATENCY_QUANTILES = [0.5, 0.95, 0.99] as const;

/**
 * Exact quantiles, linearly interpolated between the two nearest order statistics
 * (type 7, as numpy's and Excel's PERCENTILE.INC), rounded to whole nanoseconds.
 * `null` when there were no values.
 */
export const exactQuantilesSql = (value: string, condition?: string) =>
  condition
    ? `quantilesExactInclusiveIf(${LATENCY_QUANTILES.join(', ')})(${value}, ${condition})`
    : `quantilesExactInclusive(${LATENCY_QUANTILES.join(', ')})(${value})`;

/** Reads `[p50, p95, p99]` from a row; empty/NaN → null. */
export function readQuantiles(values: Array<number | null> | undefined): [number | null, number | null, number | null] {
  const at = (i: number) => {
    const v = values?.[i];
    return v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v);
  };
  return [at(0), at(1), at(2)];
}
