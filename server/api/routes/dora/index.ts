import { Hono } from 'hono';
import { z } from 'zod';
import type { DoraResult, DoraSeriesPoint } from '../../../../shared/api.js';
import { defaultDoraConfig } from '../../../query/delivery/config.js';
import { leadTimeSql, type LeadTimeRow } from '../../../query/delivery/lead-time-query.js';
import type { DeliveryBucket, DeliveryQuery } from '../../../query/delivery/scope.js';
import { deploymentStatsSql, recoverySql, type DeploymentStatsRow, type RecoveryRow } from '../../../query/delivery/stability-query.js';
import type { ApiDeps } from '../../app.js';
import { checkRange } from '../../time.js';
import { validate } from '../../validate.js';
import { doraBands, type BandsYear } from './bands.js';
import { bandsYearField, doraScopeFields, notBoth, oneScope, resolveScope } from './params.js';
import { breakdownRoutes } from './breakdown.js';
import { bucketStarts } from './buckets.js';
import { drillRoutes } from './drill.js';
import { quantile, rate } from './figures.js';
import { doraTargets } from './targets.js';

const DAY_MS = 86_400_000;

const doraQuery = z
  .object({ ...doraScopeFields, bucket: z.enum(['day', 'week', 'month']).optional(), bandsYear: bandsYearField })
  .strict()
  .refine(notBoth, oneScope);

const total = <T extends { isTotal: boolean | number }>(rows: T[]) => rows.find((r) => Boolean(r.isTotal));
const byBucket = <T extends { isTotal: boolean | number; bucket: number }>(rows: T[]) => new Map(rows.filter((r) => !r.isTotal).map((r) => [Number(r.bucket), r]));

export function doraRoutes(deps: ApiDeps): Hono {
  const { store, meta, limits, dora = defaultDoraConfig(), deliveryFacts } = deps;
  const app = new Hono();
  const query = checkRange(doraQuery, limits.longRange);
  // every figure and list below reads the facts: bring them up to the events stored so far
  app.use(async (c, next) => {
    await deliveryFacts.fresh(c.req.query('environment') ?? '');
    await next();
  });
  app.route('/breakdown', breakdownRoutes(deps));
  app.route('/', drillRoutes(deps));

  app.get('/', validate('query', query), async (c) => {
    const q = c.req.valid('query');
    const environment = q.environment;
    const { scope, services, empty } = await resolveScope(meta, q);
    const dq: DeliveryQuery = { fromMs: q.from, toMs: q.to, services, environment, bucket: q.bucket as DeliveryBucket | undefined };

    const noServices = empty !== undefined;
    const run = async <T>(sql: { sql: string; params: Record<string, unknown> }) => (noServices ? [] : store.query<T>(sql.sql, sql.params));
    const [deployRows, leadRows, recoveryRows] = await Promise.all([
      run<DeploymentStatsRow>(deploymentStatsSql(dq)),
      run<LeadTimeRow>(leadTimeSql(dq)),
      run<RecoveryRow>(recoverySql(dq)),
    ]);

    const d = total(deployRows);
    const deployments = Number(d?.deployments ?? 0);
    const failed = Number(d?.failedDeployments ?? 0);
    const unplanned = Number(d?.unplannedDeployments ?? 0);
    const noDeployments = empty ?? 'no successful deployments in the range';
    const days = (q.to - q.from) / DAY_MS;
    const lt = total(leadRows);
    const ltSamples = Number(lt?.samples ?? 0);
    const rec = total(recoveryRows);
    const recSamples = Number(rec?.samples ?? 0);

    const figures = {
      perDay: deployments === 0 ? null : deployments / days,
      leadTimeMedian: quantile(lt, 0, ltSamples),
      changeFailureRate: rate(failed, deployments),
      recoveryMedian: quantile(rec, 0, recSamples),
      reworkRate: rate(unplanned, deployments),
    };
    const result: DoraResult = {
      scope,
      from: q.from,
      to: q.to,
      deploymentFrequency: {
        deployments,
        deploymentDays: Number(d?.deploymentDays ?? 0),
        perDay: figures.perDay,
        perWeek: figures.perDay === null ? null : figures.perDay * 7,
        ...(deployments === 0 ? { reason: noDeployments } : {}),
      },
      leadTimeMinutes: {
        median: quantile(lt, 0, ltSamples),
        p90: quantile(lt, 1, ltSamples),
        samples: ltSamples,
        droppedNegative: Number(lt?.droppedNegative ?? 0),
        ...(ltSamples === 0 ? { reason: deployments === 0 ? noDeployments : 'no commit with a known time was first deployed in the range' } : {}),
      },
      changeFailureRate: {
        value: rate(failed, deployments),
        failedDeployments: failed,
        deployments,
        rolledBack: Number(d?.rolledBack ?? 0),
        causedIncident: Number(d?.causedIncident ?? 0),
        ...(deployments === 0 ? { reason: noDeployments } : {}),
      },
      failedDeploymentRecoveryMinutes: {
        median: quantile(rec, 0, recSamples),
        p90: quantile(rec, 1, recSamples),
        samples: recSamples,
        unresolved: Number(rec?.unresolved ?? 0),
        ...(recSamples === 0 ? { reason: deployments === 0 ? noDeployments : 'no resolved incident was linked to a deployment in the range' } : {}),
      },
      reworkRate: {
        value: rate(unplanned, deployments),
        unplannedDeployments: unplanned,
        deployments,
        ...(deployments === 0 ? { reason: noDeployments } : {}),
      },
      incidentLinks: { explicit: Number(rec?.explicitLinks ?? 0), heuristic: Number(rec?.heuristicLinks ?? 0) },
      bands: doraBands(q.bandsYear as BandsYear, figures),
      targets: doraTargets(dora.targets, figures),
      bucket: q.bucket ?? null,
      series: q.bucket === undefined ? [] : series(q.bucket, q.from, q.to, deployRows, leadRows, recoveryRows),
    };
    return c.json(result);
  });

  return app;
}

function series(bucket: DeliveryBucket, from: number, to: number, deployRows: DeploymentStatsRow[], leadRows: LeadTimeRow[], recoveryRows: RecoveryRow[]): DoraSeriesPoint[] {
  const dep = byBucket(deployRows);
  const lead = byBucket(leadRows);
  const rec = byBucket(recoveryRows);
  return bucketStarts(bucket, from, to).map((time) => {
    const d = dep.get(time);
    const n = Number(d?.deployments ?? 0);
    const l = lead.get(time);
    const r = rec.get(time);
    return {
      time,
      deployments: n,
      changeFailureRate: rate(Number(d?.failedDeployments ?? 0), n),
      reworkRate: rate(Number(d?.unplannedDeployments ?? 0), n),
      leadTimeMedianMinutes: quantile(l, 0, Number(l?.samples ?? 0)),
      recoveryMedianMinutes: quantile(r, 0, Number(r?.samples ?? 0)),
    };
  });
}

