/**
 * GET /api/v1/incidents and /api/v1/incidents/:id (docs/incidents.md): incidents with MTTA,
 * MTTR and MTTD, their cause deployment (the DORA link rules), and one incident's merged
 * timeline with its service's error-rate series.
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import type { IncidentDetail, IncidentsResult, IncidentTransition } from '../../../../shared/api.js';
import type { MetaDb } from '../../../meta/index.js';
import { listServices } from '../../../meta/services.js';
import { defaultDoraConfig } from '../../../query/delivery/config.js';
import {
  incidentListSql,
  incidentLocationSql,
  incidentTransitionsSql,
  type IncidentListQuery,
  type IncidentLocationRow,
  type IncidentRowOut,
  type TransitionRow,
} from '../../../query/incidents/incidents-query.js';
import { deployMarkersSql, type DeployMarkerRow } from '../../../query/delivery/markers.js';
import { downstreamServicesSql, type DownstreamRow } from '../../../query/incidents/timeline-query.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { autoStepSeconds, checkRange, timeParam } from '../../time.js';
import { validate } from '../../validate.js';
import { intParam } from '../params.js';
import { serviceSeriesSql, type ServiceBucketRow } from '../services/query.js';
import { redFrame } from '../services/summary.js';
import { firstSignal, incidentSummary, median, signalOf, type FiredAlert } from './summary.js';
import { incidentWindow, mergeTimeline, type AlertTransitionIn } from './timeline.js';

const DAY_MS = 86_400_000;
/** Per kind of timeline entry, as for chart markers. */
const MAX_PER_KIND = 500;
/** Alert firings read for the list's MTTD: beyond this, later incidents may miss their signal. */
const MAX_SIGNALS = 10_000;
/** The callers' spans are read this long around the opening to find the services it calls. */
const CALLS_WINDOW_MS = 3_600_000;


/** Incidents are looked at over days, not the telemetry's hour: from defaults to now-30d. */
const listQuery = z
  .object({
    from: timeParam('now-30d', false),
    to: timeParam('now', true),
    service: z.string().min(1).optional(),
    team: z.string().min(1).optional(),
    severity: z.string().min(1).optional(),
    status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
    limit: intParam(1, 1000).default(100),
  })
  .strict()
  .refine((q) => q.service === undefined || q.team === undefined, { message: 'give service or team, not both', path: ['service'] });

