import type { SqlQuery } from '../sql.js';
import { factsWith } from './facts.js';
import { DEPLOYMENT_KINDS_UNPLANNED, deliveryParams, groupedSelect, inRangeMs, minutesBetween, scopeCondition, type DeliveryQuery } from './scope.js';

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

/** `kind IN ('hotfix', …)`: a deployment unplanned by its kind. */
export const unplannedKind = (column: string) => `${column} IN (${DEPLOYMENT_KINDS_UNPLANNED.map((k) => `'${k}'`).join(', ')})`;

/**
 * Deployment frequency, change failure rate and rework rate over the successful target
 * deployments finished in [from, to) (`dfact`), each deployment counted once:
 * - failed: caused ≥ 1 incident (any link method, `ifact`) or was rolled back;
 * - unplanned: Kind hotfix, rollback or fix_forward, or it resolved an incident.
 */
export function deploymentStatsSql(q: DeliveryQuery): SqlQuery {
  const from = `FROM (
  SELECT Service, finish, rolledBackBy != '' AS isRolledBack,
    DeploymentId IN (SELECT deploymentId FROM ifact WHERE deploymentId != '') AS isCause,
    ${unplannedKind('kind')} OR resolvedIncident != '' AS isUnplanned
  FROM dfact
  WHERE status = 'success' AND ${inRangeMs('finish')}
)`;
  const sql = `${factsWith(q)}
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
 * of the scope finished in [from, to), that deployment's finish → the incident's resolution,
 * in minutes; bucketed by the deployment's finish. Unresolved incidents are counted, not sampled.
 */
export function recoverySql(q: DeliveryQuery): SqlQuery {
  const from = `FROM (
  SELECT deploymentService AS Service, deploymentFinish AS finish, method,
    if(resolved IS NULL, NULL, ${minutesBetween('deploymentFinish', 'assumeNotNull(resolved)')}) AS minutes
  FROM ifact
  WHERE ${['deploymentId != \'\'', ...scopeCondition(q, 'deploymentService'), inRangeMs('deploymentFinish')].join(' AND ')}
)`;
  const sql = `${factsWith(q)}
${groupedSelect(q, 'finish', [
  'quantilesExactInclusiveIf(0.5, 0.9)(assumeNotNull(minutes), minutes IS NOT NULL) AS quantiles',
  'countIf(minutes IS NOT NULL) AS samples',
  'countIf(minutes IS NULL) AS unresolved',
  `countIf(method = 'explicit') AS explicitLinks`,
  `countIf(method = 'heuristic') AS heuristicLinks`,
], from)}`;
  return { sql, params: deliveryParams(q) };
}
