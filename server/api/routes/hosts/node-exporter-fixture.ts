/**
 * What a Prometheus scraping node_exporter (job "node", target prom-1:9100) and the kubelet's
 * cAdvisor endpoint (job "kubelet", instance "prom-1" as Kubernetes node discovery names it)
 * would remote-write, with known rates, so the host queries' answers can be worked out by hand.
 * Times are offsets from `base` (an hour boundary); the answers are in the tests that use it.
 *
 * - CPU, memory, network: a scrape a minute from base + 2 h to base + 3 h (61 scrapes).
 *   CPU 0 idles 0.75 s a second (user and system 0.125 each), CPU 1 idles 0.5 (0.25 each) and
 *   restarts its counters at 0 one minute before the 31st scrape: utilisation 1 − 1.25/2 = 0.375.
 *   MemTotal 16 GiB, MemAvailable 4 GiB, then 1 GiB from the 57th scrape (base + 2 h 56 min) on.
 *   eth0 receives 1000 B/s and sends 250 B/s; lo receives 5000 B/s.
 * - Filesystems every 5 min from base + 1 h to base + 3 h (25 scrapes): / is 100 GiB with
 *   2 GiB reserved, 50 GiB used growing 1 GiB an hour; /var is 10 GiB without free_bytes,
 *   4 GiB used growing 1 GiB an hour.
 * - cAdvisor, the last three scrapes: pod shop/cart-1 with containers app (200 MiB, 0.5 cores)
 *   and sidecar (56 MiB, 0.25 cores), its pod-level series (container "") and pause container
 *   ("POD"), which must not count; pod kube-system/coredns-1, memory only (64 MiB).
 */
import type { TimeSeries } from '../../../../collectors/prometheus/decode.js';
import { formatNanos, type GaugeRow, type SumRow } from '../../../storage/rows.js';

export const GiB = 2 ** 30;
export const MiB = 2 ** 20;
const MIN = 60_000;
const HOUR = 3_600_000;

type Labels = Record<string, string>;

function series(name: string, labels: Labels, samples: Array<[number, number]>): TimeSeries {
  return { labels: Object.entries({ __name__: name, ...labels }).map(([n, value]) => ({ name: n, value })), samples: samples.map(([timestamp, value]) => ({ timestamp, value })) };
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);

export function nodeExporterSeries(base: number): TimeSeries[] {
  const node = { job: 'node', instance: 'prom-1:9100' };
  const minute = (k: number) => base + 2 * HOUR + k * MIN;
  const scrapes = range(61);
  const out: TimeSeries[] = [];
  const cpus: Array<[string, Record<string, number>]> = [
    ['0', { idle: 0.75, user: 0.125, system: 0.125 }],
    ['1', { idle: 0.5, user: 0.25, system: 0.25 }],
  ];
  for (const [cpu, modes] of cpus) {
    for (const [mode, rate] of Object.entries(modes)) {
      // CPU 1 restarts (a reboot) between scrapes 29 and 30: its counters start again from 0
      const value = (k: number) => (cpu === '1' && k >= 30 ? rate * (k - 29) * 60 : 1000 + rate * k * 60);
      out.push(series('node_cpu_seconds_total', { ...node, cpu, mode }, scrapes.map((k) => [minute(k), value(k)])));
    }
  }
  out.push(series('node_memory_MemTotal_bytes', node, scrapes.map((k) => [minute(k), 16 * GiB])));
  out.push(series('node_memory_MemAvailable_bytes', node, scrapes.map((k) => [minute(k), k >= 56 ? GiB : 4 * GiB])));
  for (const [name, device, rate] of [
    ['node_network_receive_bytes_total', 'eth0', 1000],
    ['node_network_transmit_bytes_total', 'eth0', 250],
    ['node_network_receive_bytes_total', 'lo', 5000],
  ] as const) {
    out.push(series(name, { ...node, device }, scrapes.map((k) => [minute(k), 1e6 + rate * k * 60])));
  }
  const fiveMinutes = range(25).map((k) => ({ t: base + HOUR + k * 5 * MIN, grown: (k * GiB) / 12 }));
  const root = { ...node, device: '/dev/sda1', mountpoint: '/', fstype: 'ext4' };
  out.push(series('node_filesystem_size_bytes', root, fiveMinutes.map(({ t }) => [t, 100 * GiB])));
  out.push(series('node_filesystem_free_bytes', root, fiveMinutes.map(({ t, grown }) => [t, 50 * GiB - grown])));
  out.push(series('node_filesystem_avail_bytes', root, fiveMinutes.map(({ t, grown }) => [t, 48 * GiB - grown])));
  const varFs = { ...node, device: '/dev/sdb1', mountpoint: '/var', fstype: 'xfs' };
  out.push(series('node_filesystem_size_bytes', varFs, fiveMinutes.map(({ t }) => [t, 10 * GiB])));
  out.push(series('node_filesystem_avail_bytes', varFs, fiveMinutes.map(({ t, grown }) => [t, 6 * GiB - grown])));
  return out;
}

