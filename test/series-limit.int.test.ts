/**
 * The per-metric series limit on a real hub (OCTOLENS_MAX_SERIES_PER_METRIC=3): the real OTel
 * SDK's exporter sends a counter of five customers and remote_write a counter of four codes;
 * the first three series of each are stored and read back, the rest refused with a message
 * naming the limit, and /metrics counts them.
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricQueryResult } from '../shared/api.js';
import { encodeWrite, remoteWriteHeaders } from '../collectors/prometheus/testing.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub({ env: { OCTOLENS_MAX_SERIES_PER_METRIC: '3' } });
});
afterAll(async () => {
  await hub?.dispose();
});

const lastValues = (r: MetricQueryResult, label: string) =>
  Object.fromEntries(r.frames.map((f) => [f.schema!.fields[1]!.labels?.[label], (f.data!.values[1] as Array<number | null>).filter((v) => v !== null).at(-1)]));
const range = () => `from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`;

describe('per-metric series limit', () => {
  const sent = { c1: 1, c2: 2, c3: 3, c4: 4, c5: 5 };

  beforeAll(async () => {
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'orders' }),
      readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${hub.otlpUrl}/v1/metrics` }), exportIntervalMillis: 60_000 })],
    });
    const placed = provider.getMeter('orders').createCounter('orders.placed');
    for (const [customer, n] of Object.entries(sent)) placed.add(n, { customer });
    provider.getMeter('orders').createCounter('orders.cancelled').add(7, { customer: 'c9' });
    await provider.shutdown();
  });

  it('stores three series of the OTLP counter, with the values sent, and the other metric untouched', async () => {
    const placed = lastValues(await getJson<MetricQueryResult>(hub, `/api/v1/metrics/query?name=orders.placed&agg=sum&groupBy=customer&${range()}`), 'customer');
    expect(Object.keys(placed)).toHaveLength(3);
    for (const [customer, value] of Object.entries(placed)) expect(value).toBe(sent[customer as keyof typeof sent]);
    const cancelled = await getJson<MetricQueryResult>(hub, `/api/v1/metrics/query?name=orders.cancelled&agg=sum&groupBy=customer&${range()}`);
    expect(lastValues(cancelled, 'customer')).toEqual({ c9: 7 });
  });

  it('answers a remote_write with a fourth series 400, naming the limit, and stores the other three', async () => {
    const now = Date.now();
    const timeseries = ['200', '404', '500', '503'].map((code, i) => ({
      labels: [
        { name: '__name__', value: 'rw_requests_total' },
        { name: 'code', value: code },
        { name: 'job', value: 'edge' },
      ],
      samples: [{ value: 10 * (i + 1), timestamp: now }],
    }));
    const res = await fetch(`${hub.apiUrl}/api/v1/write`, { method: 'POST', headers: remoteWriteHeaders, body: encodeWrite({ timeseries }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('malformed');
    expect(body.message).toMatch(/^1 of 4 samples refused, the other 3 stored: timeseries\[3\]: a new series of "rw_requests_total" refused: it has 3 active series, the most OCTOLENS_MAX_SERIES_PER_METRIC allows/);
    const stored = await getJson<MetricQueryResult>(hub, `/api/v1/metrics/query?name=rw_requests_total&agg=max&groupBy=code&${range()}`);
    expect(lastValues(stored, 'code')).toEqual({ '200': 10, '404': 20, '500': 30 });
  });

  it('counts the refused points as series_limit in /metrics, and the active series', async () => {
    const text = await (await fetch(`${hub.apiUrl}/metrics`)).text();
    expect(text).toMatch(/^octolens_ingest_rejected_rows_total\{signal="metrics",reason="series_limit"\} 3$/m);
    // orders.placed 3, orders.cancelled 1, rw_requests_total 3
    expect(text).toMatch(/^octolens_metric_series_active 7$/m);
  });
});
