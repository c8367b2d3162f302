import { inRange, whereAll, type SqlQuery } from '../sql.js';
import { metricTables, metricTypes, type MetricType } from './types.js';

export interface MetricInfoRow {
  name: string;
  type: MetricType;
  unit: string;
  description: string;
  services: string[];
}

/** Every metric with points in [fromMs, toMs): one row per name and type, its latest unit and description. */
export function listMetricsSql(q: { fromMs: number; toMs: number }): SqlQuery {
  const perTable = metricTypes.map(
    (type) => `  SELECT
    toString(MetricName) AS name,
    '${type}' AS type,
    argMax(MetricUnit, TimeUnix) AS unit,
    argMax(MetricDescription, TimeUnix) AS description,
    arraySort(groupUniqArray(toString(ServiceName))) AS services
  FROM ${metricTables[type]}
  ${whereAll(inRange('TimeUnix')).replace(/\n/g, '\n  ')}
  GROUP BY MetricName`,
  );
  return {
    sql: `SELECT name, type, unit, description, services
FROM (
${perTable.join('\n  UNION ALL\n')}
)
ORDER BY name, type`,
    params: { fromMs: q.fromMs, toMs: q.toMs },
  };
}

export interface MetricTypeRow {
  type: MetricType;
  monotonic: boolean;
}

/**
 * Which tables hold a metric name, at any time (a metric quiet in the range is known, not
 * missing). One row is enough per table, so each stops at its first match.
 */
export function resolveMetricSql(name: string): SqlQuery {
  const monotonic: Partial<Record<MetricType, string>> = { sum: 'IsMonotonic' };
  const perTable = metricTypes.map(
    (type) => `  (SELECT '${type}' AS type, ${monotonic[type] ?? 'false'} AS monotonic FROM ${metricTables[type]} WHERE MetricName = {name:String} LIMIT 1)`,
  );
  return {
    sql: `SELECT type, monotonic
FROM (
${perTable.join('\n  UNION ALL\n')}
)
ORDER BY type`,
    params: { name },
  };
}
