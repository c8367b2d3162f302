/**
 * GET /api/v1/events: deploy, incident and alert markers for any chart of a time window,
 * optionally of one service. Deploys are production ones unless `environment` names another.
 * The range may be as long as a long-horizon figure's (an SLO's budget chart spans its whole
 * period). SLO alerts come from the metadata's transition history (the moments an alert started
 * firing); general alert rules keep their state in memory and have no history to mark.
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import type { EventMarker, EventsResult } from '../../../../shared/api.js';
import type { ApiDeps } from '../../app.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { deployLabel, deployMarkersSql, incidentMarkersSql, type DeployMarkerRow, type IncidentMarkerRow } from '../../../query/delivery/markers.js';

/** Per kind: a chart window rarely holds more, and a label every few pixels is unreadable anyway. */
const MAX_PER_KIND = 500;

export function eventsRoutes({ store, meta, limits }: ApiDeps): Hono {
  const app = new Hono();
  // PostgreSQL text cannot hold NUL and the alert history is read from it: a 400 naming the parameter, not a 500
  const service = z.string().min(1).refine((s) => !s.includes('\0'), 'must not contain a NUL character');
  const query = checkRange(timeRangeQuery.extend({ service: service.optional(), environment: z.string().min(1).optional() }).strict(), limits.longRange);

  app.get('/', validate('query', query), async (c) => {
    const { from, to, service, environment } = c.req.valid('query');
    const filters = { fromMs: from, toMs: to, services: service === undefined ? undefined : [service], environment, limit: MAX_PER_KIND + 1 };
    const deploysQ = deployMarkersSql(filters);
    const incidentsQ = incidentMarkersSql(filters);
    let alerts = meta
      .selectFrom('alert_transitions')
      .select(['instance_id', 'name', 'severity', 'at', 'labels'])
      .where('to_state', '=', 'firing')
      .where('from_state', '!=', 'firing')
      .where('at', '>=', new Date(from))
      .where('at', '<', new Date(to));
    if (service !== undefined) alerts = alerts.where(sql<string>`labels->>'service'`, '=', service);
    const [deploys, incidents, fired] = await Promise.all([
      store.query<DeployMarkerRow>(deploysQ.sql, deploysQ.params),
      store.query<IncidentMarkerRow>(incidentsQ.sql, incidentsQ.params),
      alerts.orderBy('at').limit(MAX_PER_KIND + 1).execute(),
    ]);
    const events: EventMarker[] = [
      ...deploys.slice(0, MAX_PER_KIND).map(deployMarker),
      ...incidents.slice(0, MAX_PER_KIND).map(incidentMarker),
      ...fired.slice(0, MAX_PER_KIND).map(
        (a): EventMarker => ({
          kind: 'alert',
          id: a.instance_id,
          time: new Date(a.at).toISOString(),
          service: a.labels.service ?? '',
          label: `${a.name} firing`,
          detail: { severity: a.severity, slo: a.instance_id },
        }),
      ),
    ].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const truncated = [deploys, incidents, fired].some((rows) => rows.length > MAX_PER_KIND);
    return c.json({ range: { from, to }, events, truncated } satisfies EventsResult);
  });

  return app;
}

function deployMarker(d: DeployMarkerRow): EventMarker {
  return {
    kind: 'deploy',
    id: d.id,
    time: new Date(Number(d.atMs)).toISOString(),
    service: d.service,
    label: deployLabel(d),
    url: d.url || undefined,
    detail: { environment: d.environment, status: d.status, kind: d.kind, commit: d.commit },
  };
}

function incidentMarker(i: IncidentMarkerRow): EventMarker {
  return {
    kind: 'incident',
    id: i.id,
    time: new Date(Number(i.openedMs)).toISOString(),
    service: i.service,
    label: `incident${i.severity ? ` ${i.severity}` : ''}: ${i.title || i.id}`,
    url: i.url || undefined,
    detail: { status: i.status, severity: i.severity, ...(Number(i.resolvedMs) > 0 ? { resolved: new Date(Number(i.resolvedMs)).toISOString() } : {}) },
  };
}
