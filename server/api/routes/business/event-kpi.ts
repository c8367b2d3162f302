import type { BusinessWindow, DataFrameJSON } from '../../../../shared/api.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../../../lib/grafana.js';
import { kpiAroundSql, kpiSeriesSql, type KpiBucketRow } from '../../../query/business/business-query.js';
import type { TelemetryStore } from '../../../storage/index.js';

const n = (v: unknown) => Number(v ?? 0);

/** An event KPI per step from `fromMs`: fields time, total (the events' sum) and events; a step without events is 0. */
export async function eventKpiSeries(store: TelemetryStore, q: { name: string; fromMs: number; toMs: number; stepSeconds: number; service?: string }): Promise<DataFrameJSON> {
  const { sql, params } = kpiSeriesSql(q);
  const rows = await store.query<KpiBucketRow>(sql, params);
  return dataFrameToJSON(
    toDataFrame({
      name: q.name,
      fields: [
        { name: 'time', type: FieldType.time, values: rows.map((r) => n(r.time)) },
        { name: 'total', type: FieldType.number, values: rows.map((r) => n(r.total)) },
        { name: 'events', type: FieldType.number, values: rows.map((r) => n(r.events)) },
      ],
    }),
  ) as DataFrameJSON;
}

/** An event KPI's events and sum in the two windows of `windowMs` either side of `atMs`. */
export async function eventKpiAround(store: TelemetryStore, q: { name: string; atMs: number; windowMs: number; service?: string }): Promise<{ before: BusinessWindow; after: BusinessWindow }> {
  const { sql, params } = kpiAroundSql(q);
  const [a] = await store.query<{ beforeEvents: number; beforeTotal: number; afterEvents: number; afterTotal: number }>(sql, params);
  return { before: { events: n(a?.beforeEvents), total: n(a?.beforeTotal) }, after: { events: n(a?.afterEvents), total: n(a?.afterTotal) } };
}
