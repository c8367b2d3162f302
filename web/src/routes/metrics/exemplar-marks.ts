import type { MetricExemplar } from '$shared/api';
import type { ChartExemplar } from '../../lib/components/chart-overlays';
import { formatTime } from '../../lib/format/units';

/** How many exemplars the explorer asks for: enough to see where the outliers were, few enough to click. */
export const EXPLORER_EXEMPLARS = 100;

/** Aggregations whose values are measurements, as an exemplar's value is (a quantile or a mean of observations, a gauge's reading). */
const inMeasurementUnit: Record<string, readonly string[]> = {
  histogram: ['p50', 'p90', 'p95', 'p99', 'avg'],
  exponential_histogram: ['avg'],
  gauge: ['avg', 'min', 'max', 'last'],
};

/**
 * Whether a chart of `agg` over a `type` metric can place exemplars at their value: it can
 * when it draws measurements; a rate, a count or a sum is in another unit, so its exemplars
 * go along the bottom edge instead.
 * @example exemplarsOnValue('histogram', 'p95') === true; exemplarsOnValue('sum', 'rate') === false
 */
export function exemplarsOnValue(type: string, agg: string): boolean {
  return inMeasurementUnit[type]?.includes(agg) ?? false;
}

/**
 * The query's exemplars as chart points linking to their traces.
 * @example exemplarMarks([{ time, value: 120, traceId, spanId, labels: {} }], true, (v) => `${v} ms`)
 *   // [{ time, value: 120, href: `/traces/${traceId}`, label: 'trace 5b8efff7…: 120 ms at 2026-…' }]
 */
export function exemplarMarks(exemplars: readonly MetricExemplar[], onValue: boolean, format: (v: number) => string): ChartExemplar[] {
  return exemplars.map((e) => {
    const labels = Object.entries(e.labels).map(([k, v]) => `${k}=${v}`).join(', ');
    return {
      time: e.time,
      value: onValue ? e.value : null,
      href: `/traces/${e.traceId}`,
      label: `trace ${e.traceId.slice(0, 8)}…: ${format(e.value)} at ${formatTime(e.time)}${labels ? ` (${labels})` : ''}`,
    };
  });
}
