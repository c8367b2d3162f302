import { Hono } from 'hono';
import { z } from 'zod';
import type { BusinessKpi, BusinessResult } from '../../../../shared/api.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../../../lib/grafana.js';
import { deploymentFinishSql, eventKpisSql, kpiAroundSql, kpiSeriesSql, type KpiBucketRow, type KpiRow } from '../../../query/business/business-query.js';
import { duration } from '../../../query/delivery/config.js';
import { listMetricsSql, type MetricInfoRow } from '../../../query/metrics/catalog-query.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { stepParam, withStep } from '../params.js';

/** OTLP metrics under this prefix are KPIs too (read through GET /api/v1/metrics/query). */
export const BUSINESS_METRIC_PREFIX = 'business.';
const MAX_WINDOW_MS = 30 * 86_400_000;

const query = (limits: ApiDeps['limits']) =>
  withStep(
    timeRangeQuery
      .extend({
        step: stepParam.optional(),
        name: z.string().min(1).optional(),
        service: z.string().min(1).optional(),
        /** compare the KPI `name` before and after this deployment */
        deployment: z.string().min(1).optional(),
        /** each side of the comparison; default 24h */
        window: duration.pipe(z.number().int().positive().max(MAX_WINDOW_MS)).optional(),
      })
      .strict(),
    limits.searchRange,
  );

const n = (v: unknown) => Number(v ?? 0);

/** GET /api/v1/business (docs/business.md): the KPIs, one KPI's series, and a before/after comparison around a deployment. */
export function businessRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();
  app.get('/', validate('query', query(limits)), async (c) => {
    const q = c.req.valid('query');
    const eventsQ = eventKpisSql({ fromMs: q.from, toMs: q.to, service: q.service });
    const metricsQ = listMetricsSql({ fromMs: q.from, toMs: q.to });
    const [eventRows, metricRows] = await Promise.all([store.query<KpiRow>(eventsQ.sql, eventsQ.params), store.query<MetricInfoRow>(metricsQ.sql, metricsQ.params)]);
    const kpis: BusinessKpi[] = [
      ...eventRows.map((r): BusinessKpi => ({ name: r.name, source: 'events', events: n(r.events), total: n(r.total), services: r.services })),
      ...metricRows
        .filter((m) => m.name.startsWith(BUSINESS_METRIC_PREFIX) && (q.service === undefined || m.services.includes(q.service)))
        .map((m): BusinessKpi => ({ name: m.name, source: 'metric', type: m.type, unit: m.unit, services: m.services })),
    ];
    const result: BusinessResult = { range: { from: q.from, to: q.to }, step: q.step, kpis };

    if (q.name !== undefined && kpis.some((k) => k.name === q.name && k.source === 'events')) {
      const seriesQ = kpiSeriesSql({ name: q.name, fromMs: q.from, toMs: q.to, stepSeconds: q.step, service: q.service });
      const rows = await store.query<KpiBucketRow>(seriesQ.sql, seriesQ.params);
      result.series = dataFrameToJSON(
        toDataFrame({
          name: q.name,
          fields: [
            { name: 'time', type: FieldType.time, values: rows.map((r) => n(r.time)) },
            { name: 'total', type: FieldType.number, values: rows.map((r) => n(r.total)) },
            { name: 'events', type: FieldType.number, values: rows.map((r) => n(r.events)) },
          ],
        }),
      ) as BusinessResult['series'];
    }

    if (q.deployment !== undefined) {
      if (q.name === undefined) throw new AppError('bad_request', 'deployment: compares a KPI, so give name= too', [{ parameter: 'deployment', message: 'needs name' }]);
      const depQ = deploymentFinishSql(q.deployment);
      const [dep] = await store.query<{ service: string; finishedMs: number }>(depQ.sql, depQ.params);
      if (!dep) throw new AppError('not_found', `no deployment "${q.deployment}"`);
      const windowMs = q.window ?? 86_400_000;
      const aroundQ = kpiAroundSql({ name: q.name, atMs: n(dep.finishedMs), windowMs, service: q.service });
      const [a] = await store.query<{ beforeEvents: number; beforeTotal: number; afterEvents: number; afterTotal: number }>(aroundQ.sql, aroundQ.params);
      const before = { events: n(a?.beforeEvents), total: n(a?.beforeTotal) };
      const after = { events: n(a?.afterEvents), total: n(a?.afterTotal) };
      result.comparison = {
        name: q.name,
        deployment: { id: q.deployment, service: dep.service, finishedAt: n(dep.finishedMs) },
        windowMs,
        before,
        after,
        difference: after.total - before.total,
        relativeChange: before.total === 0 ? null : (after.total - before.total) / before.total,
      };
    }
    return c.json(result);
  });
  return app;
}
