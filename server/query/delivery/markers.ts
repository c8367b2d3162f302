/**
 * Deploy and incident markers for charts. Both tables are event logs (migration 0008): a
 * deployment's marker is its latest reported status at its finish (or, while it runs, its
 * latest report); an incident's is its opening. FINAL collapses redeliveries.
 */
import type { SqlQuery } from '../sql.js';

export interface MarkerFilters {
  fromMs: number;
  toMs: number;
  /** one service, or several (an incident's service and the services it calls); all when absent */
  services?: string[];
  /** an environment name, or undefined for production only */
  environment?: string;
  /** most rows returned */
  limit: number;
}

const DEPLOY_REPORT_SPAN_MS = 86_400_000;

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

/**
 * A deployment's marker is its latest reported status at its finish, else its latest report.
 * Reports are read from a day before the window: one that finished in it may have started
 * reporting earlier, and the older rows of long-gone deployments need not be read.
 */
export function deployMarkersSql(f: MarkerFilters): SqlQuery {
  const params: Record<string, unknown> = { fromMs: f.fromMs, toMs: f.toMs, sinceMs: f.fromMs - DEPLOY_REPORT_SPAN_MS, limit: f.limit };
  const where = ['ReportedAt >= fromUnixTimestamp64Milli({sinceMs:Int64})'];
  if (f.services !== undefined) {
    params.services = f.services;
    where.push('Service IN {services:Array(String)}');
  }
  if (f.environment !== undefined) {
    params.environment = f.environment;
    where.push('Environment = {environment:String}');
  } else where.push('IsProduction');
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

/**
 * A deploy's line on charts and timelines.
 * @example deployLabel({ kind: 'rollback', commit: '', status: 'failure' }) // → 'rollback (failure)'
 */
export function deployLabel(d: Pick<DeployMarkerRow, 'kind' | 'commit' | 'status'>): string {
  const what = d.kind === 'rollback' ? 'rollback' : d.kind === 'hotfix' ? 'hotfix' : 'deploy';
  const commit = d.commit ? ` ${d.commit.slice(0, 7)}` : '';
  const outcome = d.status === 'success' ? '' : ` (${d.status.replace('_', ' ')})`;
  return `${what}${commit}${outcome}`;
}

export function incidentMarkersSql(f: MarkerFilters): SqlQuery {
  const params: Record<string, unknown> = {};
  const where: string[] = ['1'];
  if (f.services !== undefined) {
    params.services = f.services;
    where[0] = 'Service IN {services:Array(String)}';
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
