/**
 * The stream every receiver gets: `series` node_exporter-like series (counters and gauges of
 * 200 hosts, labelled as a scrape of job "node" labels them), one sample per series per step,
 * cut into remote_write 1.0 requests of `perRequest` samples — one sample of each of
 * `perRequest` series, as Prometheus' queue manager sends a steady scrape. Every step starts
 * a new request, so a series is always in the same slice of a step's requests.
 */
import { encodeWrite, type WriteRequestInput } from '../../collectors/prometheus/testing.js';

/** [name, the label that varies within a host, its values] */
const families: Array<[string, string, string[]]> = [
  ['node_cpu_seconds_total', 'mode', ['idle', 'user', 'system', 'iowait', 'irq', 'softirq', 'steal', 'nice']],
  ['node_network_receive_bytes_total', 'device', ['eth0', 'eth1', 'lo', 'docker0']],
  ['node_network_transmit_bytes_total', 'device', ['eth0', 'eth1', 'lo', 'docker0']],
  ['node_disk_read_bytes_total', 'device', ['sda', 'sdb', 'nvme0n1']],
  ['node_disk_written_bytes_total', 'device', ['sda', 'sdb', 'nvme0n1']],
  ['node_filesystem_avail_bytes', 'mountpoint', ['/', '/boot', '/data', '/var/lib/docker']],
  ['node_filesystem_size_bytes', 'mountpoint', ['/', '/boot', '/data', '/var/lib/docker']],
  ['node_memory_MemAvailable_bytes', 'instance_type', ['m5.large']],
  ['node_load1', 'instance_type', ['m5.large']],
  ['http_requests_total', 'handler', ['/api/orders', '/api/cart', '/api/search', '/healthz', '/metrics']],
];
/** the metric names of the stream */
export const familyNames = families.map(([name]) => name);
const perHost = families.reduce((n, [, , values]) => n + values.length, 0);

export interface Series {
  labels: Array<{ name: string; value: string }>;
  counter: boolean;
}

/** `count` distinct series: whole hosts of every family, the last host cut short. */
export function makeSeries(count: number): Series[] {
  const out: Series[] = [];
  for (let host = 0; out.length < count; host++) {
    for (const [name, key, values] of families) {
      for (const value of values) {
        if (out.length === count) break;
        out.push({
          labels: [
            { name: '__name__', value: name },
            { name: 'instance', value: `10.1.${host >> 8}.${host & 255}:9100` },
            { name: 'job', value: 'node' },
            { name: key, value },
          ].sort((a, b) => (a.name < b.name ? -1 : 1)),
          counter: name.endsWith('_total'),
        });
      }
    }
  }
  return out;
}

export const hostsFor = (series: number) => Math.ceil(series / perHost);

/**
 * The bodies of steps [firstStep, firstStep + steps): every series' sample at
 * `startMs + step * stepMs`, counters rising by a per-series amount, gauges wandering.
 */
export interface Body {
  bytes: Buffer;
  samples: number;
  /** which slice of the series it holds: a sender keeps a slice on one connection, in order, as Prometheus' shards do */
  slice: number;
}

export function buildBodies(series: Series[], perRequest: number, firstStep: number, steps: number, startMs: number, stepMs: number): Body[] {
  const bodies: Body[] = [];
  const flush = () => {
    bodies.push({ bytes: Buffer.from(encodeWrite({ timeseries: batch })), samples: batch.length, slice });
    batch = [];
    slice++;
  };
  let slice = 0;
  let batch: WriteRequestInput['timeseries'] = [];
  for (let step = firstStep; step < firstStep + steps; step++) {
    const timestamp = startMs + step * stepMs;
    series.forEach((s, i) => {
      const value = s.counter ? step * (1 + (i % 97)) : 1000 + ((i * 7919 + step * 31) % 1000) / 10;
      batch.push({ labels: s.labels, samples: [{ value, timestamp }] });
      if (batch.length === perRequest) flush();
    });
    if (batch.length > 0) flush();
    slice = 0;
  }
  return bodies;
}