export function incidentsRoutes({ store, meta, limits, dora = defaultDoraConfig(), deliveryFacts }: ApiDeps): Hono {
  const app = new Hono();
  const lookbackMs = dora.incidentLinkWindowMs;
  // incidents, their opening, resolution and cause are read from the DORA facts
  app.use(async (_c, next) => {
    await deliveryFacts.fresh();
    await next();
  });

  app.get('/', validate('query', checkRange(listQuery, limits.longRange)), async (c) => {
    const q = c.req.valid('query');
    let services: string[] | undefined = q.service === undefined ? undefined : [q.service];
    if (q.team !== undefined) services = (await listServices({ db: meta })).filter((s) => s.team === q.team).map((s) => s.name);
    const lq: IncidentListQuery = { fromMs: q.from, toMs: q.to, services, severity: q.severity, status: q.status, limit: q.limit + 1 };
    const listQ = incidentListSql(lq);
    const rows = services?.length === 0 ? [] : await store.query<IncidentRowOut>(listQ.sql, listQ.params);
    const listed = rows.slice(0, q.limit);
    const opened = listed.map((r) => Number(r.openedMs));
    const alerts = listed.length === 0 ? [] : await firedAlerts(meta, [...new Set(listed.map((r) => r.service))], Math.min(...opened) - lookbackMs, Math.max(...opened), MAX_SIGNALS);
    const incidents = listed.map((r) => incidentSummary(r, firstSignal(alerts, r.service, Number(r.openedMs), lookbackMs)));
    const result: IncidentsResult = {
      range: { from: q.from, to: q.to },
      incidents,
      truncated: rows.length > q.limit,
      summary: {
        count: incidents.length,
        mttaMinutes: median(incidents.map((i) => i.mttaMinutes)),
        mttrMinutes: median(incidents.map((i) => i.mttrMinutes)),
        mttdMinutes: median(incidents.map((i) => i.mttdMinutes)),
      },
    };
    return c.json(result);
  });

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const locQ = incidentLocationSql(id);
    const [loc] = await store.query<IncidentLocationRow>(locQ.sql, locQ.params);
    if (!loc) throw new AppError('not_found', `no incident "${id}"`);
    const openedMs = Number(loc.createdMs) > 0 ? Number(loc.createdMs) : Number(loc.firstAtMs);
    const listQ = incidentListSql({ fromMs: openedMs, toMs: openedMs + 1, services: [loc.service], incidentId: id, limit: 1 });
    const transQ = incidentTransitionsSql(loc.service, id);
    const [[row], transitionRows, signals] = await Promise.all([
      store.query<IncidentRowOut>(listQ.sql, listQ.params),
      store.query<TransitionRow>(transQ.sql, transQ.params),
      firedAlerts(meta, [loc.service], openedMs - lookbackMs, openedMs, 1),
    ]);
    if (!row) throw new AppError('not_found', `no incident "${id}" opened at ${new Date(openedMs).toISOString()} in service "${loc.service}"`);
    const signal = firstSignal(signals, loc.service, openedMs, lookbackMs);
    const incident = incidentSummary(row, signal);
    const transitions: IncidentTransition[] = transitionRows.map((t) => ({ status: t.status, at: new Date(Number(t.atMs)).toISOString() }));

    const window = incidentWindow({
      openedMs,
      resolvedMs: row.resolvedMs === null ? null : Number(row.resolvedMs),
      lastTransitionMs: Math.max(openedMs, ...transitionRows.map((t) => Number(t.atMs))),
      nowMs: Date.now(),
      causeFinishedMs: incident.cause ? Number(row.causeFinishedMs) : null,
      signalMs: signal?.atMs ?? null,
      lookbackMs,
      maxMs: limits.searchRange.maxDays * DAY_MS,
    });
    const callsQ = downstreamServicesSql({ service: loc.service, fromMs: openedMs - CALLS_WINDOW_MS, toMs: openedMs + CALLS_WINDOW_MS });
    const step = autoStepSeconds(window.from, window.to);
    const seriesQ = serviceSeriesSql({ fromMs: window.from, toMs: window.to, service: loc.service, stepSeconds: step });
    const [callees, buckets] = await Promise.all([store.query<DownstreamRow>(callsQ.sql, callsQ.params), store.query<ServiceBucketRow>(seriesQ.sql, seriesQ.params)]);
    const downstream = callees.map((r) => r.service);
    const services = [loc.service, ...downstream];
    const deploysQ = deployMarkersSql({ services, fromMs: window.from, toMs: window.to, limit: MAX_PER_KIND + 1 });
    const [deploys, alerts] = await Promise.all([store.query<DeployMarkerRow>(deploysQ.sql, deploysQ.params), alertTransitions(meta, services, window.from, window.to, MAX_PER_KIND + 1)]);

    const result: IncidentDetail = {
      incident,
      transitions,
      firstSignal: signal ? signalOf(signal) : null,
      signalLookbackMs: lookbackMs,
      downstream,
      window,
      timeline: mergeTimeline({ incident, transitions: transitions.slice(0, MAX_PER_KIND), deploys: deploys.slice(0, MAX_PER_KIND), alerts: alerts.slice(0, MAX_PER_KIND) }),
      truncated: transitions.length > MAX_PER_KIND || deploys.length > MAX_PER_KIND || alerts.length > MAX_PER_KIND,
      step,
      series: redFrame(loc.service, buckets, step),
    };
    return c.json(result);
  });

  return app;
}

/** SLO alerts of `services` that started firing in [fromMs, toMs], earliest first. */
async function firedAlerts(meta: MetaDb, services: string[], fromMs: number, toMs: number, limit: number): Promise<FiredAlert[]> {
  const rows = await meta
    .selectFrom('alert_transitions')
    .select(['instance_id', 'name', 'severity', 'at', 'labels'])
    .where('to_state', '=', 'firing')
    .where('from_state', '!=', 'firing')
    .where('at', '>=', new Date(fromMs))
    .where('at', '<=', new Date(toMs))
    .where(sql<string>`labels->>'service'`, 'in', services)
    .orderBy('at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ sloId: r.instance_id, name: r.name, severity: r.severity, service: r.labels.service ?? '', atMs: new Date(r.at).getTime() }));
}

/** Every SLO alert transition of `services` in [fromMs, toMs): pending, firing, resolved. */
async function alertTransitions(meta: MetaDb, services: string[], fromMs: number, toMs: number, limit: number): Promise<AlertTransitionIn[]> {
  const rows = await meta
    .selectFrom('alert_transitions')
    .select(['instance_id', 'name', 'severity', 'at', 'labels', 'from_state', 'to_state'])
    .where('at', '>=', new Date(fromMs))
    .where('at', '<', new Date(toMs))
    .where(sql<string>`labels->>'service'`, 'in', services)
    .orderBy('at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    sloId: r.instance_id,
    name: r.name,
    severity: r.severity,
    service: r.labels.service ?? '',
    fromState: r.from_state,
    toState: r.to_state,
    atMs: new Date(r.at).getTime(),
  }));
}
