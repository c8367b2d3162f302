import { dataFrameFromJSON, FieldType } from '@grafana/data';
import type { DataFrameJSON } from '$shared/api';

export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

export interface ChartData {
  /** epoch seconds, as uPlot wants them */
  xs: number[];
  series: ChartSeries[];
}

const toNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Turns a Grafana data frame (time field in epoch ms + number fields) into uPlot columns.
 * `fields` picks and orders the value fields; by default every number field is plotted.
 * Decoding goes through @grafana/data so NaN/Inf/undefined entities come back as in Grafana.
 */
export function frameToChartData(frame: DataFrameJSON | undefined, fields?: string[]): ChartData {
  if (!frame?.schema) return { xs: [], series: [] };
  const decoded = dataFrameFromJSON(frame as Parameters<typeof dataFrameFromJSON>[0]);
  const time = decoded.fields.find((f) => f.type === FieldType.time) ?? decoded.fields[0];
  if (!time) return { xs: [], series: [] };
  const xs = Array.from(time.values as unknown[], (v) => (typeof v === 'number' ? v / 1000 : Date.parse(String(v)) / 1000));
  const numberFields = decoded.fields.filter((f) => f !== time && f.type === FieldType.number);
  const picked = fields ? fields.map((name) => numberFields.find((f) => f.name === name)).filter((f) => f !== undefined) : numberFields;
  const series = picked.map((f) => {
    const labels = f.labels ? Object.values(f.labels).join(', ') : '';
    return { name: labels || f.name, values: Array.from(f.values as unknown[], toNumber) };
  });
  return { xs, series };
}