export function cadvisorSeries(base: number): TimeSeries[] {
  const kubelet = { job: 'kubelet', instance: 'prom-1' };
  const last = [58, 59, 60].map((k) => base + 2 * HOUR + k * MIN);
  const cart = { ...kubelet, namespace: 'shop', pod: 'cart-1' };
  const out: TimeSeries[] = [];
  for (const [container, bytes, cores] of [
    ['app', 200 * MiB, 0.5],
    ['sidecar', 56 * MiB, 0.25],
    ['', 256 * MiB, 0.75],
    ['POD', MiB, 0.001],
  ] as const) {
    out.push(series('container_memory_working_set_bytes', { ...cart, container }, last.map((t) => [t, bytes])));
    out.push(series('container_cpu_usage_seconds_total', { ...cart, container }, last.map((t, i) => [t, 100 + cores * i * 60])));
  }
  out.push(series('container_memory_working_set_bytes', { ...kubelet, namespace: 'kube-system', pod: 'coredns-1', container: 'coredns' }, last.map((t) => [t, 64 * MiB])));
  return out;
}

/**
 * The rows the remote_write collector stores for these series (docs/prometheus.md, "What a
 * sample becomes"): a `_total` name is a cumulative monotonic sum, anything else a gauge; every
 * label but `__name__` (empty ones dropped) is a point attribute, `job` and `instance` also
 * the resource's `service.name` and `service.instance.id`; no start time. For tests that use a
 * store without a hub; test/infrastructure-ui.int.test.ts sends the same series through the
 * collector itself.
 */
export function storedRows(list: TimeSeries[]): { gauges: GaugeRow[]; sums: SumRow[] } {
  const gauges: GaugeRow[] = [];
  const sums: SumRow[] = [];
  for (const ts of list) {
    const labels = Object.fromEntries(ts.labels.filter((l) => l.value !== '').map((l) => [l.name, l.value]));
    const { __name__: name, ...attributes } = labels;
    for (const sample of ts.samples) {
      const row: GaugeRow = {
        ResourceAttributes: { 'service.name': attributes.job!, 'service.instance.id': attributes.instance! },
        ResourceSchemaUrl: '', ScopeName: '', ScopeVersion: '', ScopeAttributes: {}, ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '',
        ServiceName: attributes.job!, MetricName: name!, MetricDescription: '', MetricUnit: '', Attributes: attributes,
        StartTimeUnix: formatNanos(0n), TimeUnix: formatNanos(BigInt(sample.timestamp) * 1_000_000n), Flags: 0, Value: sample.value,
        'Exemplars.FilteredAttributes': [], 'Exemplars.TimeUnix': [], 'Exemplars.Value': [], 'Exemplars.SpanId': [], 'Exemplars.TraceId': [],
      };
      if (name!.endsWith('_total')) sums.push({ ...row, AggregationTemporality: 2, IsMonotonic: true });
      else gauges.push(row);
    }
  }
  return { gauges, sums };
}
