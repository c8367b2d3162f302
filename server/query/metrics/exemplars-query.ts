import { inRange, whereAll, type SqlQuery } from '../sql.js';
import { selectorSql, type Selector } from './selector.js';
import type { MetricType } from './types.js';

/**
 * Where exemplars are kept: the Exemplars nested column of the OTLP exporter tables, read
 * directly rather than through a view that adds points without any. OTLP summaries carry none.
 */
const exemplarTables: Partial<Record<MetricType, string>> = {
  gauge: 'otel_metrics_gauge',
  sum: 'otel_metrics_sum',
  histogram: 'otel_metrics_histogram',
  exponential_histogram: 'otel_metrics_exponential_histogram',
};

export const hasExemplars = (type: MetricType) => exemplarTables[type] !== undefined;

export interface ExemplarRow {
  /** the exemplar's own time, epoch ms */
  time: number;
  labels: string[];
  value: number;
  traceId: string;
  spanId: string;
}

/**
 * The exemplars with a trace link of the points the selector reads, at most `limit`: per
 * step and group only the largest (the outlier worth opening; a cumulative point repeats
 * its exemplars, which this also folds), then the `limit` largest of those. Only exemplars
 * that themselves lie in [from, to) are kept, so none is drawn outside the chart.
 */
export function exemplarsSql(sel: Selector, type: MetricType, limit: number): SqlQuery {
  const table = exemplarTables[type];
  if (!table) throw new Error(`${type} points carry no exemplars`);
  const s = selectorSql(sel, { lookback: false });
  const conditions = [...s.conditions, `Exemplars.TraceId != ''`, ...inRange('Exemplars.TimeUnix')];
  return {
    sql: `SELECT time, labels, value, traceId, spanId
FROM (
  SELECT
    toUnixTimestamp64Milli(Exemplars.TimeUnix) AS time,
    ${s.labels} AS labels,
    Exemplars.Value AS value,
    Exemplars.TraceId AS traceId,
    Exemplars.SpanId AS spanId
  FROM ${table}
  ARRAY JOIN Exemplars
  ${whereAll(conditions).replace(/\n/g, '\n  ')}
  ORDER BY value DESC, time, traceId
  LIMIT 1 BY intDiv(time, {stepMs:Int64}), labels
)
ORDER BY value DESC, time, traceId
LIMIT {limit:UInt32}`,
    params: { ...s.params, limit },
  };
}
