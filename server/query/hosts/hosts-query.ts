/**
 * Hosts as the telemetry names them (server/query/hosts/host-of.ts): the `host.name` resource
 * attribute of spans, logs and metrics (OpenTelemetry resource semantic conventions; the
 * host-metrics receiver sets it, so do SDKs with the host detector), and for metrics also
 * `k8s.node.name` and a remote-written node_exporter or cAdvisor series' `instance`; with the
 * services, pods and containers seen on each, and the disk-full forecast. docs/infrastructure.md.
 */
import { inRange, whereAll, type SqlQuery } from '../sql.js';
import { hostConditions, METRIC_HOST, SIGNAL_HOST } from './host-of.js';
import { filesystemPointsSql } from './host-metrics-query.js';
import { METRIC_POD } from './pods-query.js';

export interface HostRange {
  fromMs: number;
  toMs: number;
  /** one host by name; absent: every host */
  host?: string;
}

export interface HostRow {
  host: string;
  services: string[];
  pods: string[];
  nodes: string[];
  containers: string[];
  /** epoch ms of the newest span, log record or point */
  lastSeenMs: number;
  spans: number;
  logs: number;
  points: number;
}

const METRIC_TABLES = ['otel_metrics_gauge_all', 'otel_metrics_sum_all', 'otel_metrics_histogram'];

/** What each signal's table says about its hosts in the range, one row per host and service. */
function sources(q: HostRange): string {
  const from = (table: string, time: string, signal: 'spans' | 'logs' | 'points') => {
    const host = signal === 'points' ? METRIC_HOST : SIGNAL_HOST;
    const pod = signal === 'points' ? METRIC_POD : `ResourceAttributes['k8s.pod.name']`;
    return `SELECT ${host} AS host, ServiceName AS service,
    groupUniqArrayIf(${pod}, ${pod} != '') AS pods,
    groupUniqArrayIf(ResourceAttributes['k8s.node.name'], ResourceAttributes['k8s.node.name'] != '') AS nodes,
    groupUniqArrayIf(ResourceAttributes['container.id'], ResourceAttributes['container.id'] != '') AS containers,
    max(${time}) AS last, ${signal === 'spans' ? 'count()' : '0'} AS spans, ${signal === 'logs' ? 'count()' : '0'} AS logs, ${signal === 'points' ? 'count()' : '0'} AS points
  FROM ${table}
  ${whereAll([...inRange(time), ...hostConditions(host, q.host)])}
  GROUP BY host, service`;
  };
  return [from('otel_traces', 'Timestamp', 'spans'), from('otel_logs', 'Timestamp', 'logs'), ...METRIC_TABLES.map((t) => from(t, 'TimeUnix', 'points'))].join('\n  UNION ALL\n  ');
}

/** Every host seen in the range (or the one asked for), newest first. */
export function hostsSql(q: HostRange): SqlQuery {
  return {
    sql: `SELECT host,
  arraySort(groupUniqArrayIf(service, service != '')) AS services,
  arraySort(arrayDistinct(arrayFlatten(groupArray(pods)))) AS pods,
  arraySort(arrayDistinct(arrayFlatten(groupArray(nodes)))) AS nodes,
  arraySort(arrayDistinct(arrayFlatten(groupArray(containers)))) AS containers,
  toUnixTimestamp64Milli(max(last)) AS lastSeenMs,
  sum(spans) AS spans, sum(logs) AS logs, sum(points) AS points
FROM (
  ${sources(q)}
)
GROUP BY host
ORDER BY lastSeenMs DESC, host
LIMIT 1000`,
    params: { fromMs: q.fromMs, toMs: q.toMs, ...(q.host === undefined ? {} : { host: q.host }) },
  };
}

export interface DiskForecastRow {
  host: string;
  /** where the points came from: otel (system.filesystem.usage) or node_exporter */
  source: string;
  device: string;
  mountpoint: string;
  /** bytes at the newest point: used; used + free (what can be written, as df's Size − reserved); and with reserved */
  usedBytes: number;
  usableBytes: number;
  capacityBytes: number;
  /** the fitted trend, bytes per second (least squares over the range's points) */
  slopeBytesPerSecond: number;
  /** when the trend reaches the capacity, epoch ms; null when it is flat or shrinking */
  fullAtMs: number | null;
  /** epoch ms of the newest point */
  atMs: number;
  points: number;
}

/**
 * Time until full per filesystem of one host (or of every host): a least-squares line through
 * its used bytes over the range (what Prometheus' predict_linear fits), extended to where it
 * reaches the usable size, from `system.filesystem.usage` or node_exporter's
 * node_filesystem_{size,free,avail}_bytes (`filesystemPointsSql`). The disk is full for
 * applications when used reaches used + free (df's Avail), with the reserved blocks still left.
 */
export function diskForecastSql(q: HostRange): SqlQuery {
  return {
    sql: `SELECT host, source, device, mountpoint,
  argMax(used, t) AS usedBytes, argMax(usable, t) AS usableBytes, argMax(capacity, t) AS capacityBytes,
  -- seconds from the range's start, not the epoch: sums of squares of 1.7e9 would cancel
  simpleLinearRegression(toFloat64(t - {fromMs:Int64}) / 1000, used) AS fit,
  fit.1 AS slopeBytesPerSecond,
  if(slopeBytesPerSecond > 0, {fromMs:Int64} + toInt64(round((usableBytes - fit.2) / slopeBytesPerSecond * 1000)), NULL) AS fullAtMs,
  max(t) AS atMs, count() AS points
FROM (
  ${filesystemPointsSql([...inRange('TimeUnix'), ...hostConditions(METRIC_HOST, q.host)])}
)
GROUP BY host, source, device, mountpoint
ORDER BY host, fullAtMs IS NULL, fullAtMs, mountpoint, device`,
    params: { fromMs: q.fromMs, toMs: q.toMs, ...(q.host === undefined ? {} : { host: q.host }) },
  };
}
