/**
 * `dfact`: every deployment to the target environment (any status) with what its service's
 * history says about it: the rollback that undid it and the incident it resolved. After
 * `dep`, `succ` and `inc` (events.ts). Rules: docs/dora.md, "Change failure rate" and
 * "Rework rate".
 */
import { targetCondition } from './events.js';
import type { DeriveScope } from '../scope.js';

/**
 * - `rolledBack` (Service, victim: a deployment id or commit, rollbackId): a successful
 *   rollback names the deployment or its commit in RollbackOf; one whose RollbackOf is empty
 *   or its own commit (the commit it returns to, as CDEvents says) rolls back the deployment
 *   before it;
 * - `resolving` (deploymentId, incidentId): the first successful target deployment of an
 *   incident's service after it opened and no later than it was resolved;
 * - `dfact` (Service, DeploymentId, status, environment, finish, commit, kind, rollbackOf,
 *   rolledBackBy, resolvedIncident): the last two '' when none, and for unsuccessful ones.
 */
export const deploymentFactsCtes = (q: DeriveScope) => `ordered AS (
  SELECT Service, DeploymentId, commit, kind, rollbackOf,
    lagInFrame(DeploymentId) OVER (PARTITION BY Service ORDER BY finish ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS previous
  FROM succ
),
rolledBack AS (
  SELECT Service, if(rollbackOf = '' OR rollbackOf = commit, previous, rollbackOf) AS victim, min(DeploymentId) AS rollbackId
  FROM ordered WHERE kind = 'rollback' AND victim != ''
  GROUP BY Service, victim
),
resolving AS (
  SELECT d.DeploymentId AS deploymentId, min(i.IncidentId) AS incidentId
  FROM (SELECT Service, IncidentId, opened, resolved FROM inc WHERE resolved IS NOT NULL) AS i
  ASOF INNER JOIN (SELECT Service, DeploymentId, finish FROM succ) AS d ON i.Service = d.Service AND i.opened < d.finish
  WHERE d.finish <= assumeNotNull(i.resolved)
  GROUP BY d.DeploymentId
),
dfact AS (
  SELECT d.Service AS Service, d.DeploymentId AS DeploymentId, d.status AS status, d.environment AS environment, d.finish AS finish,
    d.commit AS commit, d.kind AS kind, d.rollbackOf AS rollbackOf,
    if(d.status != 'success', '', if(r1.rollbackId != '', r1.rollbackId, r2.rollbackId)) AS rolledBackBy,
    if(d.status != 'success', '', rs.incidentId) AS resolvedIncident
  FROM dep AS d
  LEFT JOIN rolledBack AS r1 ON r1.Service = d.Service AND r1.victim = d.DeploymentId
  LEFT JOIN rolledBack AS r2 ON r2.Service = d.Service AND r2.victim = d.commit
  LEFT JOIN resolving AS rs ON rs.deploymentId = d.DeploymentId
  WHERE ${targetCondition(q, 'd.')}
)`;
