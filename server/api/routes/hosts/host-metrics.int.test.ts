/**
 * The host page's data from node_exporter and cAdvisor series (stored as the remote_write
 * collector stores them) and from OpenTelemetry host-metrics and kubeletstats names,
 * in real chDB; every expected value is worked out in node-exporter-fixture.ts's comment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFrameJSON, HostMetricsResult, HostResult, HostsResult } from '../../../../shared/api.js';
import { formatNanos, type GaugeRow, type SumRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';
import { cadvisorSeries, GiB, MiB, nodeExporterSeries, storedRows } from './node-exporter-fixture.js';

const HOUR = 3_600_000;
const base = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const FROM = base + 2 * HOUR;
/** a minute past the newest scrape */
const TO = base + 3 * HOUR + 60_000;
const range = `from=${FROM}&to=${TO}`;

function gauge(resource: Record<string, string>, name: string, attributes: Record<string, string>, atMs: number, value: number): GaugeRow {
  return {
    ResourceAttributes: resource, ResourceSchemaUrl: '', ScopeName: 'otel', ScopeVersion: '', ScopeAttributes: {}, ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '',
    ServiceName: '', MetricName: name, MetricDescription: '', MetricUnit: '', Attributes: attributes,
    StartTimeUnix: formatNanos(0n), TimeUnix: formatNanos(BigInt(atMs) * 1_000_000n), Flags: 0, Value: value,
    'Exemplars.FilteredAttributes': [], 'Exemplars.TimeUnix': [], 'Exemplars.Value': [], 'Exemplars.SpanId': [], 'Exemplars.TraceId': [],
  };
}
const upDown = (row: GaugeRow): SumRow => ({ ...row, AggregationTemporality: 2, IsMonotonic: false });

/*
 * otel-1, OpenTelemetry names, a point a minute over the last six minutes: CPU 0 is 95 % busy
 * and CPU 1 90 % (utilisation 0.925, saturated); memory 3 GiB used of 4 (0.75); pod shop/api-0
 * from kubeletstats, named by k8s.node.name only: 0.125 cores, a 512 MiB working set (its
 * container's 100 MiB usage is the fallback, not added).
 */
function otelRows(): { gauges: GaugeRow[]; sums: SumRow[] } {
  const host = { 'host.name': 'otel-1' };
  const pod = { 'k8s.node.name': 'otel-1', 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'api-0' };
  const gauges: GaugeRow[] = [];
  const sums: SumRow[] = [];
  for (let k = 55; k <= 60; k++) {
    const t = base + 2 * HOUR + k * 60_000;
    for (const [cpu, busy] of [['0', 0.95], ['1', 0.9]] as const) {
      gauges.push(gauge(host, 'system.cpu.utilization', { cpu, state: 'user' }, t, busy), gauge(host, 'system.cpu.utilization', { cpu, state: 'idle' }, t, 1 - busy));
    }
    for (const [state, bytes] of [['used', 3 * GiB], ['free', GiB / 2], ['buffered', GiB / 4], ['cached', GiB / 4], ['slab_reclaimable', GiB / 8]] as const) {
      sums.push(upDown(gauge(host, 'system.memory.usage', { state }, t, bytes)));
    }
    gauges.push(gauge(pod, 'k8s.pod.cpu.usage', {}, t, 0.125), gauge(pod, 'k8s.pod.memory.working_set', {}, t, 512 * MiB));
    gauges.push(gauge({ ...pod, 'container.name': 'api' }, 'container.memory.usage', {}, t, 100 * MiB));
  }
  return { gauges, sums };
}

/*
 * otel-2, OpenTelemetry counters with a start time, a point a minute over the last six minutes:
 * system.cpu.time idle and user 0.5 s a second each on its one CPU (utilisation 0.5);
 * system.network.io on eth0 2048 B/s received, 1024 B/s sent, and 10⁶ B/s on lo.
 */
