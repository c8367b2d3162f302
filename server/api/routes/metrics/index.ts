import { Hono } from 'hono';
import { z } from 'zod';
import type { MetricsListResult } from '../../../../shared/api.js';
import type { MetricAttributesResult, MetricBucketsResult } from '../../../../shared/metrics.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { attributeValuesSql, type AttributeValuesRow } from '../../../query/metrics/attributes-query.js';
import { listMetricsSql, type MetricInfoRow } from '../../../query/metrics/catalog-query.js';
import { increaseSql, type IncreaseRow } from '../../../query/metrics/increase-query.js';
import { metricTypes } from '../../../query/metrics/types.js';
import { intParam } from '../params.js';
import { toBucketGrid } from './buckets.js';
import { metricBucketsQuery, metricQuery } from './params.js';
import { resolveMetric, runMetricQuery } from './run-query.js';

/** Labels per answer and values per label GET /metrics/:name/attributes returns at most. */
const MAX_KEYS = 100;

export function metricsRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();
  const listQuery = checkRange(timeRangeQuery.strict(), limits.searchRange);
  const attributesQuery = checkRange(
    timeRangeQuery
      .extend({
        type: z.enum(metricTypes).optional(),
        key: z.string().min(1).optional(),
        search: z.string().optional(),
        limit: intParam(1, 100).default(20),
      })
      .strict(),
    limits.searchRange,
  );

  app.get('/', validate('query', listQuery), async (c) => {
    const { from, to } = c.req.valid('query');
    const { sql, params } = listMetricsSql({ fromMs: from, toMs: to });
    const metrics = await store.query<MetricInfoRow>(sql, params);
    return c.json({ range: { from, to }, metrics } satisfies MetricsListResult);
  });

  app.get('/query', validate('query', metricQuery(limits.searchRange)), async (c) => {
    const q = c.req.valid('query');
    return c.json(await runMetricQuery({ store, limits }, { ...q, step: q.step }));
  });

  // A histogram's bucket counts per time bucket, for the explorer's heatmap.
  app.get('/buckets', validate('query', metricBucketsQuery(limits.searchRange)), async (c) => {
    const q = c.req.valid('query');
    const { type } = await resolveMetric(store, q.name, 'histogram');
    if (type !== 'histogram') throw new AppError('bad_request', `name: "${q.name}" is not a histogram`, [{ parameter: 'name', message: 'not a histogram' }]);
    const sel = { name: q.name, fromMs: q.from, toMs: q.to, stepSeconds: q.step, filters: q.filter, groupBy: [] };
    const { sql, params } = increaseSql(sel, 'histogram', { buckets: true });
    const grid = toBucketGrid(await store.query<IncreaseRow>(sql, params));
    return c.json({ range: { from: q.from, to: q.to }, step: q.step, name: q.name, ...grid } satisfies MetricBucketsResult);
  });

  // The labels of one metric and their most frequent values: the explorer's filter autocomplete.
  app.get('/:name/attributes', validate('query', attributesQuery), async (c) => {
    const name = c.req.param('name');
    const q = c.req.valid('query');
    const { type } = await resolveMetric(store, name, q.type);
    const { sql, params } = attributeValuesSql({ name, type, fromMs: q.from, toMs: q.to, key: q.key, search: q.search, perKey: q.limit, maxKeys: MAX_KEYS });
    const attributes = await store.query<AttributeValuesRow>(sql, params);
    return c.json({ range: { from: q.from, to: q.to }, name, type, attributes } satisfies MetricAttributesResult);
  });

  return app;
}
