import type { DataFrameJSON } from '../../shared/api.js';
import type { DashboardPanel, PanelDataResult } from '../../shared/dashboards.js';
import { AppError } from '../api/errors.js';
import type { ApiLimits } from '../api/limits.js';
import { runMetricQuery } from '../api/routes/metrics/run-query.js';
import { serviceSeriesSql, type ServiceBucketRow } from '../api/routes/services/query.js';
import { redFrame } from '../api/routes/services/summary.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../lib/grafana.js';
import { parseLabelRef } from '../query/metrics/selector.js';
import type { Aggregation } from '../query/metrics/types.js';
import { QueryLimitError, type TelemetryStore } from '../storage/index.js';
import { logCountSql } from './log-count-query.js';
import { expandMacros } from './sql-macros.js';
import { guardedSql, SQL_PANEL_MAX_ROWS } from './sql-guard.js';
import { sqlRowsToFrames } from './sql-frames.js';
import { applyVariables, bindSqlVariables } from './variables.js';

export interface PanelRunDeps {
  store: TelemetryStore;
  limits: Pick<ApiLimits, 'series'>;
}

export interface PanelRunInput {
  panel: DashboardPanel;
  /** variable name → chosen value ('' is "All") */
  values: Record<string, string>;
  from: number;
  to: number;
  step: number;
}

/** Keeps the time field and one value field of a frame. */
function pickField(frame: DataFrameJSON, field: string): DataFrameJSON {
  const fields = frame.schema?.fields ?? [];
  const keep = fields.map((f, i) => (i === 0 || f.name === field ? i : -1)).filter((i) => i >= 0);
  return { schema: { ...frame.schema, fields: keep.map((i) => fields[i]!) }, data: { values: keep.map((i) => frame.data?.values[i] ?? []) } };
}

/** Runs one panel's query over [from, to) with the variables' values: frames for its chart. */
export async function runPanel({ store, limits }: PanelRunDeps, { panel, values, from, to, step }: PanelRunInput): Promise<PanelDataResult> {
  const query = applyVariables(panel.query, values);
  const answer = (frames: DataFrameJSON[]): PanelDataResult => ({ range: { from, to }, step, panel: panel.id, frames });
  switch (query.kind) {
    case 'metric': {
      const result = await runMetricQuery(
        { store, limits },
        {
          name: query.metric,
          agg: query.agg as Aggregation | undefined,
          from,
          to,
          step,
          filter: Object.entries(query.filter).map(([key, value]) => ({ label: parseLabelRef(key), values: [value] })),
          groupBy: query.groupBy.map(parseLabelRef),
        },
      );
      return answer(result.frames);
    }
    case 'spans': {
      if (!query.service) throw new AppError('bad_request', `panel "${panel.id}": choose a service (its spans query names no service once the variables are applied)`);
      const q = serviceSeriesSql({ fromMs: from, toMs: to, service: query.service, stepSeconds: step });
      const rows = await store.query<ServiceBucketRow>(q.sql, q.params);
      return answer([pickField(redFrame(query.service, rows, step), query.measure)]);
    }
    case 'logs': {
      const q = logCountSql({ fromMs: from, toMs: to, stepSeconds: step, service: query.service, severity: query.severity as 'ERROR' | undefined, text: query.text });
      const rows = await store.query<{ time: number; count: number }>(q.sql, q.params);
      const frame = toDataFrame({
        name: query.service ?? 'logs',
        fields: [
          { name: 'time', type: FieldType.time, values: rows.map((r) => r.time) },
          { name: 'count', type: FieldType.number, values: rows.map((r) => r.count) },
        ],
      });
      return answer([dataFrameToJSON(frame) as DataFrameJSON]);
    }
    case 'sql': {
      const bound = bindSqlVariables(expandMacros(query.sql), values);
      const rows = await store
        .query<Record<string, unknown>>(guardedSql(bound.sql), { ...bound.params, fromMs: from, toMs: to, stepSeconds: step })
        .catch((err: unknown) => {
          if (err instanceof QueryLimitError) throw err;
          // the panel's own SQL is wrong (or tried to write): the author needs ClickHouse's words
          const reason = String((err as Error).message ?? err).split('\n')[0]!.replace(/^Query failed: /, '');
          throw new AppError('bad_request', `panel "${panel.id}": ClickHouse refused its SQL: ${reason}`);
        });
      if (rows.length > SQL_PANEL_MAX_ROWS) {
        throw new AppError('query_too_large', `panel "${panel.id}": the SQL returns more than ${SQL_PANEL_MAX_ROWS} rows, the most a SQL panel may show; aggregate or add a LIMIT`);
      }
      return answer(sqlRowsToFrames(rows, panel.chart === 'table'));
    }
  }
}
