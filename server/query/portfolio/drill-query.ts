/**
 * The rows behind a DORA number (the Portfolio lens's drill-down): the deployments, the
 * commits with their lead time, the incidents with their recovery time. Each reads the facts
 * the metrics aggregate (server/query/delivery/facts.ts), so a list holds exactly what a
 * figure counted; nothing here restates a rule.
 */
import { factsWith } from '../delivery/facts.js';
import { deliveryParams, inRangeMs, millis, minutesBetween, scopeCondition, type DeliveryQuery } from '../delivery/scope.js';
import { unplannedKind } from '../delivery/stability-query.js';
import type { SqlQuery } from '../sql.js';

/** Which deployments a list holds: every target deployment, or those behind CFR or rework. */
export type DeploymentFilter = 'all' | 'failed' | 'unplanned';

export interface DrillQuery extends DeliveryQuery {
  /** at most this many rows (newest first); `total` still counts them all */
  limit: number;
}

const params = (q: DrillQuery) => ({ ...deliveryParams(q), limit: q.limit });

export interface DeploymentListRow {
  service: string;
  id: string;
  status: string;
  environment: string;
  /** epoch ms */
  finishedAt: number | string;
  commit: string;
  kind: string;
  rollbackOf: string;
  /** a successful target deployment: what deployment frequency counts */
  counted: number | boolean;
  /** the rollback that rolled it back, '' when none */
  rolledBackBy: string;
  /** [incident id, link method] of the incidents it caused */
  incidents: Array<[string, string]>;
  /** the incident its finish resolved, '' when none */
  resolvedIncident: string;
  failed: number | boolean;
  unplanned: number | boolean;
  total: number | string;
}

/**
 * Target-environment deployments (any status) finished in [from, to), newest first, with why
 * each counts as failed (rolled back, incidents and their link method) or unplanned (its kind,
 * or the incident it resolved). Only successful ones are `counted`, `failed` or `unplanned`.
 */
export function deploymentListSql(q: DrillQuery, filter: DeploymentFilter): SqlQuery {
  const where = filter === 'failed' ? 'WHERE failed' : filter === 'unplanned' ? 'WHERE unplanned' : '';
  const sql = `${factsWith(q)},
caused AS (SELECT deploymentId, arraySort(groupArray((IncidentId, method))) AS incidents FROM ifact WHERE deploymentId != '' GROUP BY deploymentId),
listed AS (
  SELECT d.Service AS service, d.DeploymentId AS id, d.status AS status, d.environment AS environment, ${millis('d.finish')} AS finishedAt,
    d.commit AS commit, d.kind AS kind, d.rollbackOf AS rollbackOf, d.status = 'success' AS counted,
    d.rolledBackBy AS rolledBackBy,
    if(counted, c.incidents, []) AS incidents,
    d.resolvedIncident AS resolvedIncident,
    counted AND (rolledBackBy != '' OR notEmpty(incidents)) AS failed,
    counted AND (${unplannedKind('d.kind')} OR resolvedIncident != '') AS unplanned
  FROM dfact AS d
  LEFT JOIN caused AS c ON c.deploymentId = d.DeploymentId
  WHERE ${inRangeMs('d.finish')}
)
SELECT *, count() OVER () AS total FROM listed
${where}
ORDER BY finishedAt DESC, id
LIMIT {limit:UInt32}`;
  return { sql, params: params(q) };
}

export interface ChangeListRow {
  service: string;
  sha: string;
  committedAt: number | string;
  deployedAt: number | string;
  deploymentId: string;
  /** the squash/rebase merge commit it was deployed through, '' when deployed itself */
  viaMerge: string;
  minutes: number;
  total: number | string;
}

/** The lead-time samples: commits first deployed in [from, to), newest deployment first. */
export function changeListSql(q: DrillQuery): SqlQuery {
  const sql = `${factsWith(q)}
SELECT Service AS service, sha, ${millis('committed')} AS committedAt, ${millis('first')} AS deployedAt, deploymentId, viaMerge, minutes,
  count() OVER () AS total
FROM cfact
WHERE sample AND ${inRangeMs('first')}
ORDER BY deployedAt DESC, committedAt DESC, sha
LIMIT {limit:UInt32}`;
  return { sql, params: params(q) };
}

export interface IncidentListRow {
  service: string;
  id: string;
  title: string;
  severity: string;
  openedAt: number | string;
  /** epoch ms, null while unresolved */
  resolvedAt: number | string | null;
  /** the deployment it is linked to, '' when none */
  deploymentId: string;
  method: string;
  deployedAt: number | string | null;
  /** the linked deployment's finish → resolved: a recovery sample when `counted` */
  recoveryMinutes: number | null;
  /** linked to a target deployment finished in the range: what recovery time measures */
  counted: number | boolean;
  total: number | string;
}

/**
 * The incidents linked to target deployments finished in [from, to) (recovery's samples) and
 * the incidents opened in the range (linked elsewhere or not at all), newest first.
 */
export function incidentListSql(q: DrillQuery): SqlQuery {
  const counted = [`deploymentId != ''`, ...scopeCondition(q, 'deploymentService'), inRangeMs('deploymentFinish')].join(' AND ');
  const opened = [...scopeCondition(q), inRangeMs('opened')].join(' AND ');
  const sql = `${factsWith(q)},
listed AS (
  SELECT Service AS service, IncidentId AS id, ${millis('opened')} AS openedAt,
    if(resolved IS NULL, NULL, ${millis('assumeNotNull(resolved)')}) AS resolvedAt,
    deploymentId, method,
    if(deploymentId = '', NULL, ${millis('deploymentFinish')}) AS deployedAt,
    ${counted} AS counted,
    if(deploymentId = '' OR resolved IS NULL, NULL, ${minutesBetween('deploymentFinish', 'assumeNotNull(resolved)')}) AS recoveryMinutes
  FROM ifact
  WHERE (${counted}) OR (${opened})
),
page AS (SELECT *, count() OVER () AS total FROM listed ORDER BY openedAt DESC, id LIMIT {limit:UInt32}),
about AS (
  SELECT IncidentId, argMax(Title, At) AS title, argMax(Severity, At) AS severity FROM incidents FINAL
  WHERE IncidentId IN (SELECT id FROM page) GROUP BY IncidentId
)
SELECT p.*, a.title AS title, a.severity AS severity
FROM page AS p LEFT JOIN about AS a ON a.IncidentId = p.id
ORDER BY openedAt DESC, id`;
  return { sql, params: params(q) };
}
