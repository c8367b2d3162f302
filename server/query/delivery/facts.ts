/**
 * Where a DORA query reads its facts (`dfact`, `cfact`, `ifact`: derive/index.ts) from: the
 * tables the rollup keeps (migration 0009, server/delivery), per target: '' for production,
 * else one environment by name. The metric and list builders beside this file aggregate them.
 */
import { inRangeMs, scopeCondition, where, type DeliveryQuery } from './scope.js';

const FACT_COLUMNS = {
  dfact: `Service, DeploymentId, Status AS status, Environment AS environment, Finish AS finish, CommitSha AS commit, Kind AS kind,
    RollbackOf AS rollbackOf, RolledBackBy AS rolledBackBy, ResolvedIncident AS resolvedIncident`,
  cfact: `Service, Sha AS sha, First AS first, DeploymentId AS deploymentId, ViaMerge AS viaMerge, CommittedAt AS committed,
    Sample AS sample, Minutes AS minutes`,
  ifact: `Service, IncidentId, Opened AS opened, Resolved AS resolved, DeploymentId AS deploymentId,
    DeploymentService AS deploymentService, DeploymentFinish AS deploymentFinish, Method AS method`,
};

const FACT_TABLES = { dfact: ['delivery_deployment_facts', 'Finish'], cfact: ['delivery_commit_facts', 'First'], ifact: ['delivery_incident_facts', ''] } as const;

/** The target a query's facts are kept under: '' (production) or the environment it names. */
export const factsTarget = (q: Pick<DeliveryQuery, 'environment'>) => q.environment ?? '';

/**
 * One stored fact of target `{target:String}` as a CTE. With `q`, only its scope's
 * deployments or commits in its range (their sort keys lead with Target, Service and the
 * time); incidents are never narrowed.
 */
export function storedFact(name: keyof typeof FACT_TABLES, q?: Pick<DeliveryQuery, 'services'>): string {
  const [table, time] = FACT_TABLES[name];
  const narrowed = q === undefined || time === '' ? [] : [...scopeCondition(q), inRangeMs(time)];
  return `${name} AS (
  SELECT ${FACT_COLUMNS[name]}
  FROM ${table} FINAL ${where(['Target = {target:String}', ...narrowed])}
)`;
}

/** `WITH` and the stored facts of `q`'s target, scope and range. */
export const factsWith = (q: DeliveryQuery) => `WITH ${(['dfact', 'cfact', 'ifact'] as const).map((f) => storedFact(f, q)).join(',\n')}`;
