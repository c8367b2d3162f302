/**
 * The pods on a host and what each uses now (docs/infrastructure.md, "Pods"): CPU in cores and
 * memory (working set) in bytes, from the OpenTelemetry kubeletstats names (`k8s.pod.*`,
 * `container.*`, the pod in the resource's `k8s.pod.name`) or cAdvisor's, remote-written
 * (`container_*`, the pod in the `pod` label).
 */
import { inRange, whereAll, type SqlQuery } from '../sql.js';
import { seriesSql } from '../metrics/selector.js';
import { hostConditions, METRIC_HOST, sqlNames } from './host-of.js';

/** A metric point's pod: the resource's `k8s.pod.name`, or cAdvisor's `pod` label. */
export const METRIC_POD = `if(ResourceAttributes['k8s.pod.name'] != '', ResourceAttributes['k8s.pod.name'], if(match(MetricName, '^container_'), Attributes['pod'], ''))`;
const METRIC_NAMESPACE = `if(ResourceAttributes['k8s.namespace.name'] != '', ResourceAttributes['k8s.namespace.name'], if(match(MetricName, '^container_'), Attributes['namespace'], ''))`;

/**
 * The gauges read, best first per pod: pod-level figures, else its containers' summed. The
 * kubeletstats `*.cpu.utilization` names are the older names of `*.cpu.usage` (cores, not a ratio).
 */
const CPU_GAUGES = ['k8s.pod.cpu.usage', 'k8s.pod.cpu.utilization', 'container.cpu.usage', 'container.cpu.utilization'];
const MEMORY_GAUGES = ['k8s.pod.memory.working_set', 'container.memory.working_set', 'container.memory.usage', 'container_memory_working_set_bytes'];
/** cAdvisor's CPU counter (seconds), ranked after every gauge */
const CPU_COUNTER = 'container_cpu_usage_seconds_total';

/**
 * A series that stopped this long before the newest of its pod and metric is not current
 * (an old container of a restarted pod), as Prometheus' lookback delta.
 */
export const CURRENT_WINDOW_MS = 300_000;

export interface PodRow {
  namespace: string;
  pod: string;
  /** cores; null when no CPU metric names the pod */
  cpuCores: number | null;
  cpuMetric: string;
  memoryBytes: number | null;
  memoryMetric: string;
  lastSeenMs: number;
}

const rankOf = (names: string[]) => `indexOf([${sqlNames(names)}], name)`;

/**
 * One row per pod seen on the host in the range. Per pod and metric, each series' latest
 * value (for cAdvisor's CPU counter: its increase over the series' last two points per
 * second), summed over the pod's current series; the best-ranked metric wins. cAdvisor's
 * pod-level series (container "") and pause container ("POD") are left out, so nothing counts twice.
 */
export function podsSql(q: { fromMs: number; toMs: number; host: string }): SqlQuery {
  const where = (names: string[]) =>
    whereAll([
      `MetricName IN (${sqlNames(names)})`,
      ...inRange('TimeUnix'),
      'bitAnd(Flags, 1) = 0',
      ...hostConditions(METRIC_HOST, q.host),
      `${METRIC_POD} != ''`,
      `(NOT match(MetricName, '^container_') OR Attributes['container'] NOT IN ('', 'POD'))`,
    ]).replace(/\n/g, '\n      ');
  return {
    sql: `SELECT namespace, pod,
  if(countIf(kind = 'cpu') > 0, argMinIf(value, rank, kind = 'cpu'), NULL) AS cpuCores,
  argMinIf(name, rank, kind = 'cpu') AS cpuMetric,
  if(countIf(kind = 'memory') > 0, argMinIf(value, rank, kind = 'memory'), NULL) AS memoryBytes,
  argMinIf(name, rank, kind = 'memory') AS memoryMetric,
  max(at) AS lastSeenMs
FROM (
  SELECT namespace, pod, name, if(name IN (${sqlNames(MEMORY_GAUGES)}), 'memory', 'cpu') AS kind,
    if(kind = 'memory', ${rankOf(MEMORY_GAUGES)}, if(name = '${CPU_COUNTER}', ${CPU_GAUGES.length + 1}, ${rankOf(CPU_GAUGES)})) AS rank,
    arraySum(arrayFilter((v, a) -> a >= arrayMax(ats) - ${CURRENT_WINDOW_MS}, groupArray(latest), groupArray(seriesAt) AS ats)) AS value,
    arrayMax(ats) AS at
  FROM (
    SELECT ${METRIC_NAMESPACE} AS namespace, ${METRIC_POD} AS pod, toString(MetricName) AS name, ${seriesSql()} AS series,
      argMax(Value, TimeUnix) AS latest, toUnixTimestamp64Milli(max(TimeUnix)) AS seriesAt
    FROM otel_metrics_gauge_all
    ${where([...CPU_GAUGES, ...MEMORY_GAUGES])}
    GROUP BY namespace, pod, name, series
    UNION ALL
    SELECT namespace, pod, name, series, argMaxIf(perSecond, t, n > 1 AND v >= prev) AS latest, max(t) AS seriesAt
    FROM (
      SELECT ${METRIC_NAMESPACE} AS namespace, ${METRIC_POD} AS pod, toString(MetricName) AS name, ${seriesSql()} AS series,
        toUnixTimestamp64Milli(TimeUnix) AS t, Value AS v, lagInFrame(Value) OVER w AS prev, lagInFrame(toUnixTimestamp64Milli(TimeUnix)) OVER w AS prevT, row_number() OVER w AS n,
        (v - prev) / ((t - prevT) / 1000) AS perSecond
      FROM otel_metrics_sum_all
      ${where([CPU_COUNTER])}
      WINDOW w AS (PARTITION BY ${seriesSql()} ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
    )
    GROUP BY namespace, pod, name, series
    HAVING countIf(n > 1 AND v >= prev) > 0
  )
  GROUP BY namespace, pod, name
)
GROUP BY namespace, pod
ORDER BY namespace, pod
LIMIT 1000`,
    params: { fromMs: q.fromMs, toMs: q.toMs, host: q.host },
  };
}
