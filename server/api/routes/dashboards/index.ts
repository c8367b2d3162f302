import { Hono } from 'hono';
import { z } from 'zod';
import type { Dashboard, DashboardResult, DashboardsResult, DashboardVariable, PanelDataResult } from '../../../../shared/dashboards.js';
import type { Dashboards } from '../../../dashboards/index.js';
import type { LoadedDashboard } from '../../../dashboards/load.js';
import { runPanel } from '../../../dashboards/run-panel.js';
import { listServices } from '../../../meta/services.js';
import { attributeValuesSql, type AttributeValuesRow } from '../../../query/metrics/attributes-query.js';
import { resolveMetric } from '../metrics/run-query.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { stepParam, withStep } from '../params.js';

/** `var-<name>=value`, as Grafana puts a dashboard's variables in its URL. */
const VAR_PREFIX = 'var-';
/** the "All" choice, as Grafana writes it in a URL: no filter on that variable */
const ALL = '$__all';
const DAY_MS = 86_400_000;
/** choices a label variable offers at most */
const MAX_LABEL_OPTIONS = 100;

export function dashboardsRoutes({ store, meta, limits }: ApiDeps, dashboards: Pick<Dashboards, 'current'>): Hono {
  const app = new Hono();
  const panelQuery = withStep(
    timeRangeQuery
      .extend({ step: stepParam.optional() })
      .catchall(z.string())
      .superRefine((q, ctx) => {
        for (const key of Object.keys(q)) {
          if (key === 'from' || key === 'to' || key === 'step' || key.startsWith(VAR_PREFIX)) continue;
          ctx.addIssue({ code: 'custom', path: [key], message: `unknown parameter (expected: from, to, step, ${VAR_PREFIX}<variable>)` });
        }
      }),
    limits.searchRange,
  );

  /** The dashboard, or a 404 that says why: unknown, or its file did not load (with file:line). */
  function find(id: string): LoadedDashboard {
    const state = dashboards.current();
    const found = state.dashboards.find((d) => d.id === id);
    if (found) return found;
    const broken = state.errors.filter((e) => e.file.replace(/^.*\//, '').replace(/\.ya?ml$/i, '') === id);
    if (broken.length > 0) throw new AppError('not_found', `dashboard "${id}" did not load: ${broken.map((e) => e.text).join('; ')}`, broken);
    throw new AppError('not_found', `no dashboard "${id}" in ${state.dir}`);
  }

  /** The values a metric's label took over the last day, most frequent first (bounded); none when the metric is unknown. */
  async function labelValues(metric: string, key: string): Promise<string[]> {
    const found = await resolveMetric(store, metric).catch((e: unknown) => (e instanceof AppError ? undefined : Promise.reject(e)));
    if (!found) return [];
    const now = Date.now();
    const q = attributeValuesSql({ name: metric, type: found.type, fromMs: now - DAY_MS, toMs: now, key, perKey: MAX_LABEL_OPTIONS, maxKeys: 1 });
    const [row] = await store.query<AttributeValuesRow>(q.sql, q.params);
    return (row?.values ?? []).sort();
  }

  /** The variables with their choices: services and teams from the catalog as it is now, label values from the store. */
  async function withOptions(d: LoadedDashboard): Promise<Dashboard> {
    const needsCatalog = d.variables.some((v) => v.source === 'services' || v.source === 'teams');
    const catalog = needsCatalog ? await listServices({ db: meta }) : [];
    const variables = await Promise.all(
      d.variables.map(async (v): Promise<DashboardVariable> => {
        const options =
          v.source === 'values'
            ? v.values!
            : v.source === 'services'
              ? catalog.map((s) => s.name)
              : v.source === 'teams'
                ? [...new Set(catalog.flatMap((s) => (s.team ? [s.team] : [])))].sort()
                : await labelValues(v.metric!, v.key!);
        return { name: v.name, label: v.label ?? v.name, source: v.source, includeAll: v.includeAll, default: v.default ?? (v.includeAll ? '' : (options[0] ?? '')), options };
      }),
    );
    return { ...d, variables };
  }

  app.get('/', (c) => {
    const state = dashboards.current();
    return c.json({
      dir: state.dir,
      loadedAt: state.loadedAt,
      dashboards: state.dashboards.map((d) => ({ id: d.id, title: d.title, description: d.description, tags: d.tags, file: d.file, panels: d.panels.length })),
      errors: state.errors,
    } satisfies DashboardsResult);
  });

  app.get('/:id', async (c) => {
    const d = find(c.req.param('id'));
    return c.json({ dashboard: await withOptions(d), errors: dashboards.current().errors.filter((e) => e.file === d.file) } satisfies DashboardResult);
  });

  app.get('/:id/panels/:panel', validate('query', panelQuery), async (c) => {
    const d = find(c.req.param('id'));
    const panelId = c.req.param('panel');
    const panel = d.panels.find((p) => p.id === panelId);
    if (!panel) throw new AppError('not_found', `dashboard "${d.id}" has no panel "${panelId}" (panels: ${d.panels.map((p) => p.id).join(', ')})`);
    const q = c.req.valid('query') as { from: number; to: number; step: number } & Record<string, unknown>;
    const full = await withOptions(d);
    const values: Record<string, string> = {};
    for (const v of full.variables) {
      const given = q[`${VAR_PREFIX}${v.name}`];
      values[v.name] = given === ALL ? '' : typeof given === 'string' ? given : v.default;
    }
    for (const key of Object.keys(q)) {
      const name = key.slice(VAR_PREFIX.length);
      if (key.startsWith(VAR_PREFIX) && !full.variables.some((v) => v.name === name)) {
        throw new AppError('bad_request', `${key}: dashboard "${d.id}" has no variable "${name}"`, [{ parameter: key, message: 'no such variable' }]);
      }
    }
    const result = await runPanel({ store, limits }, { panel, values, from: q.from, to: q.to, step: q.step });
    return c.json(result satisfies PanelDataResult);
  });

  return app;
}
