import type { DataFrameJSON } from '../../../../shared/api.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../../../lib/grafana.js';
import { volumeLevels, type VolumeRow } from './query.js';

/**
 * Volume rows → one frame: `time` (every bucket of the range, empty ones too, so bars keep
 * their place) and one count field per level, TRACE … FATAL then UNSET.
 */
export function volumeFrame(fromMs: number, toMs: number, stepSeconds: number, rows: VolumeRow[]): DataFrameJSON {
  const stepMs = stepSeconds * 1000;
  const times: number[] = [];
  for (let t = Math.floor(fromMs / stepMs) * stepMs; t < toMs; t += stepMs) times.push(t);
  const index = new Map(times.map((t, i) => [t, i]));
  const counts = Object.fromEntries(volumeLevels.map((l) => [l, times.map(() => 0)])) as Record<string, number[]>;
  for (const r of rows) {
    const i = index.get(Number(r.time));
    if (i !== undefined && counts[r.level]) counts[r.level]![i] = Number(r.hits);
  }
  const frame = toDataFrame({
    name: 'log volume',
    fields: [{ name: 'time', type: FieldType.time, values: times }, ...volumeLevels.map((l) => ({ name: l, type: FieldType.number, values: counts[l]! }))],
  });
  return dataFrameToJSON(frame) as DataFrameJSON;
}
