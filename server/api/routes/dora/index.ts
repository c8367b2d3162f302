import { Hono } from 'hono';
import { z } from 'zod';
import type { DoraResult, DoraScope, DoraSeriesPoint } from '../../../../shared/api.js';
import { listServices } from '../../../meta/services.js';
import { defaultDoraConfig } from '../../../query/delivery/config.js';
import { leadTimeSql, type LeadTimeRow } from '../../../query/delivery/lead-time-query.js';
import type { DeliveryBucket, DeliveryQuery } from '../../../query/delivery/scope.js';
import { deploymentStatsSql, recoverySql, type DeploymentStatsRow, type RecoveryRow } from '../../../query/delivery/stability-query.js';
import type { ApiDeps } from '../../app.js';
import { checkRange, parseTime } from '../../time.js';
import { validate } from '../../validate.js';
import { BANDS_YEARS, doraBands, type BandsYear } from './bands.js';
import { bucketStarts } from './buckets.js';

const DAY_MS = 86_400_000;

const time = (fallback: string, roundUp: boolean) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseTime(text, roundUp);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `expected epoch milliseconds, RFC 3339 or an expression like now-30d, got "${text}"` });
        return z.NEVER;
      }
      return ms;
    });

/** DORA figures look at weeks, not the telemetry's hour: from defaults to now-30d. */
const doraQuery = z
  .object({
    from: time('now-30d', false),
    to: time('now', true),
    service: z.string().min(1).optional(),
    team: z.string().min(1).optional(),
    environment: z.string().min(1).optional(),
    bucket: z.enum(['day', 'week', 'month']).optional(),
    bandsYear: z.coerce
      .number()
      .int()
      .refine((y): y is BandsYear => (BANDS_YEARS as readonly number[]).includes(y), { message: `expected one of ${BANDS_YEARS.join(', ')}` })
      .default(2024),
  })
  .strict()
  .refine((q) => q.service === undefined || q.team === undefined, { message: 'give service or team, not both', path: ['service'] });

const rate = (n: number, d: number) => (d === 0 ? null : n / d);
const quantile = (row: { quantiles: Array<number | null> } | undefined, i: number, samples: number) => {
  const v = row?.quantiles?.[i];
  return samples === 0 || v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 100) / 100;
};
const total = <T extends { isTotal: boolean | number }>(rows: T[]) => rows.find((r) => Boolean(r.isTotal));
const byBucket = <T extends { isTotal: boolean | number; bucket: number }>(rows: T[]) => new Map(rows.filter((r) => !r.isTotal).map((r) => [Number(r.bucket), r]));

export function doraRoutes({ store, meta, limits, dora = defaultDoraConfig() }: ApiDeps): Hono {
  const app = new Hono();
  const query = checkRange(doraQuery, limits.longRange);

  app.get('/', validate('query', query), async (c) => {
    const q = c.req.valid('query');
    const environment = q.environment;
    let scope: DoraScope = { kind: 'organisation', environment: environment ?? 'production' };
    let services: string[] | undefined;
    if (q.service !== undefined) {
      services = [q.service];
      scope = { kind: 'service', service: q.service, services, environment: scope.environment };
    } else if (q.team !== undefined) {
      const team = q.team;
      services = (await listServices({ db: meta })).filter((s) => s.team === team).map((s) => s.name);
      scope = { kind: 'team', team, services, environment: scope.environment };
    }
    const dq: DeliveryQuery = { fromMs: q.from, toMs: q.to, services, environment, bucket: q.bucket as DeliveryBucket | undefined, linkWindowMs: dora.incidentLinkWindowMs };

    const noServices = services !== undefined && services.length === 0;
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
    const noDeployments = noServices ? `team "${q.team}" has no services in the catalog` : 'no successful deployments in the range';
    const days = (q.to - q.from) / DAY_MS;
    const lt = total(leadRows);
    const ltSamples = Number(lt?.samples ?? 0);
    const rec = total(recoveryRows);
    const recSamples = Number(rec?.samples ?? 0);

    const result: DoraResult = {
      scope,
      from: q.from,
      to: q.to,
      deploymentFrequency: {
        deployments,
        deploymentDays: Number(d?.deploymentDays ?? 0),
        perDay: deployments === 0 ? null : deployments / days,
        perWeek: deployments === 0 ? null : (deployments / days) * 7,
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
      bands: doraBands(q.bandsYear as BandsYear, {
        perDay: deployments === 0 ? null : deployments / days,
        leadTimeMedian: quantile(lt, 0, ltSamples),
        changeFailureRate: rate(failed, deployments),
        recoveryMedian: quantile(rec, 0, recSamples),
      }),
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

