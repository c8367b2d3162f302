/**
 * The statements of a facts rollup (migration 0009): derive a batch of services' facts from
 * their events (server/query/delivery/derive) into the fact tables under a new version, then
 * mark deleted what that version did not write again.
 */
import { incidentFactsCtes, incidentsCte, serviceFactsCtes } from '../query/delivery/derive/index.js';
import { storedFact } from '../query/delivery/facts.js';
import type { SqlQuery } from '../query/sql.js';

export const FACT_TABLES = ['delivery_deployment_facts', 'delivery_commit_facts', 'delivery_incident_facts'] as const;
type FactTable = (typeof FACT_TABLES)[number];

/** Each table's columns, and the derived CTE and its columns that fill them. */
const COLUMNS: Record<FactTable, { columns: string; from: string; derived: string }> = {
  delivery_deployment_facts: {
    columns: 'Service, DeploymentId, Status, Environment, Finish, CommitSha, Kind, RollbackOf, RolledBackBy, ResolvedIncident',
    from: 'dfact',
    derived: 'Service, DeploymentId, status, environment, finish, commit, kind, rollbackOf, rolledBackBy, resolvedIncident',
  },
  delivery_commit_facts: {
    columns: 'Service, Sha, First, DeploymentId, ViaMerge, CommittedAt, Sample, Minutes',
    from: 'cfact',
    derived: 'Service, sha, first, deploymentId, viaMerge, committed, sample, minutes',
  },
  delivery_incident_facts: {
    columns: 'Service, IncidentId, Opened, Resolved, DeploymentId, DeploymentService, DeploymentFinish, Method',
    from: 'ifact',
    derived: 'Service, IncidentId, opened, resolved, deploymentId, deploymentService, deploymentFinish, method',
  },
};

const insertInto = (table: FactTable) => `INSERT INTO ${table} (Target, ${COLUMNS[table].columns}, Version, Deleted)`;
const selectDerived = (table: FactTable) => `SELECT {target:String}, ${COLUMNS[table].derived}, {version:UInt64}, 0 FROM ${COLUMNS[table].from}`;

/** '' (every production environment) or one environment, and the parameters that say so. */
const targetParams = (target: string) => ({ target, ...(target === '' ? {} : { environment: target }) });
const environmentOf = (target: string) => (target === '' ? undefined : target);

/** The deployment or commit facts of `services` for `target`, derived from their whole history. */
export function deriveServiceFactsSql(table: 'delivery_deployment_facts' | 'delivery_commit_facts', target: string, services: string[], version: number): SqlQuery {
  return {
    sql: `${insertInto(table)}
WITH ${serviceFactsCtes({ services, environment: environmentOf(target) })}
${selectDerived(table)}`,
    params: { services, version, ...targetParams(target) },
  };
}

/** Every incident's facts for `target`, linked over its stored deployment and commit facts of every service. */
export function deriveIncidentFactsSql(target: string, version: number, linkWindowMs: number): SqlQuery {
  return {
    sql: `${insertInto('delivery_incident_facts')}
WITH ${storedFact('dfact')},
${storedFact('cfact')},
${incidentsCte},
${incidentFactsCtes}
${selectDerived('delivery_incident_facts')}`,
    params: { version, linkWindowMs, ...targetParams(target) },
  };
}

/** A Deleted row at `version` for every key of `target` (and `services`, if given) an older version wrote last. */
export function deleteStaleSql(table: FactTable, target: string, version: number, services?: string[]): SqlQuery {
  const scope = services === undefined ? '' : ' AND Service IN {services:Array(String)}';
  return {
    sql: `${insertInto(table)}
SELECT Target, ${COLUMNS[table].columns}, {version:UInt64}, 1 FROM ${table} FINAL WHERE Target = {target:String} AND Version < {version:UInt64}${scope}`,
    params: { version, target, ...(services === undefined ? {} : { services }) },
  };
}

/** 1 when some deployment went to `environment`: only then are its facts worth deriving. */
export const environmentSeenSql = (environment: string): SqlQuery => ({
  sql: 'SELECT count() AS n FROM (SELECT 1 FROM deployments WHERE Environment = {environment:String} LIMIT 1)',
  params: { environment },
});

/** The services whose events arrived after `afterMs`, with the newest arrival, and the engine's now. */
export function arrivalsSql(afterMs: number): SqlQuery {
  const since = (table: string) => `SELECT Service, IngestedAt FROM ${table} WHERE IngestedAt > fromUnixTimestamp64Milli({afterMs:Int64})`;
  return {
    sql: `SELECT Service AS service, toUnixTimestamp64Milli(max(IngestedAt)) AS lastMs, toUnixTimestamp64Milli(now64(3)) AS nowMs
FROM (${['deployments', 'changes', 'incidents'].map(since).join('\n  UNION ALL ')})
GROUP BY Service
ORDER BY Service`,
    params: { afterMs },
  };
}

/** 1 when an event arrived after `afterMs`: reads the IngestedAt minmax indexes. */
export function anyArrivalSql(afterMs: number): SqlQuery {
  const since = (table: string) => `(SELECT 1 FROM ${table} WHERE IngestedAt > fromUnixTimestamp64Milli({afterMs:Int64}) LIMIT 1)`;
  return {
    sql: `SELECT count() AS n FROM (${['deployments', 'changes', 'incidents'].map(since).join(' UNION ALL ')})`,
    params: { afterMs },
  };
}

export const readStateSql = `SELECT toUnixTimestamp64Milli(argMax(Watermark, UpdatedAt)) AS watermarkMs, max(Version) AS version,
  argMax(Targets, UpdatedAt) AS targets, argMax(Rules, UpdatedAt) AS rules FROM delivery_facts_state`;

export const writeStateSql = (s: { watermarkMs: number; version: number; targets: string[]; rules: string }): SqlQuery => ({
  sql: `INSERT INTO delivery_facts_state (Watermark, Version, Targets, Rules)
SELECT fromUnixTimestamp64Milli({watermarkMs:Int64}), {version:UInt64}, {targets:Array(String)}, {rules:String}`,
  params: s,
});
