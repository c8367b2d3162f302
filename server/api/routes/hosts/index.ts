import { Hono } from 'hono';
import type { DataFrameJSON, DiskForecast, HostMetricPanel, HostMetricSource, HostMetricsResult, HostResult, HostsResult, HostSummary, PodUsage, SaturationMark } from '../../../../shared/api.js';
import { hostCpuSql, hostDiskSql, hostMemorySql, hostNetworkSql, type HostPointRow, type HostSeriesQuery } from '../../../query/hosts/host-metrics-query.js';
import { diskForecastSql, hostsSql, type DiskForecastRow, type HostRow } from '../../../query/hosts/hosts-query.js';
import { podsSql, type PodRow } from '../../../query/hosts/pods-query.js';
import { sustainedUseSql, type SustainedRow } from '../../../query/hosts/saturation.js';
import type { SqlQuery } from '../../../query/sql.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../../../lib/grafana.js';
import { stepParam, withStep } from '../params.js';
import { saturationMarks } from './saturation-marks.js';

/** The disk-full trend is fitted over this much history before `to`, whatever range the page shows. */
export const FORECAST_WINDOW_MS = 6 * 3_600_000;

const summary = (r: HostRow, saturation: SaturationMark[]): HostSummary => ({
  name: r.host,
  services: r.services,
  pods: r.pods,
  nodes: r.nodes,
  containers: r.containers,
  lastSeen: Number(r.lastSeenMs),
  spans: Number(r.spans),
  logs: Number(r.logs),
  points: Number(r.points),
  saturation,
});

const forecast = (r: DiskForecastRow): DiskForecast => {
  const fullAt = r.fullAtMs === null ? null : Number(r.fullAtMs);
  return {
    source: r.source as HostMetricSource,
    device: r.device,
    mountpoint: r.mountpoint,
    usedBytes: Number(r.usedBytes),
    usableBytes: Number(r.usableBytes),
    capacityBytes: Number(r.capacityBytes),
    // as df's Use%: used ÷ (used + available)
    utilization: Number(r.usableBytes) > 0 ? Number(r.usedBytes) / Number(r.usableBytes) : null,
    bytesPerHour: Number(r.slopeBytesPerSecond) * 3600,
    fullAt,
    secondsToFull: fullAt === null ? null : Math.max(0, Math.round((fullAt - Number(r.atMs)) / 1000)),
    points: Number(r.points),
  };
};

const pod = (r: PodRow): PodUsage => ({
  namespace: r.namespace,
  pod: r.pod,
  cpuCores: r.cpuCores === null ? null : Number(r.cpuCores),
  cpuMetric: r.cpuCores === null ? null : r.cpuMetric,
  memoryBytes: r.memoryBytes === null ? null : Number(r.memoryBytes),
  memoryMetric: r.memoryBytes === null ? null : r.memoryMetric,
  lastSeen: Number(r.lastSeenMs),
});

/**
 * Rows → one frame: `time` (ms) and a number field per label (mountpoint, direction; `value`
 * for CPU and memory), null where a series has no bucket; the source is the newest point's.
 */
function panel(name: string, rows: HostPointRow[]): HostMetricPanel {
  const times = [...new Set(rows.map((r) => Number(r.time)))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const series = new Map<string, Array<number | null>>();
  let newest: HostPointRow | undefined;
  for (const r of rows) {
    const label = r.label === '' ? 'value' : r.label;
    if (!series.has(label)) series.set(label, times.map(() => null));
    series.get(label)![at.get(Number(r.time))!] = r.value === null || !Number.isFinite(Number(r.value)) ? null : Number(r.value);
    if (newest === undefined || Number(r.time) > Number(newest.time)) newest = r;
  }
  const frame = toDataFrame({
    name,
    fields: [{ name: 'time', type: FieldType.time, values: times }, ...[...series].map(([label, values]) => ({ name: label, type: FieldType.number, values }))],
  });
  return { source: newest?.source ?? null, frame: dataFrameToJSON(frame) as DataFrameJSON };
}

const byHost = <T extends { host: string }>(rows: T[]) => {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(r.host, [...(map.get(r.host) ?? []), r]);
  return map;
};

/** GET /api/v1/hosts, /hosts/:name and /hosts/:name/metrics (docs/infrastructure.md). */
export function hostsRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();
  const rangeQuery = checkRange(timeRangeQuery.strict(), limits.searchRange);
  const metricsQuery = withStep(timeRangeQuery.extend({ step: stepParam.optional() }).strict(), limits.searchRange);
  const run = <T>(q: SqlQuery) => store.query<T>(q.sql, q.params);

  /** Sustained use and filesystem forecasts at the range's end, per host (one host, or all). */
  async function saturation(to: number, host?: string) {
    const [sustained, disks] = await Promise.all([run<SustainedRow>(sustainedUseSql({ toMs: to, host })), run<DiskForecastRow>(diskForecastSql({ fromMs: to - FORECAST_WINDOW_MS, toMs: to, host }))]);
    const filesystems = new Map([...byHost(disks)].map(([h, rows]) => [h, rows.map(forecast)]));
    const sustainedBy = byHost(sustained);
    return { filesystems, marks: (h: string) => saturationMarks(sustainedBy.get(h) ?? [], filesystems.get(h) ?? []) };
  }

  app.get('/', validate('query', rangeQuery), async (c) => {
    const { from, to } = c.req.valid('query');
    const [rows, sat] = await Promise.all([run<HostRow>(hostsSql({ fromMs: from, toMs: to })), saturation(to)]);
    return c.json({ range: { from, to }, hosts: rows.map((r) => summary(r, sat.marks(r.host))) } satisfies HostsResult);
  });

  app.get('/:name', validate('query', rangeQuery), async (c) => {
    const host = c.req.param('name');
    const { from, to } = c.req.valid('query');
    const [[row], sat, pods] = await Promise.all([run<HostRow>(hostsSql({ fromMs: from, toMs: to, host })), saturation(to, host), run<PodRow>(podsSql({ fromMs: from, toMs: to, host }))]);
    if (!row) throw new AppError('not_found', `no host "${host}": no span, log record or metric point in the range names it (host.name, k8s.node.name, or a node_exporter or cAdvisor instance)`);
    return c.json({
      range: { from, to },
      host: summary(row, sat.marks(host)),
      filesystems: sat.filesystems.get(host) ?? [],
      forecastWindowMs: FORECAST_WINDOW_MS,
      pods: pods.map(pod),
    } satisfies HostResult);
  });

  app.get('/:name/metrics', validate('query', metricsQuery), async (c) => {
    const { from, to, step } = c.req.valid('query');
    const q: HostSeriesQuery = { fromMs: from, toMs: to, stepSeconds: step, host: c.req.param('name') };
    const [cpu, memory, disk, network] = await Promise.all([hostCpuSql, hostMemorySql, hostDiskSql, hostNetworkSql].map((sql) => run<HostPointRow>(sql(q))));
    return c.json({
      range: { from, to },
      step,
      cpu: panel('cpu.utilization', cpu!),
      memory: panel('memory.utilization', memory!),
      disk: panel('disk.utilization', disk!),
      network: panel('network.bytes_per_second', network!),
    } satisfies HostMetricsResult);
  });

  return app;
}
