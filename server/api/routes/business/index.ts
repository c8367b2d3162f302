import { Hono } from 'hono';
import { z } from 'zod';
import type { BusinessComparison, BusinessKpi, BusinessResult, BusinessWindow } from '../../../../shared/api.js';
import { deploymentFinishSql, eventKpisSql, type KpiRow } from '../../../query/business/business-query.js';
import { defaultBusinessConfig } from '../../../query/business/config.js';
import { monotonicSumsSql } from '../../../query/business/metric-kpi-query.js';
import { duration } from '../../../query/delivery/config.js';
import { listMetricsSql, type MetricInfoRow } from '../../../query/metrics/catalog-query.js';
import { parseLabelRef } from '../../../query/metrics/selector.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { stepParam, withStep } from '../params.js';
import { eventKpiAround, eventKpiSeries } from './event-kpi.js';
import { isCharted, metricKpiAround, metricKpiKind, metricKpiSeries, resolveMetricKpi } from './metric-kpi.js';

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

/** difference and relative change of two sides; null where a side has no figure (or before is 0, for the ratio) */
function change(before: BusinessWindow, after: BusinessWindow): Pick<BusinessComparison, 'difference' | 'relativeChange'> {
  if (before.total === null || after.total === null) return { difference: null, relativeChange: null };
  const difference = after.total - before.total;
  return { difference, relativeChange: before.total === 0 ? null : difference / before.total };
}

/** GET /api/v1/business (docs/business.md): the KPIs, one KPI's series, and a before/after comparison around a deployment. */
export function businessRoutes({ store, limits, business = defaultBusinessConfig() }: ApiDeps): Hono {
  const prefix = business.metricPrefix;
  const app = new Hono();
  app.get('/', validate('query', query(limits)), async (c) => {
    const q = c.req.valid('query');
    const eventsQ = eventKpisSql({ fromMs: q.from, toMs: q.to, service: q.service });
    const metricsQ = listMetricsSql({ fromMs: q.from, toMs: q.to });
    const countersQ = monotonicSumsSql({ prefix, fromMs: q.from, toMs: q.to });
    const [eventRows, metricRows, counterRows] = await Promise.all([
      store.query<KpiRow>(eventsQ.sql, eventsQ.params),
      store.query<MetricInfoRow>(metricsQ.sql, metricsQ.params),
      store.query<{ name: string }>(countersQ.sql, countersQ.params),
    ]);
    const counters = new Set(counterRows.map((r) => r.name));
    const kpis: BusinessKpi[] = [
      ...eventRows.map((r): BusinessKpi => ({ name: r.name, source: 'events', events: n(r.events), total: n(r.total), services: r.services })),
      ...metricRows
        .filter((m) => m.name.startsWith(prefix) && (q.service === undefined || m.services.includes(q.service)))
        .map((m): BusinessKpi => ({ name: m.name, source: 'metric', type: m.type, kind: metricKpiKind(m.type, counters.has(m.name)), unit: m.unit, services: m.services })),
    ];
    const result: BusinessResult = { range: { from: q.from, to: q.to }, step: q.step, metricPrefix: prefix, kpis };
    if (q.name === undefined) {
      if (q.deployment !== undefined) throw new AppError('bad_request', 'deployment: compares a KPI, so give name= too', [{ parameter: 'deployment', message: 'needs name' }]);
      return c.json(result);
    }

    // An event KPI of that name wins over a metric; a name outside the prefix is an event KPI, in the range or not.
    const isEvents = kpis.some((k) => k.name === q.name && k.source === 'events');
    const metric = !isEvents && q.name.startsWith(prefix) ? await resolveMetricKpi(store, q.name) : undefined;
    const charted = metric && isCharted(metric) ? metric : undefined;
    const filters = q.service === undefined ? [] : [{ label: parseLabelRef('service.name'), values: [q.service] }];
    if (charted) {
      result.series = await metricKpiSeries(store, charted, { fromMs: q.from, toMs: q.to, stepSeconds: q.step, filters });
    } else if (isEvents) {
      result.series = await eventKpiSeries(store, { name: q.name, fromMs: q.from, toMs: q.to, stepSeconds: q.step, service: q.service });
    }

    if (q.deployment !== undefined) {
      if (metric && !charted) {
        throw new AppError('bad_request', `name: "${q.name}" is a ${metric.type}; the Business lens compares counters and gauges`, [{ parameter: 'name', message: `a ${metric.type}` }]);
      }
      const depQ = deploymentFinishSql(q.deployment);
      const [dep] = await store.query<{ service: string; finishedMs: number }>(depQ.sql, depQ.params);
      if (!dep) throw new AppError('not_found', `no deployment "${q.deployment}"`);
      const atMs = n(dep.finishedMs);
      const windowMs = q.window ?? 86_400_000;
      const sides = charted
        ? await metricKpiAround(store, charted, { atMs, windowMs, filters })
        : await eventKpiAround(store, { name: q.name, atMs, windowMs, service: q.service });
      result.comparison = {
        name: q.name,
        kind: charted?.kind ?? 'events',
        deployment: { id: q.deployment, service: dep.service, finishedAt: atMs },
        windowMs,
        ...sides,
        ...change(sides.before, sides.after),
      };
    }
    return c.json(result);
  });
  return app;
}
