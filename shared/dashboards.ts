/** Dashboards as code: the API shapes of GET /api/v1/dashboards… (docs/dashboards.md). */
import type { DataFrameJSON, TimeRange } from './api.js';

/** A problem in a dashboard file, where it is (the same shape as an SLO spec error). */
export interface DashboardError {
  /** relative to the dashboards directory */
  file: string;
  line: number;
  column: number;
  /** field path, e.g. `panels[2].query.metric`; empty for a YAML syntax error */
  path: string;
  message: string;
  /** `file:line:column: path: message`, as `octolens` prints it */
  text: string;
}

/** services, teams: the catalog; values: a list in the file; label: the values a metric's label takes (the last day) */
export type VariableSource = 'services' | 'teams' | 'values' | 'label';

export interface DashboardVariable {
  name: string;
  label: string;
  source: VariableSource;
  /** an "All" choice (the empty value): a filter on an empty variable is left out */
  includeAll: boolean;
  default: string;
  /** the choices: for `values` as written, for `services`/`teams` from the catalog at request time */
  options: string[];
}

export type PanelChart = 'timeseries' | 'stat' | 'table' | 'bar';

export type PanelQuery =
  | { kind: 'metric'; metric: string; agg?: string; filter: Record<string, string>; groupBy: string[] }
  | { kind: 'spans'; service: string; measure: 'rate' | 'errorRatio' | 'p50' | 'p95' | 'p99' }
  | { kind: 'logs'; service?: string; severity?: string; text?: string }
  | { kind: 'sql'; sql: string };

export interface DashboardPanel {
  id: string;
  title: string;
  chart: PanelChart;
  /** a unit of web/src/lib/format/units.ts (reqps, ns, s, ms, bytes, percentunit, short…) */
  unit: string;
  /** on a 24-column grid, rows of 30 px */
  grid: { x: number; y: number; w: number; h: number };
  query: PanelQuery;
}

export interface Dashboard {
  id: string;
  title: string;
  description: string;
  tags: string[];
  /** relative to the dashboards directory */
  file: string;
  variables: DashboardVariable[];
  panels: DashboardPanel[];
}

export interface DashboardSummary {
  id: string;
  title: string;
  description: string;
  tags: string[];
  file: string;
  panels: number;
}

export interface DashboardsResult {
  dir: string;
  /** epoch ms of the last load of the directory */
  loadedAt: number | null;
  dashboards: DashboardSummary[];
  /** every file's problems; a file with errors loads no dashboard */
  errors: DashboardError[];
}

export interface DashboardResult {
  dashboard: Dashboard;
  /** problems of its file (none: a file with errors loads nothing, see DashboardsResult.errors) */
  errors: DashboardError[];
}

export interface PanelDataResult {
  range: TimeRange;
  step: number;
  panel: string;
  /** time series (timeseries, bar, stat) or one table frame (table, sql without a time column) */
  frames: DataFrameJSON[];
}
