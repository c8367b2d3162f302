import { stringify } from 'yaml';
import type { PanelChart } from '../../shared/dashboards.js';
import { formatSpecError } from '../slo/spec/errors.js';
import { parseDashboardFile } from './load.js';
import { sqlProblem } from './sql-guard.js';
import { expandMacros, unsupportedMacros } from './sql-macros.js';

/**
 * A Grafana dashboard JSON (schemaVersion 16+: `panels` with `gridPos`) whose panels query the
 * ClickHouse data source with SQL → a dashboard YAML of `sql` panels, best effort. Whatever
 * does not carry over is named in `report`, one line each: nothing is dropped silently.
 */

interface GrafanaTarget {
  refId?: string;
  rawSql?: string;
  /** the Altinity plugin's field */
  query?: string;
  hide?: boolean;
  datasource?: GrafanaDatasource;
}
type GrafanaDatasource = { type?: string; uid?: string } | string | null;
interface GrafanaPanel {
  id?: number;
  type?: string;
  title?: string;
  gridPos?: { x?: number; y?: number; w?: number; h?: number };
  datasource?: GrafanaDatasource;
  targets?: GrafanaTarget[];
  fieldConfig?: { defaults?: { unit?: string } };
  /** a collapsed row's panels */
  panels?: GrafanaPanel[];
}
interface GrafanaVariable {
  name?: string;
  label?: string;
  type?: string;
  multi?: boolean;
  includeAll?: boolean;
  current?: { value?: unknown; text?: unknown };
  options?: Array<{ value?: unknown }>;
  query?: unknown;
}
interface GrafanaDashboard {
  title?: string;
  description?: string;
  uid?: string;
  tags?: unknown[];
  rows?: unknown[];
  panels?: GrafanaPanel[];
  templating?: { list?: GrafanaVariable[] };
}

export interface GrafanaImport {
  /** the dashboard YAML; undefined when nothing could be converted */
  yaml?: string;
  panels: number;
  /** what was not converted, or changed on the way */
  report: string[];
}

const charts: Record<string, PanelChart> = { timeseries: 'timeseries', graph: 'timeseries', stat: 'stat', singlestat: 'stat', gauge: 'stat', table: 'table', 'table-old': 'table', barchart: 'bar', bargauge: 'bar' };

const isClickHouse = (ds: GrafanaDatasource | undefined) => (typeof ds === 'string' ? /clickhouse/i.test(ds) : /clickhouse/i.test(ds?.type ?? ''));
const dsName = (ds: GrafanaDatasource | undefined) => (typeof ds === 'string' ? ds : (ds?.type ?? ds?.uid ?? 'none'));
const text = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** `${name:format}` and `[[name]]` (old syntax) → `${name}`: variables are bound as one string value here. */
function plainVariables(sql: string, note: (m: string) => void): string {
  return sql
    .replace(/\$\{(\w+):(\w+)\}/g, (_m, name: string, format: string) => {
      note(`\${${name}:${format}}: the ${format} format is not applied; the value is bound as a string`);
      return `\${${name}}`;
    })
    .replace(/\[\[(\w+)\]\]/g, (_m, name: string) => `\${${name}}`);
}