function otelCounters(): SumRow[] {
  const host = { 'host.name': 'otel-2' };
  const counter = (row: GaugeRow): SumRow => ({ ...row, StartTimeUnix: formatNanos(BigInt(base) * 1_000_000n), AggregationTemporality: 2, IsMonotonic: true });
  const rows: SumRow[] = [];
  for (let k = 55; k <= 60; k++) {
    const t = base + 2 * HOUR + k * 60_000;
    const seconds = (2 * HOUR + k * 60_000) / 1000;
    for (const state of ['idle', 'user']) rows.push(counter(gauge(host, 'system.cpu.time', { cpu: 'cpu0', state }, t, 0.5 * seconds)));
    for (const [device, direction, rate] of [['eth0', 'receive', 2048], ['eth0', 'transmit', 1024], ['lo', 'receive', 1e6]] as const) {
      rows.push(counter(gauge(host, 'system.network.io', { device, 'network.io.direction': direction }, t, rate * seconds)));
    }
  }
  return rows;
}

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  const prom = storedRows([...nodeExporterSeries(base), ...cadvisorSeries(base)]);
  const otel = otelRows();
  await api.insert('otel_metrics_gauge', [...prom.gauges, ...otel.gauges]);
  await api.insert('otel_metrics_sum', [...prom.sums, ...otel.sums, ...otelCounters()]);
});
afterAll(async () => {
  await api?.close();
});

/** a field's values by its name */
const values = (f: DataFrameJSON, field = 'value') => (f.data?.values[f.schema?.fields.findIndex((x) => x.name === field) ?? -1] ?? []) as Array<number | null>;
/** minutes since base */
const times = (f: DataFrameJSON) => ((f.data?.values[0] ?? []) as number[]).map((t) => (t - base) / 60_000);
const tenMinutes = [120, 130, 140, 150, 160, 170, 180];

describe('hosts from node_exporter and cAdvisor series', () => {
  it('recognises a node_exporter target by its instance without the port, and cAdvisor pods by the node', async () => {
    const { body } = await api.get<HostsResult>(`/api/v1/hosts?${range}`);
    const prom = body.hosts.find((h) => h.name === 'prom-1');
    expect(prom).toMatchObject({ services: ['kubelet', 'node'], pods: ['cart-1', 'coredns-1'] });
    expect(body.hosts.map((h) => h.name).sort()).toEqual(['otel-1', 'otel-2', 'prom-1']);
  });

  it('turns node_cpu_seconds_total into 1 − the idle share, across a counter reset', async () => {
    const { status, body } = await api.get<HostMetricsResult>(`/api/v1/hosts/prom-1/metrics?${range}&step=600`);
    expect(status).toBe(200);
    expect(body.cpu.source).toBe('node_exporter');
    expect(times(body.cpu.frame)).toEqual(tenMinutes);
    expect(values(body.cpu.frame)).toEqual(tenMinutes.map(() => 0.375));
  });

  it('reads memory as 1 − MemAvailable ÷ MemTotal', async () => {
    const { body } = await api.get<HostMetricsResult>(`/api/v1/hosts/prom-1/metrics?${range}&step=600`);
    const memory = values(body.memory.frame);
    expect(memory.slice(0, 5)).toEqual([0.75, 0.75, 0.75, 0.75, 0.75]);
    // 2 h 50 … 2 h 59: six scrapes at 0.75 and four at 0.9375
    expect(memory[5]).toBeCloseTo((6 * 0.75 + 4 * 0.9375) / 10, 12);
    expect(memory[6]).toBe(0.9375);
  });

  it('sums network bytes per second per direction without the loopback', async () => {
    const { body } = await api.get<HostMetricsResult>(`/api/v1/hosts/prom-1/metrics?${range}&step=600`);
    expect(body.network.source).toBe('node_exporter');
    // the first scrape has no earlier one to count from; the last bucket holds one scrape
    expect(values(body.network.frame, 'receive')).toEqual([900, 1000, 1000, 1000, 1000, 1000, 100]);
    expect(values(body.network.frame, 'transmit')).toEqual([225, 250, 250, 250, 250, 250, 25]);
  });

  it('gives disk use per mountpoint from node_filesystem_*_bytes', async () => {
    const { body } = await api.get<HostMetricsResult>(`/api/v1/hosts/prom-1/metrics?${range}&step=600`);
    expect(values(body.disk.frame, '/').at(-1)).toBe(52 / 98);
    expect(values(body.disk.frame, '/var').at(-1)).toBe(0.6);
  });

  it('forecasts node_exporter filesystems and marks the host saturated', async () => {
    const { status, body } = await api.get<HostResult>(`/api/v1/hosts/prom-1?${range}`);
    expect(status).toBe(200);
    const [varFs, root] = body.filesystems;
    expect(varFs).toMatchObject({ source: 'node_exporter', mountpoint: '/var', device: '/dev/sdb1', usedBytes: 6 * GiB, usableBytes: 10 * GiB, capacityBytes: 10 * GiB, secondsToFull: 4 * 3600, points: 25 });
    expect(root).toMatchObject({ source: 'node_exporter', mountpoint: '/', usedBytes: 52 * GiB, usableBytes: 98 * GiB, capacityBytes: 100 * GiB, secondsToFull: 46 * 3600 });
    expect(body.host.saturation).toEqual([
      { resource: 'memory', label: 'memory ≥ 90 % for 5 min' },
      { resource: 'disk', label: 'disk /var full in 4 h' },
    ]);
  });

  it('lists the pods with cAdvisor CPU and working set, leaving out pod-level and pause series', async () => {
    const { body } = await api.get<HostResult>(`/api/v1/hosts/prom-1?${range}`);
    expect(body.pods).toEqual([
      { namespace: 'kube-system', pod: 'coredns-1', cpuCores: null, cpuMetric: null, memoryBytes: 64 * MiB, memoryMetric: 'container_memory_working_set_bytes', lastSeen: base + 3 * HOUR },
      { namespace: 'shop', pod: 'cart-1', cpuCores: 0.75, cpuMetric: 'container_cpu_usage_seconds_total', memoryBytes: 256 * MiB, memoryMetric: 'container_memory_working_set_bytes', lastSeen: base + 3 * HOUR },
    ]);
  });
});

