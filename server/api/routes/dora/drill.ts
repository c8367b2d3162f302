import { Hono } from 'hono';
import { z } from 'zod';
import type { DoraChangeItem, DoraDeploymentItem, DoraIncidentItem, DoraList } from '../../../../shared/api.js';
import {
  changeListSql,
  deploymentListSql,
  incidentListSql,
  type ChangeListRow,
  type DeploymentListRow,
  type DrillQuery,
  type IncidentListRow,
} from '../../../query/portfolio/drill-query.js';
import type { ApiDeps } from '../../app.js';
import { checkRange } from '../../time.js';
import { validate } from '../../validate.js';
import { doraScopeFields, notBoth, oneScope, resolveScope, type ResolvedScope } from './params.js';

/** A drill-down is read by a person: a page of rows, not an export. */
export const DRILL_MAX_LIMIT = 1000;

const listFields = { ...doraScopeFields, limit: z.coerce.number().int().min(1).max(DRILL_MAX_LIMIT).default(100) };
const deploymentsQuery = z.object({ ...listFields, filter: z.enum(['all', 'failed', 'unplanned']).default('all') }).strict().refine(notBoth, oneScope);
const listQuery = z.object(listFields).strict().refine(notBoth, oneScope);

const ms = (v: number | string | null) => (v === null ? null : Number(v));
const round = (v: number) => Math.round(v * 100) / 100;
const method = (m: string) => (m === 'explicit' ? 'explicit' : 'heuristic') as 'explicit' | 'heuristic';

export function toDeploymentItem(r: DeploymentListRow): DoraDeploymentItem {
  const unplanned = Boolean(r.unplanned);
  return {
    service: r.service,
    id: r.id,
    status: r.status,
    environment: r.environment,
    finishedAt: Number(r.finishedAt),
    commit: r.commit,
    kind: r.kind,
    rollbackOf: r.rollbackOf,
    counted: Boolean(r.counted),
    failed: Boolean(r.failed),
    rolledBackBy: r.rolledBackBy || null,
    incidents: r.incidents.map(([id, m]) => ({ id, method: method(m) })),
    unplanned,
    unplannedReason: !unplanned ? null : r.kind !== 'planned' && r.kind !== '' ? r.kind : `resolved incident ${r.resolvedIncident}`,
  };
}

/**
 * The drill-down lists behind the DORA numbers, with the scope and range of GET /api/v1/dora:
 * GET /deployments (filter=failed: behind change failure rate; unplanned: rework),
 * GET /changes (lead time's commits), GET /incidents (recovery's incidents).
 */
export function drillRoutes({ store, meta, limits }: ApiDeps): Hono {
  const app = new Hono();
  const drill = (q: { from: number; to: number; environment?: string; limit: number }, s: ResolvedScope): DrillQuery => ({
    fromMs: q.from,
    toMs: q.to,
    services: s.services,
    environment: q.environment,
    limit: q.limit,
  });
  const list = async <R extends { total: number | string }, T>(
    q: { from: number; to: number; service?: string; team?: string; environment?: string; limit: number },
    sql: (d: DrillQuery) => { sql: string; params: Record<string, unknown> },
    map: (r: R) => T,
  ): Promise<DoraList<T>> => {
    const s = await resolveScope(meta, q);
    const query = sql(drill(q, s));
    const rows = s.empty ? [] : await store.query<R>(query.sql, query.params);
    return { scope: s.scope, from: q.from, to: q.to, total: Number(rows[0]?.total ?? 0), limit: q.limit, items: rows.map(map) };
  };

  app.get('/deployments', validate('query', checkRange(deploymentsQuery, limits.longRange)), async (c) => {
    const q = c.req.valid('query');
    return c.json(await list<DeploymentListRow, DoraDeploymentItem>(q, (d) => deploymentListSql(d, q.filter), toDeploymentItem));
  });

  app.get('/changes', validate('query', checkRange(listQuery, limits.longRange)), async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await list<ChangeListRow, DoraChangeItem>(q, changeListSql, (r) => ({
        service: r.service,
        sha: r.sha,
        committedAt: Number(r.committedAt),
        deployedAt: Number(r.deployedAt),
        deploymentId: r.deploymentId,
        viaMerge: r.viaMerge || null,
        leadTimeMinutes: round(Number(r.minutes)),
        counted: Number(r.minutes) >= 0,
      })),
    );
  });

  app.get('/incidents', validate('query', checkRange(listQuery, limits.longRange)), async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await list<IncidentListRow, DoraIncidentItem>(q, incidentListSql, (r) => ({
        service: r.service,
        id: r.id,
        title: r.title,
        severity: r.severity,
        openedAt: Number(r.openedAt),
        resolvedAt: ms(r.resolvedAt),
        deployment: r.deploymentId ? { id: r.deploymentId, method: method(r.method), finishedAt: Number(r.deployedAt) } : null,
        recoveryMinutes: r.recoveryMinutes === null ? null : round(Number(r.recoveryMinutes)),
        counted: Boolean(r.counted),
      })),
    );
  });
  return app;
}
