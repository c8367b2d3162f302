/**
 * Where a DORA query reads its facts (`dfact`, `cfact`, `ifact`: derive/index.ts) from: for
 * production, the tables the rollup keeps (migration 0009, server/delivery), only the scope's
 * rows in the range; for another environment, derived from the event logs at request time.
 * The metric and list builders beside this file aggregate either the same way.
 */
import { derivedFactsCtes } from './derive/index.js';
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

/**
 * One stored fact as a CTE. With `q`, only its scope's deployments or commits in its range
 * (their sort keys lead with Service and the time); incidents are never narrowed.
 */
export function storedFact(name: keyof typeof FACT_TABLES, q?: Pick<DeliveryQuery, 'services'>): string {
  const [table, time] = FACT_TABLES[name];
  const narrowed = q === undefined || time === '' ? '' : ` ${where([...scopeCondition(q), inRangeMs(time)])}`;
  return `${name} AS (
  SELECT ${FACT_COLUMNS[name]}
  FROM ${table} FINAL${narrowed}
)`;
}

export const storedFactsCtes = (q?: Pick<DeliveryQuery, 'services'>) => (['dfact', 'cfact', 'ifact'] as const).map((f) => storedFact(f, q)).join(',\n');

/** True when the query reads the stored facts (the default target, production). */
export const readsStoredFacts = (q: Pick<DeliveryQuery, 'environment'>) => q.environment === undefined;

/** `WITH` and the facts of `q`: stored or derived. */
export const factsWith = (q: DeliveryQuery) => `WITH ${readsStoredFacts(q) ? storedFactsCtes(q) : derivedFactsCtes(q)}`;
