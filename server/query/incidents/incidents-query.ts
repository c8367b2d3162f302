/**
 * Incidents as the Incidents lens lists them (docs/incidents.md): each incident's current
 * state from its transitions (the `incidents` table is an event log, migration 0008) and the
 * deployment that caused it. Opening, resolution and the cause come from the incident facts
 * GET /api/v1/dora reads (server/query/delivery/facts.ts), so an incident's cause here is the
 * one DORA counts.
 */
import { storedFact } from '../delivery/facts.js';
import { millis, where } from '../delivery/scope.js';
import type { SqlQuery } from '../sql.js';

export type IncidentStatusFilter = 'open' | 'acknowledged' | 'resolved';

export interface IncidentListQuery {
  /** [fromMs, toMs) on the opening time */
  fromMs: number;
  toMs: number;
  /** the services in scope; absent: every service */
  services?: string[];
  /** matched case-insensitively */
  severity?: string;
  status?: IncidentStatusFilter;
  /** one incident by id (the detail page) */
  incidentId?: string;
  limit: number;
}

export interface IncidentRowOut {
  id: string;
  service: string;
  provider: string;
  title: string;
  severity: string;
  status: IncidentStatusFilter;
  openedMs: number;
  /** null: never acknowledged */
  acknowledgedMs: number | null;
  /** null: not resolved, or reopened after its last resolution */
  resolvedMs: number | null;
  url: string;
  /** '' when no deployment is linked */
  causeDeploymentId: string;
  causeMethod: '' | 'explicit' | 'heuristic';
  /** the cause deployment's finish, epoch ms (0 without a cause) */
  causeFinishedMs: number;
}

/**
 * The incidents opened in [from, to), newest first. The service filter narrows the incidents,
 * not their causes: an explicit cause may name another service's deployment.
 */
export function incidentListSql(q: IncidentListQuery): SqlQuery {
  const scope = q.services === undefined ? [] : ['Service IN {services:Array(String)}'];
  const conditions = [
    `${millis('i.opened')} >= {fromMs:Int64} AND ${millis('i.opened')} < {toMs:Int64}`,
    ...scope.map((c) => `i.${c}`),
    ...(q.incidentId === undefined ? [] : ['i.IncidentId = {incidentId:String}']),
    ...(q.severity === undefined ? [] : ['lower(severity) = lower({severity:String})']),
    ...(q.status === undefined ? [] : ['status = {status:String}']),
  ];
  const sql = `WITH ${storedFact('ifact')},
about AS (
  SELECT Service, IncidentId,
    argMax(Provider, At) AS provider,
    argMaxIf(Title, At, Title != '') AS title,
    argMaxIf(Severity, At, Severity != '') AS severity,
    argMaxIf(Url, At, Url != '') AS url,
    countIf(Status = 'acknowledged') AS acks,
    minIf(At, Status = 'acknowledged') AS firstAck,
    maxIf(At, Status = 'acknowledged') AS lastAck,
    maxIf(At, Status = 'reopened') AS lastReopen
  FROM incidents FINAL
  ${where([...scope, ...(q.incidentId === undefined ? [] : ['IncidentId = {incidentId:String}'])])}
  GROUP BY Service, IncidentId
)
SELECT i.IncidentId AS id, i.Service AS service, f.provider AS provider, f.title AS title, f.severity AS severity,
  multiIf(i.resolved IS NOT NULL, 'resolved', f.acks > 0 AND f.lastAck >= f.lastReopen, 'acknowledged', 'open') AS status,
  ${millis('i.opened')} AS openedMs,
  if(f.acks > 0, ${millis('f.firstAck')}, NULL) AS acknowledgedMs,
  if(i.resolved IS NULL, NULL, ${millis('assumeNotNull(i.resolved)')}) AS resolvedMs,
  f.url AS url,
  i.deploymentId AS causeDeploymentId,
  i.method AS causeMethod,
  if(i.deploymentId = '', 0, ${millis('i.deploymentFinish')}) AS causeFinishedMs
FROM ifact AS i
INNER JOIN about AS f ON f.Service = i.Service AND f.IncidentId = i.IncidentId
WHERE ${conditions.join('\n  AND ')}
ORDER BY openedMs DESC, id
LIMIT {limit:UInt32}`;
  // production's links: the ones GET /api/v1/dora counts by default
  const params: Record<string, unknown> = { fromMs: q.fromMs, toMs: q.toMs, limit: q.limit, target: '' };
  if (q.services !== undefined) params.services = q.services;
  if (q.incidentId !== undefined) params.incidentId = q.incidentId;
  if (q.severity !== undefined) params.severity = q.severity;
  if (q.status !== undefined) params.status = q.status;
  return { sql, params };
}

export interface IncidentLocationRow {
  service: string;
  /** the earliest CreatedAt a source gave (0: none) and the first transition, epoch ms */
  createdMs: number;
  firstAtMs: number;
}

/**
 * Where one incident is: its service and the times its opening is taken from (the same rule
 * as `incidentsCte`: CreatedAt when given, else the first transition). If the id was reported
 * under two services, the one with the latest transition wins.
 */
export function incidentLocationSql(id: string): SqlQuery {
  return {
    sql: `SELECT Service AS service,
  if(countIf(${millis('CreatedAt')} > 0) > 0, ${millis(`minIf(CreatedAt, ${millis('CreatedAt')} > 0)`)}, 0) AS createdMs,
  ${millis('min(At)')} AS firstAtMs
FROM incidents
WHERE IncidentId = {incidentId:String}
GROUP BY Service
ORDER BY max(At) DESC
LIMIT 1`,
    params: { incidentId: id },
  };
}

export interface TransitionRow {
  status: string;
  atMs: number;
  severity: string;
  title: string;
  provider: string;
  url: string;
}

export function incidentTransitionsSql(service: string, id: string): SqlQuery {
  return {
    sql: `SELECT Status AS status, ${millis('At')} AS atMs, Severity AS severity, Title AS title, Provider AS provider, Url AS url
FROM incidents FINAL
WHERE Service = {service:String} AND IncidentId = {incidentId:String}
ORDER BY At, Status
LIMIT 1000`,
    params: { service, incidentId: id },
  };
}