describe('hosts from OpenTelemetry host-metrics and kubeletstats names', () => {
  it('reads CPU as the non-idle share over the CPUs, and memory from system.memory.usage', async () => {
    const { body } = await api.get<HostMetricsResult>(`/api/v1/hosts/otel-1/metrics?from=${base + 2 * HOUR + 55 * 60_000}&to=${TO}&step=60`);
    expect(body.cpu.source).toBe('otel');
    for (const v of values(body.cpu.frame)) expect(v).toBeCloseTo(0.925, 12);
    expect(values(body.cpu.frame)).toHaveLength(6);
    expect(values(body.memory.frame)).toEqual([0.75, 0.75, 0.75, 0.75, 0.75, 0.75]);
    expect(body.disk.source).toBeNull();
    expect(body.disk.frame.schema?.fields.map((f) => f.name)).toEqual(['time']);
  });

  it('reads CPU from system.cpu.time and network from system.network.io counters', async () => {
    const { body } = await api.get<HostMetricsResult>(`/api/v1/hosts/otel-2/metrics?from=${base + 2 * HOUR + 55 * 60_000}&to=${TO}&step=60`);
    expect([body.cpu.source, body.network.source]).toEqual(['otel', 'otel']);
    // the first point has none before it to count from
    expect(times(body.cpu.frame)).toEqual([176, 177, 178, 179, 180]);
    expect(values(body.cpu.frame)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(values(body.network.frame, 'receive')).toEqual([2048, 2048, 2048, 2048, 2048]);
    expect(values(body.network.frame, 'transmit')).toEqual([1024, 1024, 1024, 1024, 1024]);
  });

  it('marks sustained CPU on the hosts list and lists kubeletstats pods by their node', async () => {
    const { body: list } = await api.get<HostsResult>(`/api/v1/hosts?${range}`);
    expect(list.hosts.find((h) => h.name === 'otel-1')?.saturation).toEqual([{ resource: 'cpu', label: 'CPU ≥ 90 % for 5 min' }]);
    const { body } = await api.get<HostResult>(`/api/v1/hosts/otel-1?${range}`);
    expect(body.pods).toEqual([
      { namespace: 'shop', pod: 'api-0', cpuCores: 0.125, cpuMetric: 'k8s.pod.cpu.usage', memoryBytes: 512 * MiB, memoryMetric: 'k8s.pod.memory.working_set', lastSeen: base + 3 * HOUR },
    ]);
  });

  it('answers a step too fine for the range with a 400 naming step', async () => {
    const { status, body } = await api.get<{ message: string; details?: unknown }>(`/api/v1/hosts/otel-1/metrics?${range}&step=0`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('step');
  });
});
