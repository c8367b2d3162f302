import type { DataFrameJSON } from '$shared/api';

/** One series of a query answer: its name (the group's labels) and its points. */
export interface Series {
  name: string;
  labels: Record<string, string>;
  times: number[];
  values: Array<number | null>;
}

export interface SeriesStats {
  name: string;
  last: number | null;
  avg: number | null;
  max: number | null;
}

/**
 * The series of the metrics API's frames: one frame per group (time + value), or frames with
 * several number fields (a dashboard's SQL panel), one series each.
 */
export function framesToSeries(frames: DataFrameJSON[]): Series[] {
  return frames.flatMap((frame) => {
    const fields = frame.schema?.fields ?? [];
    const columns = frame.data?.values ?? [];
    const timeIndex = fields.findIndex((f) => f.type === 'time');
    if (timeIndex < 0) return [];
    const times = (columns[timeIndex] ?? []) as number[];
    const numbers = fields.map((f, i) => ({ f, i })).filter(({ f }) => f.type === 'number');
    return numbers.map(({ f, i }) => {
      const labels = f.labels ?? {};
      const labelText = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
      const name = labelText ? (numbers.length > 1 ? `${f.name} ${labelText}` : labelText) : numbers.length > 1 || !frame.schema?.name ? f.name : frame.schema.name;
      return { name, labels, times, values: ((columns[i] ?? []) as unknown[]).map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)) };
    });
  });
}

/**
 * Series joined on time into one frame, a number field per series: what Chart.svelte plots.
 * A time one series lacks is a gap (null) in it.
 */
export function seriesFrame(series: Series[]): DataFrameJSON {
  const times = [...new Set(series.flatMap((s) => s.times))].sort((a, b) => a - b);
  const columns = series.map((s) => {
    const at = new Map(s.times.map((t, i) => [t, s.values[i] ?? null]));
    return times.map((t) => at.get(t) ?? null);
  });
  return {
    schema: { fields: [{ name: 'time', type: 'time' }, ...series.map((s) => ({ name: s.name, type: 'number' }))] },
    data: { values: [times, ...columns] },
  };
}

/** Last, mean and largest value of each series, over its non-null points. */
export function seriesStats(series: Series[]): SeriesStats[] {
  return series.map((s) => {
    const present = s.values.filter((v): v is number => v !== null);
    return {
      name: s.name,
      last: present.length > 0 ? present[present.length - 1]! : null,
      avg: present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : null,
      max: present.length > 0 ? Math.max(...present) : null,
    };
  });
}
