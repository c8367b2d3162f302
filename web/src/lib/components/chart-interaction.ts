/**
 * Pixels ↔ time for the chart's interactions (brush-to-zoom, click-through, exemplar marks).
 * Pure, so the mapping is tested with exact values; Chart.svelte reads the plot's width and
 * x scale from uPlot and passes them in. uPlot's x unit is epoch seconds; these speak ms.
 */

/** A half-open time window [from, to) in epoch milliseconds: what a time-range URL holds. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** The x scale as uPlot holds it: epoch seconds at the plot's left and right edges. */
export interface XScale {
  min: number;
  max: number;
}

/** Narrower drags are taken for a click, not a selection (a hand shakes by a pixel or two). */
export const MIN_DRAG_PX = 4;

/**
 * The moment (epoch ms) `px` CSS pixels right of the plot's left edge, on a linear time scale.
 * @example pixelToMs(250, 1000, { min: 1000, max: 2000 }) === 1_250_000
 */
export function pixelToMs(px: number, plotWidth: number, scale: XScale): number {
  return (scale.min + ((scale.max - scale.min) * px) / plotWidth) * 1000;
}

/**
 * Where a moment lies, in CSS pixels from the plot's left edge; the inverse of pixelToMs.
 * @example msToPixel(1_250_000, 1000, { min: 1000, max: 2000 }) === 250
 */
export function msToPixel(ms: number, plotWidth: number, scale: XScale): number {
  return ((ms / 1000 - scale.min) / (scale.max - scale.min)) * plotWidth;
}

/**
 * The time window a drag selected, `left`/`width` in CSS pixels of the plot, to the
 * millisecond; undefined for a drag under MIN_DRAG_PX (a click).
 * @example selectionWindow(100, 300, 1000, { min: 1000, max: 2000 }) // { from: 1_100_000, to: 1_400_000 }
 */
export function selectionWindow(left: number, width: number, plotWidth: number, scale: XScale): TimeWindow | undefined {
  if (width < MIN_DRAG_PX || plotWidth <= 0) return undefined;
  const from = Math.round(pixelToMs(left, plotWidth, scale));
  const to = Math.round(pixelToMs(left + width, plotWidth, scale));
  return to > from ? { from, to } : undefined;
}

/**
 * The window a bucket covers: `step` seconds from its start, cut to the range the query
 * asked for, since the first and last buckets only counted what lay inside it.
 * @example bucketWindow(1_200_000, 60, { from: 1_230_000, to: 9_000_000 }) // { from: 1_230_000, to: 1_260_000 }
 */
export function bucketWindow(startMs: number, stepSeconds: number, range?: TimeWindow): TimeWindow {
  const end = startMs + stepSeconds * 1000;
  return range ? { from: Math.max(startMs, range.from), to: Math.min(end, range.to) } : { from: startMs, to: end };
}

/**
 * The bucket width (seconds) of evenly spaced x values (epoch seconds) when no step is
 * given: their smallest gap, as empty buckets may be missing; 0 with fewer than two.
 * @example inferStep([60, 120, 300]) === 60
 */
export function inferStep(xs: readonly number[]): number {
  let step = Infinity;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[i - 1]!) step = Math.min(step, xs[i]! - xs[i - 1]!);
  return Number.isFinite(step) ? step : 0;
}

/**
 * Which series a click at `top` (CSS px) meant: the one whose value at that x is drawn
 * closest, given each series' value position (null where it has no value there).
 * @example nearestSeries(50, [null, 10, 45]) === 2
 */
export function nearestSeries(top: number, positions: ReadonlyArray<number | null>): number | undefined {
  let best: number | undefined;
  positions.forEach((pos, i) => {
    if (pos === null || !Number.isFinite(pos)) return;
    if (best === undefined || Math.abs(pos - top) < Math.abs(positions[best]! - top)) best = i;
  });
  return best;
}
