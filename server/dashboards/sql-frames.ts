import type { DataFrameJSON } from '../../shared/api.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../lib/grafana.js';

/** A result cell that is a moment: a DateTime as ClickHouse writes it in JSON, or epoch ms/seconds. */
function asTime(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 1e11 ? value : value * 1000;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?/.test(value)) return undefined;
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  const ms = Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

const isNumber = (v: unknown) => typeof v === 'number' || v === null;

/**
 * SQL rows → frames, as the Grafana ClickHouse data source reads a "time series" result: a
 * `time` column (or a first column of moments), number columns as values and text columns as
 * the labels that split series. Any other shape, or `asTable`, is one table frame.
 */
export function sqlRowsToFrames(rows: Array<Record<string, unknown>>, asTable: boolean): DataFrameJSON[] {
  const columns = Object.keys(rows[0] ?? {});
  const table = () => [
    dataFrameToJSON(
      toDataFrame({
        name: 'result',
        fields: columns.map((c) => ({ name: c, type: rows.every((r) => isNumber(r[c])) ? FieldType.number : FieldType.string, values: rows.map((r) => r[c]) })),
      }),
    ) as DataFrameJSON,
  ];
  if (asTable || rows.length === 0) return table();
  const timeColumn = columns.includes('time') ? 'time' : columns[0]!;
  if (!rows.every((r) => asTime(r[timeColumn]) !== undefined)) return table();
  const valueColumns = columns.filter((c) => c !== timeColumn && rows.every((r) => isNumber(r[c])));
  const labelColumns = columns.filter((c) => c !== timeColumn && !valueColumns.includes(c));
  if (valueColumns.length === 0) return table();
  const groups = new Map<string, { labels: Record<string, string>; rows: Array<Record<string, unknown>> }>();
  for (const r of rows) {
    const labels = Object.fromEntries(labelColumns.map((c) => [c, String(r[c])]));
    const key = JSON.stringify(labels);
    if (!groups.has(key)) groups.set(key, { labels, rows: [] });
    groups.get(key)!.rows.push(r);
  }
  return [...groups.values()].map((g) => {
    const sorted = g.rows.map((r) => ({ t: asTime(r[timeColumn])!, r })).sort((a, b) => a.t - b.t);
    return dataFrameToJSON(
      toDataFrame({
        name: Object.values(g.labels).join(', ') || 'result',
        fields: [
          { name: 'time', type: FieldType.time, values: sorted.map((s) => s.t) },
          ...valueColumns.map((c) => ({ name: c, type: FieldType.number, labels: g.labels, values: sorted.map((s) => s.r[c] as number | null) })),
        ],
      }),
    ) as DataFrameJSON;
  });
}
