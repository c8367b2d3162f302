import type { DataFrameJSON } from '../../../../shared/api.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../../../lib/grafana.js';

export interface Point {
  time: number;
  labels: string[];
  value: number | null;
}

/**
 * `name{k="v", …}` as Prometheus prints a series.
 * @example seriesName('http.requests', { route: '/cart' }) === 'http.requests{route="/cart"}'
 */
export function seriesName(metric: string, labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return pairs.length === 0 ? metric : `${metric}{${pairs.join(', ')}}`;
}

/** Points ordered by group then time → one frame per group: `time` (ms) and `value` labelled with the group. */
export function toFrames(metric: string, groupBy: string[], points: Point[]): DataFrameJSON[] {
  const groups = new Map<string, { labels: string[]; points: Point[] }>();
  for (const p of points) {
    const key = JSON.stringify(p.labels);
    if (!groups.has(key)) groups.set(key, { labels: p.labels, points: [] });
    groups.get(key)!.points.push(p);
  }
  return [...groups.values()].map((g) => {
    const labels = Object.fromEntries(groupBy.map((k, i) => [k, g.labels[i] ?? '']));
    const frame = toDataFrame({
      name: seriesName(metric, labels),
      fields: [
        { name: 'time', type: FieldType.time, values: g.points.map((p) => p.time) },
        {
          name: 'value',
          type: FieldType.number,
          labels,
          values: g.points.map((p) => (p.value === null || !Number.isFinite(p.value) ? null : p.value)),
        },
      ],
    });
    return dataFrameToJSON(frame) as DataFrameJSON;
  });
}
