import { inRange, whereAll, type SqlQuery } from '../sql.js';
import { selectorSql, type Selector } from './selector.js';
import { metricTables, type MetricType } from './types.js';

/** The point types whose table has the Exemplars nested column (summaries carry none in OTLP). */
const withExemplars: readonly MetricType[] = ['gauge', 'sum', 'histogram', 'exponential_histogram'];

export const hasExemplars = (type: MetricType) => withExemplars.includes(type);

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
  FROM ${metricTables[type]}
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