export function importGrafanaDashboard(json: unknown, fileName: string): GrafanaImport {
  const report: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { panels: 0, report: ['not a Grafana dashboard: expected a JSON object'] };
  // an export "for sharing externally" wraps nothing, the API's GET /api/dashboards/uid/… wraps it in {dashboard}
  const g = ((json as { dashboard?: unknown }).dashboard ?? json) as GrafanaDashboard;
  if (g.rows && !g.panels) report.push('rows: a dashboard of schemaVersion < 16 (rows, no gridPos); open and save it in Grafana 5+ first');

  const variables: Array<Record<string, unknown>> = [];
  for (const v of g.templating?.list ?? []) {
    if (!v.name) continue;
    if (v.type === 'datasource' || v.type === 'adhoc' || v.type === 'interval') {
      report.push(`variable ${v.name} (${v.type}): not converted, a dashboard here has one data source and no ${v.type} variables`);
      continue;
    }
    const values = [...new Set([...(v.options ?? []).flatMap((o) => text(o.value)), ...text(v.current?.value)])].filter((x) => x !== '$__all');
    if (values.length === 0) {
      report.push(`variable ${v.name} (${v.type ?? 'query'}): not converted, it saved no values to keep`);
      continue;
    }
    if (v.type === 'query') report.push(`variable ${v.name}: a query variable, kept as the ${values.length} values it saved (make it "source: services" or "source: label" to keep it current)`);
    if (v.multi) report.push(`variable ${v.name}: multi-value; one value is chosen at a time here`);
    const current = text(v.current?.value).find((x) => values.includes(x));
    variables.push({ name: v.name, ...(v.label ? { label: v.label } : {}), source: 'values', values, ...(v.includeAll ? { includeAll: true } : {}), ...(current ? { default: current } : {}) });
  }
  const known = new Set(variables.map((v) => v.name as string));

  const panels: Array<Record<string, unknown>> = [];
  const flat = (g.panels ?? []).flatMap((p) => (p.type === 'row' ? (p.panels ?? []) : [p]));
  for (const p of flat) {
    const name = `panel ${p.id ?? '?'} "${p.title ?? ''}"`;
    const chart = charts[p.type ?? ''];
    if (!chart) {
      report.push(`${name} (${p.type}): not converted, no ${p.type} chart here (timeseries, stat, table, bar)`);
      continue;
    }
    const targets = (p.targets ?? []).filter((t) => !t.hide);
    const sqlTargets = targets.filter((t) => isClickHouse(t.datasource ?? p.datasource) && (t.rawSql ?? t.query));
    if (sqlTargets.length === 0) {
      const ds = dsName(targets[0]?.datasource ?? p.datasource);
      report.push(`${name}: not converted, ${isClickHouse(targets[0]?.datasource ?? p.datasource) ? 'no SQL target (a query-builder target saves no SQL)' : `its data source is ${ds}, not ClickHouse`}`);
      continue;
    }
    if (sqlTargets.length > 1 || targets.length > sqlTargets.length) {
      report.push(`${name}: ${targets.length} queries; only ${sqlTargets[0]!.refId ?? 'the first'} is kept (a panel runs one query here)`);
    }
    const notes: string[] = [];
    const sql = plainVariables((sqlTargets[0]!.rawSql ?? sqlTargets[0]!.query)!.trim(), (m) => notes.push(m));
    report.push(...notes.map((n) => `${name}: ${n}`));
    const unsupported = unsupportedMacros(sql);
    const problem = unsupported.length > 0 ? `${unsupported.join(', ')} not supported` : expandMacros(sql).includes('$__') ? 'a macro with a nested expression' : sqlProblem(sql);
    if (problem) {
      report.push(`${name}: not converted, its SQL cannot run here: ${problem}`);
      continue;
    }
    const missing = [...sql.matchAll(/\$\{(?!__)(\w+)\}|\$(?!__)(\w+)/g)].map((m) => m[1] ?? m[2]!).filter((v) => !known.has(v));
    if (missing.length > 0) {
      report.push(`${name}: not converted, it uses ${[...new Set(missing)].map((m) => `$${m}`).join(', ')}, not a converted variable`);
      continue;
    }
    const grid = { x: clamp(p.gridPos?.x ?? 0, 0, 23), y: Math.max(0, p.gridPos?.y ?? 0), w: clamp(p.gridPos?.w ?? 12, 1, 24), h: clamp(p.gridPos?.h ?? 8, 1, 40) };
    grid.w = Math.min(grid.w, 24 - grid.x);
    panels.push({
      id: `panel-${p.id ?? panels.length + 1}`,
      title: p.title || `Panel ${p.id ?? panels.length + 1}`,
      chart,
      ...(p.fieldConfig?.defaults?.unit ? { unit: p.fieldConfig.defaults.unit } : {}),
      grid,
      query: { kind: 'sql', sql },
    });
  }
  if (panels.length === 0) return { panels: 0, report: [...report, 'no panel could be converted: nothing written'] };

  const doc = {
    ...(g.uid ? { id: g.uid.replace(/[^\w.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || undefined } : {}),
    title: g.title || fileName,
    ...(g.description ? { description: g.description } : {}),
    ...(g.tags?.length ? { tags: g.tags.map(String) } : {}),
    ...(variables.length ? { variables } : {}),
    panels,
  };
  const yaml = `# Imported from the Grafana dashboard ${fileName} by \`octolens import grafana\`.\n${stringify(doc, { lineWidth: 0 })}`;
  // the output must load as it is: checked by the loader itself
  const check = parseDashboardFile(fileName.replace(/\.json$/i, '.yaml'), yaml);
  report.push(...check.errors.map((e) => `output: ${formatSpecError(e)}`));
  return { yaml, panels: panels.length, report };
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(n)));
