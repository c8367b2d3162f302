import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Dashboard, DashboardPanel, PanelQuery } from '../../shared/dashboards.js';
import { compareSpecErrors, type SpecError } from '../slo/spec/errors.js';
import { listSpecFiles } from '../slo/spec/files.js';
import { errorMap, flattenIssues } from '../slo/spec/issues.js';
import { formatPath, locate, parseYamlFile, writtenPath, type PathSegment, type SourceDoc } from '../slo/spec/yaml-source.js';
import { dashboardSchema, type DashboardSpec, type PanelSpec } from './schema.js';
import { sqlProblem } from './sql-guard.js';
import { expandMacros, supportedMacros, unsupportedMacros } from './sql-macros.js';
import { variableRefs } from './variables.js';

/** A dashboard as loaded: its variables' options are filled in per request (the catalog changes). */
export type LoadedDashboard = Omit<Dashboard, 'variables'> & { variables: DashboardSpec['variables'] };

export interface LoadedDashboards {
  dashboards: LoadedDashboard[];
  errors: SpecError[];
}

/**
 * Reads every YAML file under `dir`, one dashboard a file. A file with any error loads
 * nothing (half a dashboard would mislead) and each error points at its line and column.
 * A missing directory is no dashboards and no error: the directory is optional.
 */
export async function loadDashboardDirectory(dir: string): Promise<LoadedDashboards> {
  let files: string[];
  try {
    files = await listSpecFiles(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { dashboards: [], errors: [] };
    throw e;
  }
  const dashboards: LoadedDashboard[] = [];
  const errors: SpecError[] = [];
  const byId = new Map<string, string>();
  for (const file of files) {
    const loaded = parseDashboardFile(file, await readFile(join(dir, file), 'utf8'));
    errors.push(...loaded.errors);
    if (!loaded.dashboard) continue;
    const other = byId.get(loaded.dashboard.id);
    if (other) {
      errors.push({ ...loaded.idAt, file, path: 'id', message: `dashboard id "${loaded.dashboard.id}" is already used by ${other}; set another id:` });
      continue;
    }
    byId.set(loaded.dashboard.id, file);
    dashboards.push(loaded.dashboard);
  }
  return { dashboards, errors: errors.sort(compareSpecErrors) };
}

/** One file → its dashboard, or the errors that kept it from loading. */
export function parseDashboardFile(file: string, text: string): { dashboard?: LoadedDashboard; errors: SpecError[]; idAt: { line: number; column: number } } {
  const { docs, errors } = parseYamlFile(file, text);
  const at = (src: SourceDoc, path: readonly PathSegment[], message: string, where: 'key' | 'value' = 'value'): SpecError => ({
    file,
    ...locate(src, path, where),
    path: formatPath(writtenPath(src, path)),
    message,
  });
  const first = docs[0];
  if (!first) return { errors: errors.length > 0 ? errors : [{ file, line: 1, column: 1, path: '', message: 'no dashboard in the file' }], idAt: { line: 1, column: 1 } };
  if (docs.length > 1) errors.push(at(docs[1]!, [], 'one dashboard per file: move this document to a file of its own'));
  const idAt = locate(first, ['id']);
  const result = dashboardSchema.safeParse(first.value, { error: errorMap });
  if (!result.success) {
    for (const issue of flattenIssues(result.error.issues)) errors.push(at(first, issue.path, issue.message, issue.at));
    return { errors, idAt };
  }
  const spec = result.data;
  const variables = new Set(spec.variables.map((v) => v.name));
  spec.variables.forEach((v, i) => {
    if (spec.variables.findIndex((w) => w.name === v.name) !== i) errors.push(at(first, ['variables', i, 'name'], `variable "${v.name}" is defined twice`));
    if (v.default !== undefined && v.values && !v.values.includes(v.default)) errors.push(at(first, ['variables', i, 'default'], `"${v.default}" is not one of the values (${v.values.join(', ')})`));
  });
  const panelIds = new Set<string>();
  spec.panels.forEach((p, i) => {
    const panelId = p.id ?? `panel-${i + 1}`;
    if (panelIds.has(panelId)) errors.push(at(first, ['panels', i, p.id ? 'id' : 'title'], `panel id "${panelId}" is used twice in this dashboard`));
    panelIds.add(panelId);
    for (const { path, name } of variableRefs(p.query)) {
      if (!variables.has(name)) errors.push(at(first, ['panels', i, 'query', ...path], `$${name} is not a variable of this dashboard${variables.size ? ` (variables: ${[...variables].join(', ')})` : ''}`));
    }
    if (p.query.kind === 'sql') {
      const unsupported = unsupportedMacros(p.query.sql);
      const problem =
        unsupported.length > 0
          ? `${unsupported.join(', ')}: not a macro this hub expands (supported: ${supportedMacros.join(', ')})`
          : expandMacros(p.query.sql).includes('$__')
            ? 'a macro\'s argument must be a column name without parentheses, e.g. $__timeFilter(Timestamp)'
            : sqlProblem(p.query.sql);
      if (problem) errors.push(at(first, ['panels', i, 'query', 'sql'], problem));
    }
  });
  if (errors.length > 0) return { errors, idAt };
  return {
    dashboard: {
      id: spec.id ?? basename(file).replace(/\.ya?ml$/i, ''),
      title: spec.title,
      description: spec.description,
      tags: spec.tags,
      file,
      variables: spec.variables,
      panels: spec.panels.map((p, i) => toPanel(p, i)),
    },
    errors,
    idAt,
  };
}

function toPanel(p: PanelSpec, i: number): DashboardPanel {
  return { id: p.id ?? `panel-${i + 1}`, title: p.title, chart: p.chart, unit: p.unit, grid: p.grid, query: p.query as PanelQuery };
}
