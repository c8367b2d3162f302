import { deploymentsCte, incidentsCte, millis, scopeCondition, windowDeploymentsCte, type DeliveryQuery } from './scope.js';

/**
 * The CTEs that link each incident to the deployment that caused it (docs/dora.md, "Incident
 * → deployment link"), after `dep`, `succ`, `inc`:
 * - explicit: the deployment the source named (CauseDeploymentId), else the first successful
 *   target deployment containing the named commit (CauseCommitSha: in its CommitSha or
 *   CommitShas, or by the same window rule as lead time);
 * - heuristic, when there is no explicit link: the latest successful target deployment of the
 *   same service finished at most `linkWindowMs` before the incident opened. Never another
 *   service's: the ASOF join is keyed by Service.
 * `link` has one row per linked incident with its `method`.
 */
export const incidentLinkCtes = (q: DeliveryQuery) => `${windowDeploymentsCte(q)},
causeCommitDep AS (
  SELECT sha, argMin(deploymentId, finish) AS deploymentId
  FROM (
    SELECT arrayJoin(arrayConcat([commit], commits)) AS sha, DeploymentId AS deploymentId, finish FROM succ
    UNION ALL
    SELECT c.CommitSha AS sha, w.deploymentId AS deploymentId, w.finish AS finish
    FROM (
      SELECT Service, CommitSha, Branch, CommittedAt FROM changes FINAL
      WHERE ${[...scopeCondition(q), `CommitSha IN (SELECT causeCommit FROM inc WHERE causeCommit != '')`].join(' AND ')}
    ) AS c
    ASOF INNER JOIN windowDep AS w ON c.Service = w.Service AND c.Branch = w.branch AND c.CommittedAt <= w.commitTime
  )
  WHERE sha IN (SELECT causeCommit FROM inc WHERE causeCommit != '')
  GROUP BY sha
),
explicitLink AS (
  SELECT i.IncidentId AS IncidentId, if(i.causeDeployment != '', i.causeDeployment, cd.deploymentId) AS deploymentId
  FROM inc AS i LEFT JOIN causeCommitDep AS cd ON cd.sha = i.causeCommit
  WHERE i.causeDeployment IN (SELECT DeploymentId FROM succ) OR (i.causeDeployment = '' AND cd.deploymentId != '')
),
heuristicLink AS (
  SELECT i.IncidentId AS IncidentId, d.DeploymentId AS deploymentId
  FROM (SELECT * FROM inc WHERE IncidentId NOT IN (SELECT IncidentId FROM explicitLink)) AS i
  ASOF INNER JOIN (SELECT Service, DeploymentId, finish FROM succ) AS d ON i.Service = d.Service AND i.opened >= d.finish
  WHERE ${millis('i.opened')} - ${millis('d.finish')} <= {linkWindowMs:Int64}
),
link AS (
  SELECT l.IncidentId AS IncidentId, l.deploymentId AS deploymentId, l.method AS method, i.opened AS opened, i.resolved AS resolved
  FROM (
    SELECT IncidentId, deploymentId, 'explicit' AS method FROM explicitLink
    UNION ALL
    SELECT IncidentId, deploymentId, 'heuristic' AS method FROM heuristicLink
  ) AS l
  INNER JOIN inc AS i ON i.IncidentId = l.IncidentId
)`;

export const deliveryCtes = (q: DeliveryQuery) => `WITH ${deploymentsCte(q)},
${incidentsCte(q)},
${incidentLinkCtes(q)}`;
