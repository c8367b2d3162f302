/**
 * What every delivery (DORA) query shares: the scope, the range, the target environment and
 * the bucket of a series. Fragments of SQL, composed by the builders beside this file.
 */

export type DeliveryBucket = 'day' | 'week' | 'month';

export interface DeliveryQuery {
  /** [fromMs, toMs): the deployments (and the lead times ending) in it are measured */
  fromMs: number;
  toMs: number;
  /** the services in scope; absent: the whole organisation */
  services?: string[];
  /** one environment by name; absent: every production environment (IsProduction) */
  environment?: string;
  bucket?: DeliveryBucket;
  /**
   * One row per service and one per team instead of the totals and series: each service's
   * team, `teams[i]` for `services[i]` (a service not listed is in team '').
   */
  breakdown?: { services: string[]; teams: string[] };
}

export const DEPLOYMENT_KINDS_UNPLANNED = ['hotfix', 'rollback', 'fix_forward'] as const;

/** What deriving the facts depends on (derive/): the range only picks which facts are read. */
export type DeriveScope = Pick<DeliveryQuery, 'services' | 'environment'>;

/** `Service IN {services}` when scoped; the table's Service column leads every sort key. */
export const scopeCondition = (q: Pick<DeliveryQuery, 'services'>, column = 'Service') => (q.services === undefined ? [] : [`${column} IN {services:Array(String)}`]);

export function deliveryParams(q: DeliveryQuery): Record<string, unknown> {
  return {
    fromMs: q.fromMs,
    toMs: q.toMs,
    target: q.environment ?? '',
    ...(q.services === undefined ? {} : { services: q.services }),
    ...(q.breakdown === undefined ? {} : { teamServices: q.breakdown.services, teamNames: q.breakdown.teams }),
  };
}

const ms = (column: string) => `toUnixTimestamp64Milli(${column})`;
export const millis = ms;
export const minutesBetween = (from: string, to: string) => `(${ms(to)} - ${ms(from)}) / 60000`;
/** `WHERE a AND b`, or nothing for no conditions. */
export const where = (conditions: string[]) => (conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`);
export const inRangeMs = (column: string) => `${ms(column)} >= {fromMs:Int64} AND ${ms(column)} < {toMs:Int64}`;

/** Epoch ms of the UTC day, Monday-started week or month holding `column`. */
export function bucketSql(bucket: DeliveryBucket, column: string): string {
  const utc = `toDateTime(${column}, 'UTC')`;
  const start = bucket === 'day' ? `toStartOfDay(${utc})` : `toDateTime(${bucket === 'week' ? 'toMonday' : 'toStartOfMonth'}(${utc}), 'UTC')`;
  return `toUnixTimestamp(${start}) * 1000`;
}

/**
 * `SELECT <bucket>, aggregates … GROUP BY GROUPING SETS ((bucket), ())`: the totals row
 * (isTotal 1) and one row per bucket from one scan, since quantiles cannot be summed later.
 */
export function groupedSelect(q: DeliveryQuery, column: string, aggregates: string[], from: string): string {
  if (q.breakdown !== undefined) return breakdownSelect(aggregates, from);
  if (q.bucket === undefined) return `SELECT 1 AS isTotal, 0 AS bucket,\n  ${aggregates.join(',\n  ')}\n${from}`;
  return `SELECT grouping(bucket) = 1 AS isTotal, ${bucketSql(q.bucket, column)} AS bucket,\n  ${aggregates.join(',\n  ')}\n${from}\nGROUP BY GROUPING SETS ((bucket), ())\nORDER BY isTotal DESC, bucket`;
}

/**
 * The breakdown form of groupedSelect: `from` must expose `Service`. One row per service
 * (isService 1, key = the service) and one per team (isService 0, key = the team, '' for
 * services without one), from one scan: a team's median is not a mix of its services' medians.
 */
function breakdownSelect(aggregates: string[], from: string): string {
  return `SELECT grouping(Service) = 0 AS isService, if(isService, Service, team) AS key,
  ${aggregates.join(',\n  ')}
FROM (SELECT *, transform(Service, {teamServices:Array(String)}, {teamNames:Array(String)}, '') AS team
${from})
GROUP BY GROUPING SETS ((Service), (team))
ORDER BY isService, key`;
}
