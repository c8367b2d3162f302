/**
 * What an incident's timeline adds around the incident itself: the services its service calls
 * (from spans) and the deployments of those services and its own.
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

const DEPLOY_REPORT_SPAN_MS = 86_400_000;

export interface TimelineDeployRow {
  id: string;
  service: string;
  environment: string;
  status: string;
  kind: string;
  commit: string;
  url: string;
  atMs: number;
}

/**
 * Production deployments of `services` at their marker time (finish, else latest report) in
 * [fromMs, toMs): the same rule as the chart markers (routes/events/query.ts), for several
 * services in one query. Reports are read from a day before the window, since a deployment
 * that finished in it may have started reporting earlier.
 */
export function timelineDeploysSql(q: { services: string[]; fromMs: number; toMs: number; limit: number }): SqlQuery {
  return {
    sql: `SELECT DeploymentId AS id, Service AS service, argMax(Environment, ReportedAt) AS environment,
       argMax(Status, ReportedAt) AS status, argMax(Kind, ReportedAt) AS kind, argMax(CommitSha, ReportedAt) AS commit,
       argMax(Url, ReportedAt) AS url,
       toUnixTimestamp64Milli(if(max(FinishedAt) > 0, max(FinishedAt), max(ReportedAt))) AS atMs
FROM deployments FINAL
WHERE Service IN {services:Array(String)} AND IsProduction AND ReportedAt >= fromUnixTimestamp64Milli({sinceMs:Int64})
GROUP BY DeploymentId, Service
HAVING atMs >= {fromMs:Int64} AND atMs < {toMs:Int64}
ORDER BY atMs, id
LIMIT {limit:UInt32}`,
    params: { services: q.services, fromMs: q.fromMs, toMs: q.toMs, sinceMs: q.fromMs - DEPLOY_REPORT_SPAN_MS, limit: q.limit },
  };
}
