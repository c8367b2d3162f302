import type { MetricExemplar, MetricQueryResult } from '../../../../shared/api.js';
import { exemplarsSql, hasExemplars, type ExemplarRow } from '../../../query/metrics/exemplars-query.js';
import { resolveMetricSql, type MetricTypeRow } from '../../../query/metrics/catalog-query.js';
import type { LabelFilter, LabelRef, Selector } from '../../../query/metrics/selector.js';
import { seriesCountSql } from '../../../query/metrics/series-count.js';
import { aggregations, defaultAggregation, type Aggregation, type MetricType } from '../../../query/metrics/types.js';
import type { TelemetryStore } from '../../../storage/index.js';
import { AppError } from '../../errors.js';
import type { ApiLimits } from '../../limits.js';
import { toFrames } from './frames.js';
import { planMetricQuery } from './query.js';

/** A metric query once its parameters are read: what GET /metrics/query and dashboard panels run. */
export interface MetricQueryInput {
  name: string;
  type?: MetricType;
  agg?: Aggregation;
  from: number;
  to: number;
  step: number;
  filter: LabelFilter[];
  groupBy: LabelRef[];
  /** how many exemplars to return beside the frames; none when absent */
  exemplars?: number;
}

export interface MetricQueryDeps {
  store: TelemetryStore;
  limits: Pick<ApiLimits, 'series'>;
}

const badParameter = (parameter: string, message: string) => new AppError('bad_request', `${parameter}: ${message}`, [{ parameter, message }]);

/** Which table holds `name` (and whether a sum is monotonic); a 404 or a 400 on `type` when that is not one answer. */
export async function resolveMetric(store: TelemetryStore, name: string, type?: MetricType): Promise<MetricTypeRow> {
  const resolveQ = resolveMetricSql(name);
  const found = (await store.query<MetricTypeRow>(resolveQ.sql, resolveQ.params)).filter((r) => !type || r.type === type);
  if (found.length === 0) throw new AppError('not_found', type ? `no ${type} metric "${name}"` : `no metric "${name}"`);
  if (found.length > 1) {
    throw badParameter('type', `metric "${name}" is stored as ${found.map((r) => r.type).join(' and ')}; pass type=${found.map((r) => r.type).join(' or type=')}`);
  }
  return found[0]!;
}

/** Resolves the metric, checks the aggregation and the series count, runs the query: one frame per group. */
export async function runMetricQuery({ store, limits }: MetricQueryDeps, q: MetricQueryInput): Promise<MetricQueryResult> {
  const { type, monotonic } = await resolveMetric(store, q.name, q.type);
  const agg: Aggregation = q.agg ?? defaultAggregation(type, monotonic);
  const allowed: readonly string[] = aggregations[type];
  if (!allowed.includes(agg)) throw badParameter('agg', `"${agg}" does not apply to ${type} "${q.name}" (expected one of ${allowed.join(', ')})`);
  if (agg === 'rate' && !monotonic) throw badParameter('agg', `rate needs a monotonic sum; "${q.name}" is not monotonic (expected one of ${allowed.filter((a) => a !== 'rate').join(', ')})`);

  const selector = { name: q.name, fromMs: q.from, toMs: q.to, stepSeconds: q.step, filters: q.filter, groupBy: q.groupBy };
  if (q.groupBy.length > 0) {
    // Refused before the query runs: a chart of thousands of series is unreadable, and cutting it would mislead.
    const max = limits.series.max;
    const countQ = seriesCountSql(selector, type, max + 1);
    const [row] = await store.query<{ series: number }>(countQ.sql, countQ.params);
    if ((row?.series ?? 0) > max) {
      const groupBy = q.groupBy.map((g) => g.text).join(',');
      throw new AppError(
        'query_too_large',
        `groupBy: "${groupBy}" makes more than ${max} series over this range, the most a metrics query may return (${limits.series.setting}); add a filter, group by fewer labels or narrow from/to`,
        [{ parameter: 'groupBy', message: `more than ${max} series`, limit: max, setting: limits.series.setting }],
      );
    }
  }
  const plan = planMetricQuery(selector, type, agg);
  const groupBy = q.groupBy.map((g) => g.text);
  const [rows, exemplars] = await Promise.all([
    store.query<unknown>(plan.query.sql, plan.query.params),
    q.exemplars === undefined ? undefined : queryExemplars(store, selector, type, q.exemplars, groupBy),
  ]);
  const frames = toFrames(q.name, groupBy, plan.toPoints(rows));
  return { range: { from: q.from, to: q.to }, step: q.step, type, agg, frames, ...(exemplars ? { exemplars } : {}) };
}

/** The selector's exemplars, oldest first, each with its group's labels as the frames name them. */
async function queryExemplars(store: TelemetryStore, selector: Selector, type: MetricType, limit: number, groupBy: string[]): Promise<MetricExemplar[]> {
  if (!hasExemplars(type)) return [];
  const { sql, params } = exemplarsSql(selector, type, limit);
  const rows = await store.query<ExemplarRow>(sql, params);
  return rows
    .map((r) => ({ time: Number(r.time), value: r.value, traceId: r.traceId, spanId: r.spanId, labels: Object.fromEntries(groupBy.map((k, i) => [k, r.labels[i] ?? ''])) }))
    .sort((a, b) => a.time - b.time || a.traceId.localeCompare(b.traceId));
}
