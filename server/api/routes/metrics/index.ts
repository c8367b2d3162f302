import { Hono } from 'hono';
import type { MetricQueryResult, MetricsListResult } from '../../../../shared/api.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { listMetricsSql, resolveMetricSql, type MetricInfoRow, type MetricTypeRow } from '../../../query/metrics/catalog-query.js';
import { toFrames } from './frames.js';
import { metricQuery } from './params.js';
import { planMetricQuery } from './query.js';
import { seriesCountSql } from '../../../query/metrics/series-count.js';
import { aggregations, defaultAggregation, type Aggregation } from '../../../query/metrics/types.js';

const badParameter = (parameter: string, message: string) => new AppError('bad_request', `${parameter}: ${message}`, [{ parameter, message }]);

export function metricsRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();
  const listQuery = checkRange(timeRangeQuery.strict(), limits.searchRange);

  app.get('/', validate('query', listQuery), async (c) => {
    const { from, to } = c.req.valid('query');
    const { sql, params } = listMetricsSql({ fromMs: from, toMs: to });
    const metrics = await store.query<MetricInfoRow>(sql, params);
    return c.json({ range: { from, to }, metrics } satisfies MetricsListResult);
  });

  app.get('/query', validate('query', metricQuery(limits.searchRange)), async (c) => {
    const q = c.req.valid('query');
    const resolveQ = resolveMetricSql(q.name);
    const found = (await store.query<MetricTypeRow>(resolveQ.sql, resolveQ.params)).filter((r) => !q.type || r.type === q.type);
    if (found.length === 0) throw new AppError('not_found', q.type ? `no ${q.type} metric "${q.name}"` : `no metric "${q.name}"`);
    if (found.length > 1) {
      throw badParameter('type', `metric "${q.name}" is stored as ${found.map((r) => r.type).join(' and ')}; pass type=${found.map((r) => r.type).join(' or type=')}`);
    }
    const { type, monotonic } = found[0]!;
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
    const rows = await store.query<unknown>(plan.query.sql, plan.query.params);
    const frames = toFrames(q.name, q.groupBy.map((g) => g.text), plan.toPoints(rows));
    return c.json({ range: { from: q.from, to: q.to }, step: q.step, type, agg, frames } satisfies MetricQueryResult);
  });

  return app;
}
