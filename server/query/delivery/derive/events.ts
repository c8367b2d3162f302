/**
 * The current state of each deployment and incident, from the event logs (migration 0008:
 * one row per reported status or transition, FINAL collapses redeliveries). The first CTEs
 * of every derivation; they read a service's whole retained history.
 */
import { millis as ms, scopeCondition, where, type DeriveScope } from '../scope.js';

/** `production` (any production environment) or the one environment named. */
export const targetCondition = (q: DeriveScope, alias = '') =>
  q.environment === undefined ? `${alias}production` : `${alias}environment = {environment:String}`;

/**
 * `dep`: each deployment's latest reported status (a tie on ReportedAt goes to a final
 * status), with the columns of that row. A FinishedAt the source did not give is the time it
 * reported the status. `succ`: the successful deployments to the target environment.
 */
export const deploymentsCte = (q: DeriveScope) => `dep AS (
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
  ${where(scopeCondition(q))}
  GROUP BY Service, DeploymentId
),
succ AS (
  SELECT * FROM dep WHERE status = 'success' AND ${targetCondition(q)}
)`;

/**
 * `inc`: every incident (of any service: an explicit cause may name a deployment of the
 * scope) from its transitions: opened (the CreatedAt a source gave, else its first
 * transition), resolved (the last resolve, unless a reopen came after it: then NULL), and the
 * cause the source named.
 */
export const incidentsCte = `inc AS (
  SELECT Service, IncidentId,
    if(countIf(${ms('CreatedAt')} > 0) > 0, minIf(CreatedAt, ${ms('CreatedAt')} > 0), min(At)) AS opened,
    maxIf(At, Status = 'resolved') AS lastResolved,
    if(${ms('lastResolved')} > 0 AND lastResolved >= maxIf(At, Status = 'reopened'), lastResolved, NULL) AS resolved,
    anyIf(CauseDeploymentId, CauseDeploymentId != '') AS causeDeployment,
    anyIf(CauseCommitSha, CauseCommitSha != '') AS causeCommit
  FROM incidents FINAL
  GROUP BY Service, IncidentId
)`;
