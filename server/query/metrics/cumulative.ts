/**
 * How the increase of a cumulative point is told from the point before it in its series.
 *
 * A cumulative point covers (StartTimeUnix, TimeUnix]; a new StartTimeUnix starts a new
 * stream, whose first point's increase is its whole value (OTLP metrics data model, "Resets
 * and Gaps" and "Cumulative streams: handling unknown start time":
 * https://opentelemetry.io/docs/specs/otel/metrics/data-model/#resets-and-gaps). So a point:
 * - `continues` its stream when the previous point has the same StartTimeUnix and the
 *   value grew (or stayed): the increase is value − previous;
 * - `restarts` when it begins a stream we see whole: StartTimeUnix known (not 0) and at or
 *   after the start of the scan (`from` − lookback). That is a series' first point, or a
 *   restart, whether the new value is below the old one or above it. The increase is the value.
 *   A series without start times (0, e.g. scraped from Prometheus) falls back to Prometheus'
 *   rule: a value that fell from the previous one restarts the counter.
 * - otherwise the increase cannot be told (a stream that began before what we scan, or a
 *   value that fell without a new StartTimeUnix), and the point is left out, as a series'
 *   first point always was.
 * Delta points are increases as they are; the callers keep them apart.
 */
export interface CumulativeSql {
  /** columns for the point SELECT that defines the `series` window */
  pointColumns: string[];
  /** boolean SQL over those columns: increase = value − previous */
  continues: string;
  /** boolean SQL: increase = the whole value (tested after `continues`) */
  restarts: string;
}

/**
 * @param grew the value did not fall since the previous point, e.g. `v >= prev`
 * @param fell its negation, e.g. `v < prev`
 * @example cumulativeSql({ grew: 'v >= prev', fell: 'v < prev' }).continues === 'n > 1 AND start = prevStart AND v >= prev'
 */
export function cumulativeSql({ grew, fell }: { grew: string; fell: string }): CumulativeSql {
  return {
    pointColumns: ['toUnixTimestamp64Nano(StartTimeUnix) AS start', 'lagInFrame(start) OVER series AS prevStart', 'row_number() OVER series AS n'],
    continues: `n > 1 AND start = prevStart AND ${grew}`,
    restarts: `(start > 0 AND start >= {scanFromMs:Int64} * 1000000) OR (n > 1 AND start = 0 AND prevStart = 0 AND (${fell}))`,
  };
}
