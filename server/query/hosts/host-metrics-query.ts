/**
 * A host's CPU, memory, disk and network over time, from whichever source it reports
 * (docs/infrastructure.md, "Host metrics"): the OpenTelemetry host-metrics names or
 * node_exporter's, remote-written. Each query unions its sources, ranked, and keeps per host
 * and bucket the best-ranked one that has points, so a host that sends both is not counted twice.
 */
import { inRange, whereAll, type SqlQuery } from '../sql.js';
import { cumulativeSql } from '../metrics/cumulative.js';
import { bucketSql, lookbackMs, seriesSql } from '../metrics/selector.js';
import { DELTA } from '../metrics/types.js';
import { hostConditions, METRIC_HOST, sqlNames } from './host-of.js';

export interface HostSeriesQuery {
  fromMs: number;
  toMs: number;
  stepSeconds: number;
  /** one host; absent: every host (saturation of the hosts list) */
  host?: string;
}

export type MetricSource = 'otel' | 'node_exporter';

export interface HostPointRow {
  host: string;
  time: number;
  /** the mountpoint (disk) or direction (network); '' for CPU and memory */
  label: string;
  value: number;
  source: MetricSource;
}


function params(q: HostSeriesQuery): Record<string, unknown> {
  return {
    fromMs: q.fromMs,
    toMs: q.toMs,
    stepMs: q.stepSeconds * 1000,
    stepSeconds: q.stepSeconds,
    scanFromMs: q.fromMs - lookbackMs(q.stepSeconds),
    ...(q.host === undefined ? {} : { host: q.host }),
  };
}

const pointConditions = (q: HostSeriesQuery, names: string[], from = 'fromMs') => [
  `MetricName IN (${sqlNames(names)})`,
  ...inRange('TimeUnix', from),
  // a Prometheus stale marker ends a series: no value to read
  'bitAnd(Flags, 1) = 0',
  ...hostConditions(METRIC_HOST, q.host),
];

/**
 * Rows of one scrape (host, bucket, point time) aggregated by `columns`, then averaged per
 * bucket as `value`, tagged with the source's rank.
 */
function perScrape(q: HostSeriesQuery, s: { table: string; names: string[]; columns: string[]; having?: string; value: string; rank: number; source: MetricSource }): string {
  return `SELECT host, time, '' AS label, ${s.rank} AS rank, '${s.source}' AS source, avg(${s.value}) AS value
  FROM (
    SELECT ${METRIC_HOST} AS host, ${bucketSql('toUnixTimestamp64Milli(TimeUnix)')} AS time, TimeUnix AS ts,
      ${s.columns.join(',\n      ')}
    FROM ${s.table}
    ${whereAll(pointConditions(q, s.names)).replace(/\n/g, '\n    ')}
    GROUP BY host, time, ts${s.having ? `\n    HAVING ${s.having}` : ''}
  )
  GROUP BY host, time`;
}

/**
 * Per point of the named counters, its increase over the point before it in its series
 * (`cumulativeSql`, looked up to the lookback before `from`), with `columns` carried along
 * as `carry`: host, time (bucket), name, …carry, increase. A series is per metric name too,
 * as several are read at once.
 */
function increases(q: HostSeriesQuery, names: string[], columns: string[], carry: string[]): string {
  const c = cumulativeSql({ grew: 'v >= prev', fell: 'v < prev' });
  return `SELECT host, ${bucketSql('t')} AS time, name, ${carry.map((k) => `${k}, `).join('')}
      AggregationTemporality = ${DELTA} AS delta, ${c.continues} AS continues, ${c.restarts} AS restarts,
      if(delta OR NOT continues, v, v - prev) AS increase
    FROM (
      SELECT ${METRIC_HOST} AS host, toString(MetricName) AS name, toUnixTimestamp64Milli(TimeUnix) AS t, ${columns.join(', ')},
        AggregationTemporality, Value AS v, lagInFrame(Value) OVER series AS prev, ${c.pointColumns.join(', ')}
      FROM otel_metrics_sum_all
      ${whereAll(pointConditions(q, names, 'scanFromMs')).replace(/\n/g, '\n      ')}
      WINDOW series AS (PARTITION BY MetricName, ${seriesSql(['AggregationTemporality'])} ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
    )
    WHERE t >= {fromMs:Int64} AND (delta OR continues OR restarts)`;
}

