/**
 * What every delivery (DORA) query shares: the scope, the target environment, the current
 * state of each deployment and incident (the tables are event logs, migration 0008), and
 * the bucket of a series. Fragments of SQL, composed by the builders beside this file.
 */

export type DeliveryBucket = 'day' | 'week' | 'month';

export interface DeliveryQuery {
  /** [fromMs, toMs): the deployments (and the lead times ending) in it are measured */
  fromMs: number;
  toMs: number;
  /** the services in scope; absent: the whole organisation */
  services?: string[];
  /** one environment by name; absent: every production environment (IsProduction) */
  environment?: string;
  bucket?: DeliveryBucket;
  /** how long before an incident opens a deployment of its service may be its heuristic cause */
  linkWindowMs: number;
  /**
   * how much history before `fromMs` is read: previous deployments (lead-time windows,
   * "first deployment containing a commit"), rollbacks' targets, incidents open at `fromMs`.
   * Default DELIVERY_LOOKBACK_MS.
   */
  lookbackMs?: number;
  /**
   * One row per service and one per team instead of the totals and series: each service's
   * team, `teams[i]` for `services[i]` (a service not listed is in team '').
   */
  breakdown?: { services: string[]; teams: string[] };
}

/** 90 days: commits older than this before `from` are not lead-time samples (docs/dora.md). */
export const DELIVERY_LOOKBACK_MS = 90 * 86_400_000;

export const DEPLOYMENT_KINDS_UNPLANNED = ['hotfix', 'rollback', 'fix_forward'] as const;

/** `Service IN {services}` when scoped; the table's Service column leads every sort key. */
export const scopeCondition = (q: DeliveryQuery, column = 'Service') => (q.services === undefined ? [] : [`${column} IN {services:Array(String)}`]);

export function deliveryParams(q: DeliveryQuery): Record<string, unknown> {
  return {
    fromMs: q.fromMs,
    toMs: q.toMs,
    sinceMs: q.fromMs - Math.max(q.lookbackMs ?? DELIVERY_LOOKBACK_MS, q.linkWindowMs),
    linkWindowMs: q.linkWindowMs,
    ...(q.services === undefined ? {} : { services: q.services }),
    ...(q.environment === undefined ? {} : { environment: q.environment }),
    ...(q.breakdown === undefined ? {} : { teamServices: q.breakdown.services, teamNames: q.breakdown.teams }),
  };
}

const ms = (column: string) => `toUnixTimestamp64Milli(${column})`;
export const millis = ms;
export const minutesBetween = (from: string, to: string) => `(${ms(to)} - ${ms(from)}) / 60000`;
export const inRangeMs = (column: string) => `${ms(column)} >= {fromMs:Int64} AND ${ms(column)} < {toMs:Int64}`;

/**
 * Each deployment's current state: its latest reported status (a tie on ReportedAt goes to a
 * final status), with the columns of that row. A FinishedAt the source did not give is the
 * time it reported the status. FINAL collapses redeliveries.
 */
export const deploymentsCte = (q: DeliveryQuery) => `dep AS (
  SELECT Service, DeploymentId,
    argMax(Status, (ReportedAt, Status IN ('success', 'failure', 'cancelled'))) AS status,
    argMax(if(${ms('FinishedAt')} > 0, FinishedAt, ReportedAt), (ReportedAt, Status IN ('success', 'failure', 'cancelled'))) AS finish,
    argMax(Environment, ReportedAt) AS environment,
    argMax(IsProduction, ReportedAt) AS production,
    argMax(CommitSha, ReportedAt) AS commit,
    argMax(CommitShas, ReportedAt) AS commits,
    argMax(Kind, ReportedAt) AS kind,
    argMax(RollbackOf, ReportedAt) AS rollbackOf
  FROM deployments FINAL
  WHERE ${[...scopeCondition(q), `${ms('ReportedAt')} >= {sinceMs:Int64}`].join(' AND ')}
  GROUP BY Service, DeploymentId
),
succ AS (
  SELECT * FROM dep WHERE status = 'success' AND ${q.environment === undefined ? 'production' : 'environment = {environment:String}'}
)`;

