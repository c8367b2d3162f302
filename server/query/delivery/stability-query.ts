import type { SqlQuery } from '../sql.js';
import { deliveryCtes } from './links.js';
import { DEPLOYMENT_KINDS_UNPLANNED, deliveryParams, groupedSelect, inRangeMs, minutesBetween, type DeliveryQuery } from './scope.js';

export interface DeploymentStatsRow {
  isTotal: boolean | number;
  /** bucket start, epoch ms (0 on the totals row) */
  bucket: number;
  deployments: number;
  deploymentDays: number;
  failedDeployments: number;
  rolledBack: number;
  causedIncident: number;
  unplannedDeployments: number;
}

/**
 * Deployment frequency, change failure rate and rework rate over the successful target
 * deployments finished in [from, to), each deployment counted once:
 * - failed: caused ≥ 1 incident (any link method) or was rolled back, i.e. a successful
 *   rollback of its service names it or its commit in RollbackOf; a rollback whose RollbackOf
 *   is empty or its own commit (the commit it returns to, as CDEvents says) rolls back the
 *   deployment before it;
 * - unplanned: Kind hotfix, rollback or fix_forward, or the first successful target
 *   deployment of an incident's service after it opened and no later than it was resolved.
 */
/**
 * After deliveryCtes: `rolledBack` (Service, victim: a deployment id or commit, rollbackId)
 * and `resolving` (deploymentId, incidentId: the deployment that resolved an incident).
 */
export const stabilityCtes = `ordered AS (
  SELECT Service, DeploymentId, commit, kind, rollbackOf,
    lagInFrame(DeploymentId) OVER (PARTITION BY Service ORDER BY finish ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS previous
  FROM succ
),
rolledBack AS (
  SELECT Service, if(rollbackOf = '' OR rollbackOf = commit, previous, rollbackOf) AS victim, DeploymentId AS rollbackId
  FROM ordered WHERE kind = 'rollback' AND victim != ''
),
resolving AS (
  SELECT d.DeploymentId AS deploymentId, i.IncidentId AS incidentId
  FROM (SELECT Service, IncidentId, opened, resolved FROM inc WHERE resolved IS NOT NULL) AS i
  ASOF INNER JOIN (SELECT Service, DeploymentId, finish FROM succ) AS d ON i.Service = d.Service AND i.opened < d.finish
  WHERE d.finish <= assumeNotNull(i.resolved)
)`;

export function deploymentStatsSql(q: DeliveryQuery): SqlQuery {
  const kinds = DEPLOYMENT_KINDS_UNPLANNED.map((k) => `'${k}'`).join(', ');
  const from = `FROM (
  SELECT d.Service AS Service, d.finish AS finish,
    (d.Service, d.DeploymentId) IN (SELECT Service, victim FROM rolledBack) OR (d.Service, d.commit) IN (SELECT Service, victim FROM rolledBack) AS isRolledBack,
    d.DeploymentId IN (SELECT deploymentId FROM link) AS isCause,
    d.kind IN (${kinds}) OR d.DeploymentId IN (SELECT deploymentId FROM resolving) AS isUnplanned
  FROM succ AS d
  WHERE ${inRangeMs('d.finish')}
)`;
  const sql = `${deliveryCtes(q)},
${stabilityCtes}
${groupedSelect(q, 'finish', [
  'count() AS deployments',
  `uniqExact(toDate(finish, 'UTC')) AS deploymentDays`,
  'countIf(isRolledBack OR isCause) AS failedDeployments',
  'countIf(isRolledBack) AS rolledBack',
  'countIf(isCause) AS causedIncident',
  'countIf(isUnplanned) AS unplannedDeployments',
], from)}`;
  return { sql, params: deliveryParams(q) };
}

export interface RecoveryRow {
  isTotal: boolean | number;
  bucket: number;
  /** [median, p90] minutes; NaN or empty when no samples */
  quantiles: Array<number | null>;
  samples: number;
  /** linked incidents of deployments in the range not resolved yet (no sample) */
  unresolved: number;
  explicitLinks: number;
  heuristicLinks: number;
}

/**
 * Failed deployment recovery time: for each incident linked to a successful target deployment
 * finished in [from, to), that deployment's finish → the incident's resolution, in minutes;
 * bucketed by the deployment's finish. Unresolved incidents are counted, not sampled.
 */
export function recoverySql(q: DeliveryQuery): SqlQuery {
  const from = `FROM (
  SELECT d.Service AS Service, d.finish AS finish, l.resolved AS resolved, l.method AS method,
    if(l.resolved IS NULL, NULL, ${minutesBetween('d.finish', 'assumeNotNull(l.resolved)')}) AS minutes
  FROM link AS l INNER JOIN succ AS d ON d.DeploymentId = l.deploymentId
  WHERE ${inRangeMs('d.finish')}
)`;
  const sql = `${deliveryCtes(q)}
${groupedSelect(q, 'finish', [
  'quantilesExactInclusiveIf(0.5, 0.9)(assumeNotNull(minutes), minutes IS NOT NULL) AS quantiles',
  'countIf(minutes IS NOT NULL) AS samples',
  'countIf(minutes IS NULL) AS unresolved',
  `countIf(method = 'explicit') AS explicitLinks`,
  `countIf(method = 'heuristic') AS heuristicLinks`,
], from)}`;
  return { sql, params: deliveryParams(q) };
}