/** Per host, bucket and label, the best-ranked source's value. */
function best(q: HostSeriesQuery, branches: string[]): SqlQuery {
  return {
    sql: `SELECT host, time, label, argMin(value, rank) AS value, argMin(source, rank) AS source
FROM (
  ${branches.join('\n  UNION ALL\n  ')}
)
GROUP BY host, time, label
ORDER BY host, label, time`,
    params: params(q),
  };
}

/** CPU state: `cpu.mode` (semantic conventions 1.26+) or the host-metrics receiver's `state`. */
const CPU_MODE = `if(Attributes['cpu.mode'] != '', Attributes['cpu.mode'], Attributes['state'])`;
const CPU_ID = `if(Attributes['cpu.logical_number'] != '', Attributes['cpu.logical_number'], Attributes['cpu'])`;

/**
 * CPU utilisation, 0…1, busy = every mode but idle:
 * 1. `system.cpu.utilization` (gauge per CPU and mode): the non-idle share summed, over the CPUs;
 * 2. `system.cpu.time` and 3. node_exporter's `node_cpu_seconds_total` (counters per CPU and
 *    mode): 1 − idle seconds ÷ all seconds counted in the bucket, the same as 1 − the idle
 *    rate per CPU, without depending on where the scrapes fall in the bucket.
 */
export function hostCpuSql(q: HostSeriesQuery): SqlQuery {
  const gauge = perScrape(q, {
    table: 'otel_metrics_gauge_all',
    names: ['system.cpu.utilization'],
    columns: [`sumIf(Value, ${CPU_MODE} != 'idle') / uniqExact(${CPU_ID}) AS busy`],
    value: 'busy',
    rank: 0,
    source: 'otel',
  });
  const counters = `SELECT host, time, '' AS label, if(name = 'system.cpu.time', 1, 2) AS rank, if(name = 'system.cpu.time', 'otel', 'node_exporter') AS source,
    1 - sumIf(increase, mode = 'idle') / sum(increase) AS value
  FROM (
    ${increases(q, ['system.cpu.time', 'node_cpu_seconds_total'], [`if(MetricName = 'node_cpu_seconds_total', Attributes['mode'], ${CPU_MODE}) AS mode`], ['mode'])}
  )
  GROUP BY host, time, name
  HAVING sum(increase) > 0`;
  return best(q, [gauge, counters]);
}

/** Memory state: `system.memory.state` (semantic conventions) or the host-metrics receiver's `state`. */
const MEMORY_STATE = `if(Attributes['system.memory.state'] != '', Attributes['system.memory.state'], Attributes['state'])`;

/**
 * Memory utilisation, 0…1:
 * 1. `system.memory.utilization`: the `used` state's share (a point without a state is taken as the share);
 * 2. `system.memory.usage`: used ÷ (used + free + buffered + cached), Linux's total (the slab
 *    states are part of used, so not added);
 * 3. node_exporter: 1 − MemAvailable ÷ MemTotal.
 */
export function hostMemorySql(q: HostSeriesQuery): SqlQuery {
  return best(q, [
    perScrape(q, {
      table: 'otel_metrics_gauge_all',
      names: ['system.memory.utilization'],
      columns: [`if(countIf(${MEMORY_STATE} != '') > 0, sumIf(Value, ${MEMORY_STATE} = 'used'), avg(Value)) AS used`],
      value: 'used',
      rank: 0,
      source: 'otel',
    }),
    perScrape(q, {
      table: 'otel_metrics_sum_all',
      names: ['system.memory.usage'],
      columns: [`sumIf(Value, ${MEMORY_STATE} = 'used') AS used`, `sumIf(Value, ${MEMORY_STATE} IN ('used', 'free', 'buffered', 'cached')) AS total`],
      having: 'total > 0',
      value: 'used / total',
      rank: 1,
      source: 'otel',
    }),
    perScrape(q, {
      table: 'otel_metrics_gauge_all',
      names: ['node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes'],
      columns: [`sumIf(Value, MetricName = 'node_memory_MemAvailable_bytes') AS available`, `sumIf(Value, MetricName = 'node_memory_MemTotal_bytes') AS total`],
      having: `total > 0 AND countIf(MetricName = 'node_memory_MemAvailable_bytes') > 0`,
      value: '1 - available / total',
      rank: 2,
      source: 'node_exporter',
    }),
  ]);
}