/**
 * Each incident from its transitions: opened (the CreatedAt a source gave, else its first
 * transition), resolved (the last resolve, unless a reopen came after it: then NULL), and
 * the cause the source named.
 */
export const incidentsCte = (q: DeliveryQuery) => `inc AS (
  SELECT Service, IncidentId,
    if(countIf(${ms('CreatedAt')} > 0) > 0, minIf(CreatedAt, ${ms('CreatedAt')} > 0), min(At)) AS opened,
    maxIf(At, Status = 'resolved') AS lastResolved,
    if(${ms('lastResolved')} > 0 AND lastResolved >= maxIf(At, Status = 'reopened'), lastResolved, NULL) AS resolved,
    anyIf(CauseDeploymentId, CauseDeploymentId != '') AS causeDeployment,
    anyIf(CauseCommitSha, CauseCommitSha != '') AS causeCommit
  FROM incidents FINAL
  WHERE ${[...scopeCondition(q), `${ms('At')} >= {sinceMs:Int64}`].join(' AND ')}
  GROUP BY Service, IncidentId
)`;

/**
 * The successful target deployments that contain commits by window (no commit list of their
 * own, not rollbacks), keyed by the branch and time of the commit they deployed: an ASOF
 * join of a commit on (Service, Branch, CommittedAt <= commitTime) finds the first of them
 * that deployed a commit at least as new on the same branch.
 */
export const windowDeploymentsCte = (q: DeliveryQuery) => `deployedCommit AS (
  SELECT Service, CommitSha, min(CommittedAt) AS t, argMin(Branch, PrNumber) AS branch
  FROM changes FINAL
  WHERE ${[...scopeCondition(q), `CommitSha IN (SELECT commit FROM succ)`].join(' AND ')}
  GROUP BY Service, CommitSha
  HAVING ${ms('t')} > 0
),
windowDep AS (
  SELECT s.Service AS Service, c.branch AS branch, c.t AS commitTime, min(s.finish) AS finish, argMin(s.DeploymentId, s.finish) AS deploymentId
  FROM succ AS s INNER JOIN deployedCommit AS c ON c.Service = s.Service AND c.CommitSha = s.commit
  WHERE empty(s.commits) AND s.kind != 'rollback'
  GROUP BY s.Service, c.branch, c.t
)`;

/** Epoch ms of the UTC day, Monday-started week or month holding `column`. */
export function bucketSql(bucket: DeliveryBucket, column: string): string {
  const utc = `toDateTime(${column}, 'UTC')`;
  const start = bucket === 'day' ? `toStartOfDay(${utc})` : `toDateTime(${bucket === 'week' ? 'toMonday' : 'toStartOfMonth'}(${utc}), 'UTC')`;
  return `toUnixTimestamp(${start}) * 1000`;
}

/**
 * `SELECT <bucket>, aggregates … GROUP BY GROUPING SETS ((bucket), ())`: the totals row
 * (isTotal 1) and one row per bucket from one scan, since quantiles cannot be summed later.
 */
export function groupedSelect(q: DeliveryQuery, column: string, aggregates: string[], from: string): string {
  if (q.breakdown !== undefined) return breakdownSelect(aggregates, from);
  if (q.bucket === undefined) return `SELECT 1 AS isTotal, 0 AS bucket,\n  ${aggregates.join(',\n  ')}\n${from}`;
  return `SELECT grouping(bucket) = 1 AS isTotal, ${bucketSql(q.bucket, column)} AS bucket,\n  ${aggregates.join(',\n  ')}\n${from}\nGROUP BY GROUPING SETS ((bucket), ())\nORDER BY isTotal DESC, bucket`;
}

/**
 * The breakdown form of groupedSelect: `from` must expose `Service`. One row per service
 * (isService 1, key = the service) and one per team (isService 0, key = the team, '' for
 * services without one), from one scan: a team's median is not a mix of its services' medians.
 */
function breakdownSelect(aggregates: string[], from: string): string {
  return `SELECT grouping(Service) = 0 AS isService, if(isService, Service, team) AS key,
  ${aggregates.join(',\n  ')}
FROM (SELECT *, transform(Service, {teamServices:Array(String)}, {teamNames:Array(String)}, '') AS team
${from})
GROUP BY GROUPING SETS ((Service), (team))
ORDER BY isService, key`;
}
