/**
 * Deploy and incident markers for charts. Both tables are event logs (migration 0008): a
 * deployment's marker is its latest reported status at its finish (or, while it runs, its
 * latest report); an incident's is its opening. FINAL collapses redeliveries.
 */
import { type SqlQuery } from '../../../query/sql.js';

export interface MarkerFilters {
  fromMs: number;
  toMs: number;
  service?: string;
  /** an environment name, or undefined for production only */
  environment?: string;
  /** most rows returned */
  limit: number;
}

export interface DeployMarkerRow {
  id: string;
  service: string;
  environment: string;
  status: string;
  kind: string;
  commit: string;
  url: string;
  /** epoch ms of the marker */
  atMs: number;
}

export interface IncidentMarkerRow {
  id: string;
  service: string;
  title: string;
  severity: string;
  status: string;
  url: string;
  openedMs: number;
  /** 0 while not resolved */
  resolvedMs: number;
}

export function deployMarkersSql(f: MarkerFilters): SqlQuery {
  const params: Record<string, unknown> = {};
  const where: string[] = [];
  if (f.service !== undefined) {
    params.service = f.service;
    where.push('Service = {service:String}');
  }
  if (f.environment !== undefined) {
    params.environment = f.environment;
    where.push('Environment = {environment:String}');
  } else where.push('IsProduction');
  params.fromMs = f.fromMs;
  params.toMs = f.toMs;
  params.limit = f.limit;
  const sql = `SELECT DeploymentId AS id, Service AS service, argMax(Environment, ReportedAt) AS environment,
       argMax(Status, ReportedAt) AS status, argMax(Kind, ReportedAt) AS kind, argMax(CommitSha, ReportedAt) AS commit,
       argMax(Url, ReportedAt) AS url,
       toUnixTimestamp64Milli(if(max(FinishedAt) > 0, max(FinishedAt), max(ReportedAt))) AS atMs
FROM deployments FINAL
WHERE ${where.join('\n  AND ')}
GROUP BY DeploymentId, Service
HAVING atMs >= {fromMs:Int64} AND atMs < {toMs:Int64}
ORDER BY atMs, id
LIMIT {limit:UInt32}`;
  return { sql, params };
}

export function incidentMarkersSql(f: MarkerFilters): SqlQuery {
  const params: Record<string, unknown> = {};
  const where: string[] = ['1'];
  if (f.service !== undefined) {
    params.service = f.service;
    where[0] = 'Service = {service:String}';
  }
  params.fromMs = f.fromMs;
  params.toMs = f.toMs;
  params.limit = f.limit;
  // An incident is opened at the earliest CreatedAt a source gave, else its first trigger.
  const sql = `SELECT IncidentId AS id, Service AS service, argMax(Title, At) AS title, argMax(Severity, At) AS severity,
       argMax(Status, At) AS status, argMax(Url, At) AS url,
       toUnixTimestamp64Milli(if(minIf(CreatedAt, CreatedAt > 0) > 0, minIf(CreatedAt, CreatedAt > 0), min(At))) AS openedMs,
       if(argMax(Status, At) = 'resolved', toUnixTimestamp64Milli(max(At)), 0) AS resolvedMs
FROM incidents FINAL
WHERE ${where.join('\n  AND ')}
GROUP BY IncidentId, Service
HAVING openedMs >= {fromMs:Int64} AND openedMs < {toMs:Int64}
ORDER BY openedMs, id
LIMIT {limit:UInt32}`;
  return { sql, params };
}