/**
 * Filesystem points, one row per host, source, device, mountpoint and point time, in bytes:
 * used, usable (used + what unprivileged writers may still fill, df's Size less the reserved
 * blocks) and capacity (with reserved), from
 * - `system.filesystem.usage` (states used, free — df's Avail — and reserved);
 * - node_exporter: size_bytes, free_bytes (with reserved) and avail_bytes: used = size − free,
 *   usable = used + avail, capacity = size (free_bytes missing: nothing reserved).
 * `conditions` (host, range) apply to both.
 */
export function filesystemPointsSql(conditions: string[]): string {
  const where = (names: string[]) => whereAll([`MetricName IN (${sqlNames(names)})`, 'bitAnd(Flags, 1) = 0', ...conditions]).replace(/\n/g, '\n    ');
  const node = ['node_filesystem_size_bytes', 'node_filesystem_free_bytes', 'node_filesystem_avail_bytes'];
  return `SELECT ${METRIC_HOST} AS host, 'otel' AS source, Attributes['device'] AS device, Attributes['mountpoint'] AS mountpoint, toUnixTimestamp64Milli(TimeUnix) AS t,
    sumIf(Value, Attributes['state'] = 'used') AS used, sumIf(Value, Attributes['state'] IN ('used', 'free')) AS usable, sum(Value) AS capacity
    FROM otel_metrics_sum_all
    ${where(['system.filesystem.usage'])}
    GROUP BY host, device, mountpoint, t
  UNION ALL
  SELECT host, 'node_exporter' AS source, device, mountpoint, t, used, used + avail AS usable, size AS capacity FROM (
    SELECT ${METRIC_HOST} AS host, Attributes['device'] AS device, Attributes['mountpoint'] AS mountpoint, toUnixTimestamp64Milli(TimeUnix) AS t,
      sumIf(Value, MetricName = 'node_filesystem_size_bytes') AS size, sumIf(Value, MetricName = 'node_filesystem_avail_bytes') AS avail,
      if(countIf(MetricName = 'node_filesystem_free_bytes') > 0, sumIf(Value, MetricName = 'node_filesystem_free_bytes'), avail) AS free,
      size - free AS used
    FROM otel_metrics_gauge_all
    ${where(node)}
    GROUP BY host, device, mountpoint, t
    HAVING countIf(MetricName = 'node_filesystem_size_bytes') > 0 AND countIf(MetricName = 'node_filesystem_avail_bytes') > 0
  )`;
}

/** Disk use per mountpoint, 0…1 (used ÷ usable, df's Use%; the fullest device when several share a mountpoint). */
export function hostDiskSql(q: HostSeriesQuery): SqlQuery {
  return {
    sql: `SELECT host, ${bucketSql('t')} AS time, mountpoint AS label, max(used / usable) AS value, any(source) AS source
FROM (
  ${filesystemPointsSql([...inRange('TimeUnix'), ...hostConditions(METRIC_HOST, q.host)])}
)
WHERE usable > 0
GROUP BY host, time, label
ORDER BY host, label, time`,
    params: params(q),
  };
}

/** Network direction: `network.io.direction` (semantic conventions) or the host-metrics receiver's `direction`; node_exporter says it in the name. */
const DIRECTION = `multiIf(MetricName = 'node_network_receive_bytes_total', 'receive', MetricName = 'node_network_transmit_bytes_total', 'transmit',
        Attributes['network.io.direction'] != '', Attributes['network.io.direction'], Attributes['direction'])`;

/**
 * Network bytes per second per direction (receive, transmit), summed over the devices but the
 * loopback (`lo`): `system.network.io`, or node_exporter's node_network_{receive,transmit}_bytes_total.
 */
export function hostNetworkSql(q: HostSeriesQuery): SqlQuery {
  const names = ['system.network.io', 'node_network_receive_bytes_total', 'node_network_transmit_bytes_total'];
  return best(q, [
    `SELECT host, time, direction AS label, if(name = 'system.network.io', 0, 1) AS rank, if(name = 'system.network.io', 'otel', 'node_exporter') AS source,
    sum(increase) / {stepSeconds:Float64} AS value
  FROM (
    ${increases(q, names, [`${DIRECTION} AS direction`, `Attributes['device'] AS device`], ['direction', 'device'])}
  )
  WHERE device != 'lo'
  GROUP BY host, time, label, name`,
  ]);
}
