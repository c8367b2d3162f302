import { whereAll, type SqlQuery } from '../sql.js';
import { selectorSql, type Selector } from './selector.js';
import { metricTables, type MetricType } from './types.js';

/**
 * How many groups (series of the answer) a `groupBy` makes over the range, counted up to
 * `upTo`: DISTINCT with a LIMIT stops reading once it has that many, so checking a limit of
 * N costs a scan of the label columns until N + 1 groups are seen, never a full answer.
 */
export function seriesCountSql(sel: Selector, type: MetricType, upTo: number): SqlQuery {
  const s = selectorSql(sel, { lookback: false });
  return {
    sql: `SELECT count() AS series
FROM (
  SELECT DISTINCT ${s.labels} AS labels
  FROM ${metricTables[type]}
  ${whereAll(s.conditions).replace(/\n/g, '\n  ')}
  LIMIT {upTo:UInt32}
)`,
    params: { ...s.params, upTo },
  };
}
