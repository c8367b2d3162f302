import { Hono } from 'hono';
import { z } from 'zod';
import type { DoraBreakdownResult, DoraBreakdownRow } from '../../../../shared/api.js';
import { listServices } from '../../../meta/services.js';
import { leadTimeSql } from '../../../query/delivery/lead-time-query.js';
import type { DeliveryQuery } from '../../../query/delivery/scope.js';
import { deploymentStatsSql, recoverySql } from '../../../query/delivery/stability-query.js';
import type { ApiDeps } from '../../app.js';
import { checkRange } from '../../time.js';
import { validate } from '../../validate.js';
import { doraBands, type BandsYear } from './bands.js';
import { quantile, rate } from './figures.js';
import { bandsYearField, doraScopeFields, notBoth, oneScope, resolveScope } from './params.js';

const DAY_MS = 86_400_000;

const breakdownQuery = z.object({ ...doraScopeFields, bandsYear: bandsYearField }).strict().refine(notBoth, oneScope);

/** A breakdown row of any of the three metric queries: isService and key, then its aggregates. */
interface Keyed {
  isService: boolean | number;
  key: string;
}
type Row = Keyed & Record<string, unknown>;

/**
 * GET /api/v1/dora/breakdown: the five metrics per service and per team, from the same three
 * queries as GET /api/v1/dora in their breakdown form (GROUPING SETS over service and team):
 * three queries whatever the number of services.
 */
export function breakdownRoutes({ store, meta, limits }: ApiDeps): Hono {
  const app = new Hono();
  app.get('/', validate('query', checkRange(breakdownQuery, limits.longRange)), async (c) => {
    const q = c.req.valid('query');
    const { scope, services, empty } = await resolveScope(meta, q);
    const catalog = (await listServices({ db: meta })).filter((s) => s.team);
    const dq: DeliveryQuery = {
      fromMs: q.from,
      toMs: q.to,
      services,
      environment: q.environment,
      breakdown: { services: catalog.map((s) => s.name), teams: catalog.map((s) => s.team!) },
    };
    const run = (sql: { sql: string; params: Record<string, unknown> }) => (empty ? Promise.resolve([]) : store.query<Row>(sql.sql, sql.params));
    const [deployRows, leadRows, recoveryRows] = await Promise.all([run(deploymentStatsSql(dq)), run(leadTimeSql(dq)), run(recoverySql(dq))]);

    const index = (rows: Row[]) => new Map(rows.map((r) => [`${Number(r.isService)}:${r.key}`, r]));
    const lead = index(leadRows);
    const recovery = index(recoveryRows);
    const teamOf = new Map(catalog.map((s) => [s.name, s.team!]));
    const days = (q.to - q.from) / DAY_MS;
    const year = q.bandsYear as BandsYear;

    const toRow = (d: Row): DoraBreakdownRow => {
      const id = `${Number(d.isService)}:${d.key}`;
      const deployments = Number(d.deployments);
      const l = lead.get(id) as (Row & { quantiles: Array<number | null> }) | undefined;
      const r = recovery.get(id) as (Row & { quantiles: Array<number | null> }) | undefined;
      const leadSamples = Number(l?.samples ?? 0);
      const recoverySamples = Number(r?.samples ?? 0);
      const figures = {
        perDay: deployments === 0 ? null : deployments / days,
        leadTimeMedian: quantile(l, 0, leadSamples),
        changeFailureRate: rate(Number(d.failedDeployments), deployments),
        recoveryMedian: quantile(r, 0, recoverySamples),
      };
      const bands = doraBands(year, figures);
      return {
        name: d.key,
        ...(Number(d.isService) ? { team: teamOf.get(d.key) ?? '' } : {}),
        deployments,
        deploymentDays: Number(d.deploymentDays),
        perDay: figures.perDay,
        leadTimeMedianMinutes: figures.leadTimeMedian,
        leadTimeSamples: leadSamples,
        changeFailureRate: figures.changeFailureRate,
        failedDeployments: Number(d.failedDeployments),
        recoveryMedianMinutes: figures.recoveryMedian,
        recoverySamples,
        reworkRate: rate(Number(d.unplannedDeployments), deployments),
        unplannedDeployments: Number(d.unplannedDeployments),
        levels: {
          deploymentFrequency: bands.deploymentFrequency.level,
          leadTimeMinutes: bands.leadTimeMinutes.level,
          changeFailureRate: bands.changeFailureRate.level,
          failedDeploymentRecoveryMinutes: bands.failedDeploymentRecoveryMinutes.level,
        },
      };
    };
    const serviceRows = deployRows.filter((r) => Number(r.isService)).map(toRow);
    const teamRows = deployRows
      .filter((r) => !Number(r.isService))
      .map((r) => ({ ...toRow(r), services: serviceRows.filter((s) => s.team === r.key).length }))
      // services without a team last, after the named teams
      .sort((a, b) => Number(a.name === '') - Number(b.name === '') || a.name.localeCompare(b.name));
    const result: DoraBreakdownResult = { scope, from: q.from, to: q.to, bandsYear: year, services: serviceRows, teams: teamRows };
    return c.json(result);
  });
  return app;
}
