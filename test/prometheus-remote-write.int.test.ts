/**
 * A real Prometheus scrapes a small exporter and remote-writes to a real hub: the counter,
 * gauge and histogram it scraped land in the metric tables with their Prometheus names,
 * labels and help text, and read back through GET /api/v1/metrics/query like OTLP metrics.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFrameJSON, MetricQueryResult, MetricsListResult } from '../shared/api.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';
import { prometheusSkipReason, startPrometheus, type RunningPrometheus } from './support/prometheus.js';

const skip = prometheusSkipReason();
if (skip) console.warn(`skipping Prometheus tests: ${skip}`);

/** The exporter's page: once the test has seen the first values arrive, the counter goes 42 → 102 and the histogram doubles. */
let requests = 42;
let scale = 1;
const page = () => `# HELP demo_requests_total Requests served.
# TYPE demo_requests_total counter
demo_requests_total{path="/a"} ${requests}
# HELP demo_latency_seconds Request latency.
# TYPE demo_latency_seconds histogram
demo_latency_seconds_bucket{le="0.1"} ${3 * scale}
demo_latency_seconds_bucket{le="0.5"} ${7 * scale}
demo_latency_seconds_bucket{le="+Inf"} ${10 * scale}
demo_latency_seconds_sum ${2.25 * scale}
demo_latency_seconds_count ${10 * scale}
# HELP demo_temperature_celsius Room temperature.
# TYPE demo_temperature_celsius gauge
demo_temperature_celsius 21.5
`;

describe.skipIf(skip)('Prometheus remote_write into the hub', () => {
  let hub: RunningHub;
  let prometheus: RunningPrometheus;
  let exporter: Server;
  let target = '';

  beforeAll(async () => {
    exporter = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(page()));
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', () => r()));
    target = `127.0.0.1:${(exporter.address() as AddressInfo).port}`;
    hub = await startHub();
    prometheus = await startPrometheus({ targets: [target], job: 'demo', remoteWriteUrl: `${hub.apiUrl}/api/v1/write` });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await hub?.dispose();
    await new Promise((r) => exporter?.close(r));
  });

  const values = (f: DataFrameJSON) => (f.data?.values[1] ?? []) as Array<number | null>;
  const range = () => `from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`;
  const query = (q: string) => getJson<MetricQueryResult>(hub, `/api/v1/metrics/query?${range()}&step=60s&${q}`);

  it('stores what Prometheus scraped under its Prometheus names, types and help', async () => {
    const list = await eventually(
      () => getJson<MetricsListResult>(hub, `/api/v1/metrics?${range()}`),
      // Prometheus sends metadata in requests of its own: points written before the first one carry no help text yet
      (r) =>
        ['demo_requests_total', 'demo_latency_seconds', 'demo_temperature_celsius', 'up'].every((n) => r.metrics.some((m) => m.name === n)) &&
        ['demo_requests_total', 'demo_latency_seconds', 'demo_temperature_celsius'].every((n) => r.metrics.some((m) => m.name === n && m.description !== '')),
      30_000,
    );
    const byName = new Map(list.metrics.map((m) => [m.name, m]));
    expect(byName.get('demo_requests_total')).toMatchObject({ type: 'sum', description: 'Requests served.', services: ['demo'] });
    expect(byName.get('demo_latency_seconds')).toMatchObject({ type: 'histogram', description: 'Request latency.' });
    expect(byName.get('demo_temperature_celsius')).toMatchObject({ type: 'gauge', description: 'Room temperature.' });
    expect(byName.get('up')).toMatchObject({ type: 'gauge' });
  });

  it('reads the gauge back by name and labels', async () => {
    const gauge = await query(`name=demo_temperature_celsius&agg=max&filter=instance=${target}`);
    expect(gauge.frames.flatMap((f) => values(f).filter((v) => v !== null))).toContain(21.5);
    const up = await query('name=up&agg=max&filter=job=demo');
    expect(up.frames.flatMap((f) => values(f).filter((v) => v !== null))).toContain(1);
  });

  it('takes the counter and the histogram through a change as a rate and quantiles, as for OTLP metrics', async () => {
    await eventually(() => query('name=demo_requests_total&agg=max&filter=path=/a'), (r) => r.frames.some((f) => values(f).includes(42)), 30_000);
    requests = 102;
    scale = 2;
    // rate per second in 60 s steps: × 60 and summed, the increase over the range
    const increase = (r: MetricQueryResult) => r.frames.flatMap((f) => values(f)).reduce<number>((s, v) => s + (v ?? 0) * 60, 0);
    const rate = await eventually(() => query('name=demo_requests_total&agg=rate&filter=path=/a'), (r) => increase(r) >= 60, 30_000);
    // 42 → 102 between two scrapes: exactly 60 (the first 42 is where the series starts, not an increase)
    expect(increase(rate)).toBe(60);
    // 10 new observations: 3 ≤ 0.1 s, 4 more ≤ 0.5 s, 3 above; the median (5th) is 0.1 + (2/4) × 0.4 = 0.3 s
    const p50 = await eventually(() => query('name=demo_latency_seconds&agg=p50'), (r) => r.frames.some((f) => values(f).some((v) => v !== null)), 30_000);
    const medians = p50.frames.flatMap((f) => values(f).filter((v) => v !== null));
    expect(medians).toHaveLength(1);
    expect(medians[0]).toBeCloseTo(0.3, 12);
  });
});
