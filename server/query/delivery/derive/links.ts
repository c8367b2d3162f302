/**
 * `ifact`: every incident with the deployment that caused it (docs/dora.md, "Incident →
 * deployment link"), from `inc` (events.ts) and the deployment and commit facts, whether
 * derived beside it (derive/index.ts) or read from their tables (the rollup):
 * - explicit: the deployment the source named (CauseDeploymentId), else the first successful
 *   target deployment containing the named commit (CauseCommitSha, `cfact`);
 * - heuristic, when there is no explicit link: the latest successful target deployment of the
 *   same service finished at most `linkWindowMs` before the incident opened. Never another
 *   service's: the ASOF join is keyed by Service.
 */
import { millis } from '../scope.js';

export const incidentFactsCtes = `succeeded AS (
  SELECT Service, DeploymentId, finish FROM dfact WHERE status = 'success'
),
causeDeployment AS (
  SELECT Service, DeploymentId, finish FROM succeeded
  WHERE DeploymentId IN (SELECT causeDeployment FROM inc WHERE causeDeployment != '')
),
causeCommitDep AS (
  SELECT sha, argMin(deploymentId, first) AS deploymentId, argMin(Service, first) AS service, min(first) AS finish
  FROM cfact
  WHERE sha IN (SELECT causeCommit FROM inc WHERE causeCommit != '')
  GROUP BY sha
),
explicitLink AS (
  SELECT i.IncidentId AS IncidentId,
    if(d.DeploymentId != '', d.DeploymentId, c.deploymentId) AS deploymentId,
    if(d.DeploymentId != '', d.Service, c.service) AS deploymentService,
    if(d.DeploymentId != '', d.finish, c.finish) AS deploymentFinish
  FROM inc AS i
  LEFT JOIN causeDeployment AS d ON d.DeploymentId = i.causeDeployment
  LEFT JOIN causeCommitDep AS c ON c.sha = i.causeCommit
  WHERE d.DeploymentId != '' OR (i.causeDeployment = '' AND c.deploymentId != '')
),
heuristicLink AS (
  SELECT i.IncidentId AS IncidentId, d.DeploymentId AS deploymentId, d.Service AS deploymentService, d.finish AS deploymentFinish
  FROM (SELECT * FROM inc WHERE IncidentId NOT IN (SELECT IncidentId FROM explicitLink)) AS i
  ASOF INNER JOIN succeeded AS d ON i.Service = d.Service AND i.opened >= d.finish
  WHERE ${millis('i.opened')} - ${millis('d.finish')} <= {linkWindowMs:Int64}
),
link AS (
  SELECT *, 'explicit' AS method FROM explicitLink
  UNION ALL
  SELECT *, 'heuristic' AS method FROM heuristicLink
),
ifact AS (
  SELECT i.Service AS Service, i.IncidentId AS IncidentId, i.opened AS opened, i.resolved AS resolved,
    l.deploymentId AS deploymentId, l.deploymentService AS deploymentService, l.deploymentFinish AS deploymentFinish, l.method AS method
  FROM inc AS i
  LEFT JOIN link AS l ON l.IncidentId = i.IncidentId
)`;
