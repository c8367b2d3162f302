import type { BusinessWindow, DataFrameJSON, MetricKpiKind } from '../../../../shared/api.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../../../lib/grafana.js';
import { meanAroundSql, type MeanAroundRow } from '../../../query/business/metric-kpi-query.js';
import { resolveMetricSql, type MetricTypeRow } from '../../../query/metrics/catalog-query.js';
import { rateSql } from '../../../query/metrics/rate-query.js';
import type { LabelFilter } from '../../../query/metrics/selector.js';
import type { MetricType } from '../../../query/metrics/types.js';
import { valueSql, type ValueRow } from '../../../query/metrics/value-query.js';
import type { TelemetryStore } from '../../../storage/index.js';
import { AppError } from '../../errors.js';

/**
 * How a metric reads as a KPI: a monotonic sum counts (its increase), a gauge or a
 * non-monotonic sum (an UpDownCounter: stock, open carts) is a level (its mean).
 * @example metricKpiKind('sum', true) === 'counter'
 */
export function metricKpiKind(type: MetricType, monotonic: boolean): MetricKpiKind {
  if (type === 'gauge') return 'gauge';
  if (type === 'sum') return monotonic ? 'counter' : 'gauge';
  return 'distribution';
}

export interface MetricKpi {
  name: string;
  type: MetricType;
  kind: MetricKpiKind;
}

/** A metric KPI that has a series and a comparison. */
export type ChartedMetricKpi = MetricKpi & { type: 'gauge' | 'sum'; kind: 'counter' | 'gauge' };

export const isCharted = (kpi: MetricKpi): kpi is ChartedMetricKpi => kpi.kind !== 'distribution';

/**
 * The metric `name` is stored as, at any time: a KPI quiet in the range still compares
 * around an older deployment. Undefined when no metric has that name.
 */
export async function resolveMetricKpi(store: TelemetryStore, name: string): Promise<MetricKpi | undefined> {
  const { sql, params } = resolveMetricSql(name);
  const rows = await store.query<MetricTypeRow>(sql, params);
  if (rows.length > 1) {
    const types = rows.map((r) => r.type).join(' and ');
    throw new AppError('bad_request', `name: metric "${name}" is stored as ${types}, so it is no one KPI; read each through /api/v1/metrics/query?name=${name}&type=…`, [
      { parameter: 'name', message: `stored as ${types}` },
    ]);
  }
  const [row] = rows;
  return row && { name, type: row.type, kind: metricKpiKind(row.type, Boolean(row.monotonic)) };
}

export interface MetricKpiScope {
  fromMs: number;
  toMs: number;
  stepSeconds: number;
  filters: LabelFilter[];
}

/** The metrics API's query for the KPI: a counter's increase per bucket, a gauge's mean (across series, every point weighing the same). */
function perBucketSql(kpi: ChartedMetricKpi, scope: MetricKpiScope) {
  const sel = { name: kpi.name, fromMs: scope.fromMs, toMs: scope.toMs, stepSeconds: scope.stepSeconds, filters: scope.filters, groupBy: [] };
  return kpi.kind === 'counter' ? rateSql(sel, { per: 'bucket' }) : valueSql(sel, kpi.type, 'avg');
}

const finite = (v: unknown): number | null => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v));

/**
 * The KPI at each step of the range, aligned to the epoch as every metric query is: field
 * `value`, null for a step where no point counts (no data is not zero for a metric).
 */
export async function metricKpiSeries(store: TelemetryStore, kpi: ChartedMetricKpi, scope: MetricKpiScope): Promise<DataFrameJSON> {
  const { sql, params } = perBucketSql(kpi, scope);
  const rows = await store.query<ValueRow>(sql, params);
  const byTime = new Map(rows.map((r) => [Number(r.time), finite(r.value)]));
  const stepMs = scope.stepSeconds * 1000;
  const times: number[] = [];
  for (let t = Math.floor(scope.fromMs / stepMs) * stepMs; t < scope.toMs; t += stepMs) times.push(t);
  return dataFrameToJSON(
    toDataFrame({
      name: kpi.name,
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'value', type: FieldType.number, values: times.map((t) => byTime.get(t) ?? null) },
      ],
    }),
  ) as DataFrameJSON;
}

/**
 * The KPI over [atMs − windowMs, atMs) and [atMs, atMs + windowMs): a counter's increase in
 * each (the points in it, each over the point before it, as the series counts them), a
 * gauge's mean of the points in each. Null for a side where no point counts.
 */
export async function metricKpiAround(
  store: TelemetryStore,
  kpi: ChartedMetricKpi,
  q: { atMs: number; windowMs: number; filters: LabelFilter[] },
): Promise<{ before: BusinessWindow; after: BusinessWindow }> {
  if (kpi.kind === 'counter') {
    // One bucket as long as the window: a side touches at most two epoch-aligned buckets, added here.
    const increase = async (fromMs: number, toMs: number) => {
      const { sql, params } = perBucketSql(kpi, { fromMs, toMs, stepSeconds: Math.ceil(q.windowMs / 1000), filters: q.filters });
      const rows = await store.query<ValueRow>(sql, params);
      return rows.length === 0 ? null : rows.reduce((sum, r) => sum + Number(r.value), 0);
    };
    const [before, after] = await Promise.all([increase(q.atMs - q.windowMs, q.atMs), increase(q.atMs, q.atMs + q.windowMs)]);
    return { before: { total: before }, after: { total: after } };
  }
  const { sql, params } = meanAroundSql({ name: kpi.name, type: kpi.type, ...q });
  const [r] = await store.query<MeanAroundRow>(sql, params);
  const mean = (points: unknown, sum: unknown) => (Number(points ?? 0) === 0 ? null : Number(sum) / Number(points));
  return { before: { total: mean(r?.beforePoints, r?.beforeSum) }, after: { total: mean(r?.afterPoints, r?.afterSum) } };
}
