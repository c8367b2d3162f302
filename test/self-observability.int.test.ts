/** The hub's health endpoints, its Prometheus metrics, and tracing itself into itself. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TracesResult } from '../shared/api.js';
import { eventually } from './support/eventually.js';
import { freePort, getJson, startHub, type RunningHub } from './support/hub.js';
import { makeSpans, protobufTraces } from './support/spans.js';

let hub: RunningHub;
beforeAll(async () => {
  // The hub exports its own spans to its own OTLP port.
  const otlpPort = await freePort();
  hub = await startHub({
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`, OTEL_SERVICE_NAME: 'octolens-self', OTEL_BSP_SCHEDULE_DELAY: '100' },
    otlpPort,
  });
});
afterAll(async () => {
  await hub?.dispose();
});

describe('self-observability', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await fetch(hub.apiUrl + '/healthz')).status).toBe(200);
    const ready = await fetch(hub.apiUrl + '/readyz');
    expect([ready.status, await ready.text()]).toEqual([200, 'ready']);
  });

  it('exposes queue, batch and HTTP metrics in Prometheus text format', async () => {
    const stored = await fetch(hub.otlpUrl + '/v1/traces', { method: 'POST', body: protobufTraces(makeSpans('metrics-probe', ['probe'])), headers: { 'Content-Type': 'application/x-protobuf' } });
    expect(stored.status).toBe(200);
    await fetch(hub.apiUrl + '/api/v1/services');
    const res = await fetch(hub.apiUrl + '/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of ['octolens_queue_depth_rows', 'octolens_batch_insert_seconds_bucket', 'octolens_http_requests_total', 'octolens_process_resident_memory_bytes']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/octolens_http_requests_total\{method="GET",route="\/api\/v1\/services",status="200"\} 1\b/);
    expect(text).toMatch(/octolens_batch_rows_total\{table="otel_traces"\} [1-9]/);
  });

  it('traces its query API requests into itself, and not its ingest requests', async () => {
    await getJson(hub, '/api/v1/traces?service=nothing-here');
    const found = await eventually(
      () => getJson<TracesResult>(hub, '/api/v1/traces?service=octolens-self&from=now-5m&to=now%2B1m&limit=100'),
      (r) => r.traces.some((t) => t.rootOperation === 'GET /api/v1/traces'),
    );
    const names = found.traces.map((t) => t.rootOperation);
    expect(names).toContain('GET /api/v1/traces');
    expect(names.filter((n) => n.includes('/v1/traces') && !n.includes('/api/'))).toEqual([]);
  });
});
