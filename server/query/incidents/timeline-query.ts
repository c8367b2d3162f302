/**
 * What an incident's timeline adds around the incident itself: the services its service calls
 * (from spans); their deployments come from deployMarkersSql (server/query/delivery/markers.ts).
 */
import { inRange, whereAll, type SqlQuery } from '../sql.js';

/** Most callees listed: a page of deploy markers, not a dependency graph. */
export const MAX_DOWNSTREAM = 20;
/** Client spans read to find callees: enough for every edge of a busy service within the hour. */
export const MAX_CLIENT_SPANS = 100_000;

export interface DownstreamRow {
  service: string;
  calls: number;
}

/**
 * The services `service` calls over [fromMs, toMs): the ServiceName of each Server span whose
 * parent is one of its Client spans (the OTel convention for a remote call), other than its
 * own. The Client spans are read through the sort key (ServiceName first) and capped at
 * MAX_CLIENT_SPANS; the Server spans only within the window's partitions.
 */
export function downstreamServicesSql(q: { service: string; fromMs: number; toMs: number }): SqlQuery {
  return {
    sql: `SELECT ServiceName AS service, count() AS calls
FROM otel_traces
${whereAll([
  ...inRange('Timestamp'),
  `SpanKind = 'Server'`,
  'ServiceName != {service:String}',
  `(TraceId, ParentSpanId) IN (
    SELECT TraceId, SpanId FROM otel_traces
    ${whereAll(['ServiceName = {service:String}', ...inRange('Timestamp'), `SpanKind = 'Client'`])}
    LIMIT ${MAX_CLIENT_SPANS}
  )`,
])}
GROUP BY ServiceName
ORDER BY calls DESC, service
LIMIT ${MAX_DOWNSTREAM}`,
    params: { service: q.service, fromMs: q.fromMs, toMs: q.toMs },
  };
}
