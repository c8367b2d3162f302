import { Hono } from 'hono';
import { z } from 'zod';
import type { ServiceResult, ServicesResult } from '../../../../shared/api.js';
import { listServices } from '../../../meta/services.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { stepParam, withStep } from '../params.js';
import { serviceOperationsSql, serviceSeriesSql, serviceStatsSql, type OperationRow, type ServiceBucketRow, type ServiceStatsRow } from './query.js';
import { mergeServices, operationSummaries, redFrame, serviceSummary } from './summary.js';

export function servicesRoutes({ store, meta, limits }: ApiDeps): Hono {
  const app = new Hono();
  // team: through the catalog (services.team)
  const listQuery = checkRange(timeRangeQuery.extend({ team: z.string().min(1).optional() }).strict(), limits.searchRange);
  const detailQuery = withStep(timeRangeQuery.extend({ step: stepParam.optional() }).strict(), limits.searchRange);

  app.get('/', validate('query', listQuery), async (c) => {
    const { from, to, team } = c.req.valid('query');
    const q = serviceStatsSql({ fromMs: from, toMs: to });
    const [stats, catalog] = await Promise.all([store.query<ServiceStatsRow>(q.sql, q.params), listServices({ db: meta })]);
    const services = mergeServices(stats, catalog, { from, to, now: Date.now() }).filter((s) => team === undefined || s.team === team);
    return c.json({ range: { from, to }, services } satisfies ServicesResult);
  });

  app.get('/:name', validate('query', detailQuery), async (c) => {
    const service = c.req.param('name');
    const { from, to, step } = c.req.valid('query');
    const range = { fromMs: from, toMs: to, service };
    const statsQ = serviceStatsSql(range);
    const [stats, catalog] = await Promise.all([store.query<ServiceStatsRow>(statsQ.sql, statsQ.params), listServices({ db: meta })]);
    const entry = catalog.find((s) => s.name === service);
    if (stats.length === 0 && !entry) throw new AppError('not_found', `no service "${service}": no spans in the range and not in the catalog`);

    const seriesQ = serviceSeriesSql({ ...range, stepSeconds: step });
    const opsQ = serviceOperationsSql(range);
    const [buckets, ops] = await Promise.all([store.query<ServiceBucketRow>(seriesQ.sql, seriesQ.params), store.query<OperationRow>(opsQ.sql, opsQ.params)]);
    const summary = serviceSummary(service, stats[0], entry, { from, to, now: Date.now() });
    return c.json({
      range: { from, to },
      step,
      service: summary,
      series: redFrame(service, buckets, step),
      operations: operationSummaries(ops, summary.rateSeconds),
    } satisfies ServiceResult);
  });

  return app;
}
