/**
 * The Grafana ClickHouse data source's time macros, so a SQL target imported from Grafana runs
 * as written. Each expands to bound parameters (`{fromMs:Int64}`…), never to text.
 * https://github.com/grafana/clickhouse-datasource#macros
 */
const fromTime = 'fromUnixTimestamp64Milli({fromMs:Int64})';
const toTime = 'fromUnixTimestamp64Milli({toMs:Int64})';

const withColumn: Record<string, (column: string) => string> = {
  timeFilter: (c) => `${c} >= ${fromTime} AND ${c} < ${toTime}`,
  timeFilter_ms: (c) => `${c} >= ${fromTime} AND ${c} < ${toTime}`,
  dateFilter: (c) => `${c} >= toDate(${fromTime}) AND ${c} <= toDate(${toTime})`,
  timeInterval: (c) => `toStartOfInterval(${c}, toIntervalSecond({stepSeconds:UInt32}))`,
  timeInterval_ms: (c) => `toStartOfInterval(${c}, toIntervalSecond({stepSeconds:UInt32}))`,
};

const bare: Record<string, string> = {
  fromTime,
  toTime,
  fromTime_ms: fromTime,
  toTime_ms: toTime,
  interval_s: '{stepSeconds:UInt32}',
  // Grafana's global variables: the range in epoch milliseconds
  from: '{fromMs:Int64}',
  to: '{toMs:Int64}',
};

export const supportedMacros = [...Object.keys(withColumn).map((m) => `$__${m}(column)`), ...Object.keys(bare).map((m) => `$__${m}`)];

/** The macros a statement uses that this hub does not expand. */
export function unsupportedMacros(sql: string): string[] {
  const names = [...sql.matchAll(/\$__(\w+)(\()?/g)].filter((m) => !(m[2] ? m[1]! in withColumn : m[1]! in bare)).map((m) => `$__${m[1]}`);
  return [...new Set(names)];
}

/** `sql` with every supported macro expanded; the parameters it then needs are fromMs, toMs, stepSeconds. */
export function expandMacros(sql: string): string {
  return sql
    .replace(/\$__(\w+)\(\s*([^()]+?)\s*\)/g, (m, name: string, column: string) => withColumn[name]?.(column) ?? m)
    .replace(/\$__(\w+)\b(?!\()/g, (m, name: string) => bare[name] ?? m);
}
