import { inRange, whereAll, type SqlQuery } from '../sql.js';
import { metricTables, type MetricType } from './types.js';

export interface AttributeValuesRow {
  key: string;
  /** the most frequent values first (ties by value) */
  values: string[];
  /** how many distinct values the key has in the range */
  distinct: number;
}

export interface AttributeValuesParams {
  name: string;
  type: MetricType;
  fromMs: number;
  toMs: number;
  /** only this label (the names a filter takes: `service.name`, `resource.<key>`, a point attribute) */
  key?: string;
  /** only values holding this text, any case (what the user has typed) */
  search?: string;
  perKey: number;
  maxKeys: number;
}

/**
 * The labels a metric's points carry in the range and their most frequent values, named the way
 * `filter=` and `groupBy=` take them: `service.name`, `resource.<key>` and point attributes.
 * Both lists are bounded (`maxKeys`, `perKey`), so a high-cardinality label cannot make the answer large.
 */
export function attributeValuesSql(p: AttributeValuesParams): SqlQuery {
  const params: Record<string, unknown> = { name: p.name, fromMs: p.fromMs, toMs: p.toMs, perKey: p.perKey, maxKeys: p.maxKeys };
  const conditions = ['MetricName = {name:String}', ...inRange('TimeUnix')];
  if (p.key !== undefined) {
    params.key = p.key;
    conditions.push('key = {key:String}');
  }
  if (p.search) {
    params.search = p.search;
    conditions.push('positionCaseInsensitiveUTF8(value, {search:String}) > 0');
  }
  const pairs = (map: string, prefix: string) => `arrayMap((k, v) -> (${prefix ? `concat('${prefix}', toString(k))` : 'toString(k)'}, toString(v)), mapKeys(${map}), mapValues(${map}))`;
  return {
    sql: `SELECT key, arrayMap(x -> x.2, arraySlice(arraySort(x -> (-x.1, x.2), groupArray((points, value))), 1, {perKey:UInt32})) AS values, toUInt32(count()) AS distinct
FROM (
  SELECT kv.1 AS key, kv.2 AS value, count() AS points
  FROM ${metricTables[p.type]}
  ARRAY JOIN arrayConcat([('service.name', toString(ServiceName))], ${pairs('Attributes', '')}, ${pairs('ResourceAttributes', 'resource.')}) AS kv
  ${whereAll(conditions).replace(/\n/g, '\n  ')}
  GROUP BY key, value
)
GROUP BY key
ORDER BY key
LIMIT {maxKeys:UInt32}`,
    params,
  };
}
