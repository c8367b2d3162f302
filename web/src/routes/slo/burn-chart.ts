import type { DataFrameJSON, SloAlertTier } from '$shared/api';
import { frameToChartData } from '../../lib/components/chart-data';
import type { ChartThreshold } from '../../lib/components/chart-overlays';
import { formatBurn, sortTiers } from '../../lib/format/slo';

/** One colour per long window, fastest first: the 1 h page window red, then amber, blue, violet. */
export const windowPalette = ['#ef4444', '#f59e0b', '#3b82f6', '#8b5cf6', '#10b981', '#64748b'];

/** A colour for each tier's long window, so a window's line and its tiers' thresholds match. */
export function windowColors(tiers: readonly SloAlertTier[]): Map<string, string> {
  const colors = new Map<string, string>();
  for (const tier of sortTiers(tiers)) {
    if (!colors.has(tier.longWindow)) colors.set(tier.longWindow, windowPalette[colors.size % windowPalette.length]!);
  }
  return colors;
}

/** The enabled tiers' thresholds as dashed lines in their window's colour: "page-fast 14.4×". */
export function burnThresholds(tiers: readonly SloAlertTier[], colors: Map<string, string>): ChartThreshold[] {
  return sortTiers(tiers)
    .filter((t) => t.enabled)
    .map((t) => ({ value: t.threshold, color: colors.get(t.longWindow) ?? '#64748b', label: `${t.name} ${formatBurn(t.threshold)}` }));
}

/**
 * Series colours of the "burn" frame in its field order. Its fields are labelled
 * `window=1h`, which is the series name; a window no tier uses gets the next free colour.
 */
export function burnSeriesColors(frame: DataFrameJSON | undefined, colors: Map<string, string>): string[] {
  let spare = colors.size;
  return frameToChartData(frame).series.map((s) => colors.get(s.name) ?? windowPalette[spare++ % windowPalette.length]!);
}

/** A history frame by name ("budget", "burn", "sli"). */
export const historyFrame = (history: readonly DataFrameJSON[], name: string) => history.find((f) => f.schema?.name === name);
