import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult, HostsResult } from '../../../../shared/api.js';
import { formatNanos, type SpanRow, type SumRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

const GiB = 2 ** 30;
const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const at = (ms: number) => formatNanos(BigInt(base + ms) * 1_000_000n);
let seq = 0;

function span(service: string, resource: Record<string, string>, offsetMs: number): SpanRow {
  const id = (++seq).toString(16).padStart(16, '0');
  return {
    Timestamp: at(offsetMs), TraceId: id.padStart(32, '0'), SpanId: id, ParentSpanId: '', TraceState: '', SpanName: 'GET /', SpanKind: 'Server', ServiceName: service,
    ResourceAttributes: { 'service.name': service, ...resource }, ScopeName: 'test', ScopeVersion: '1', SpanAttributes: {}, Duration: '1000000', StatusCode: 'Ok', StatusMessage: '',
    'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [], 'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
  };
}

function usage(host: string, mountpoint: string, offsetMs: number, state: 'used' | 'free' | 'reserved', bytes: number): SumRow {
  return {
    ResourceAttributes: { 'host.name': host }, ResourceSchemaUrl: '', ScopeName: 'hostmetrics', ScopeVersion: '', ScopeAttributes: {}, ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '',
    ServiceName: '', MetricName: 'system.filesystem.usage', MetricDescription: '', MetricUnit: 'By', Attributes: { device: '/dev/sda1', mountpoint, state, type: 'ext4' },
    StartTimeUnix: at(-86_400_000), TimeUnix: at(offsetMs), Flags: 0, Value: bytes, AggregationTemporality: 2, IsMonotonic: false,
    'Exemplars.FilteredAttributes': [], 'Exemplars.TimeUnix': [], 'Exemplars.Value': [], 'Exemplars.SpanId': [], 'Exemplars.TraceId': [],
  };
}

/*
 * node-1: checkout in pod checkout-7d9 (node node-1) and its filesystem: / grows 1 GiB an hour from
 * 50 GiB over the last two hours (a point every 5 min), 100 GiB in all of which 2 GiB reserved, so at
 * the newest point (52 GiB used, 2 h in) free reaches 0 in (98 − 52) = 46 hours; /data stays at 10 of 20 GiB.
 * node-2: ledger only.
 */
/** a minute past the newest point, which [from, to) then holds */
const TO = base + 3 * 3_600_000 + 60_000;
let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  await api.insert('otel_traces', [
    span('checkout', { 'host.name': 'node-1', 'k8s.pod.name': 'checkout-7d9', 'k8s.node.name': 'node-1' }, 3_600_000),
    span('checkout', { 'host.name': 'node-1', 'k8s.pod.name': 'checkout-7d9', 'k8s.node.name': 'node-1' }, 3_700_000),
    span('ledger', { 'host.name': 'node-2' }, 3_800_000),
    span('nohost', {}, 3_800_000),
  ]);
  const rows: SumRow[] = [];
  for (let k = 0; k <= 24; k++) {
    const t = 3_600_000 + k * 300_000;
    const used = 50 * GiB + (k * GiB) / 12;
    rows.push(usage('node-1', '/', t, 'used', used), usage('node-1', '/', t, 'free', 98 * GiB - used), usage('node-1', '/', t, 'reserved', 2 * GiB));
    rows.push(usage('node-1', '/data', t, 'used', 10 * GiB), usage('node-1', '/data', t, 'free', 10 * GiB));
  }
  await api.insert('otel_metrics_sum', rows);
});
afterAll(async () => {
  await api?.close();
});

const range = `from=${base}&to=${TO}`;

describe('GET /api/v1/hosts', () => {
  it('lists the hosts the telemetry names, with their services and pods', async () => {
    const { status, body } = await api.get<HostsResult>(`/api/v1/hosts?${range}`);
    expect(status).toBe(200);
    expect(body.hosts.map((h) => [h.name, h.services, h.pods, h.nodes, h.spans, h.points])).toEqual([
      // node-1's newest point (its filesystem, at 3 h) is after node-2's span
      ['node-1', ['checkout'], ['checkout-7d9'], ['node-1'], 2, 125],
      ['node-2', ['ledger'], [], [], 1, 0],
    ]);
  });

  it('forecasts when each filesystem of a host is full from its trend', async () => {
    const { status, body } = await api.get<HostResult>(`/api/v1/hosts/node-1?${range}`);
    expect(status).toBe(200);
    expect(body.host.services).toEqual(['checkout']);
    const [root, data] = body.filesystems;
    expect(root).toMatchObject({ mountpoint: '/', usedBytes: 52 * GiB, usableBytes: 98 * GiB, capacityBytes: 100 * GiB, utilization: 52 / 98, points: 25, secondsToFull: 46 * 3600 });
    expect(root!.bytesPerHour).toBeCloseTo(GiB, 0);
    expect(root!.fullAt).toBe(base + 3 * 3_600_000 + 46 * 3_600_000);
    expect(data).toMatchObject({ mountpoint: '/data', usedBytes: 10 * GiB, usableBytes: 20 * GiB, utilization: 0.5, fullAt: null, secondsToFull: null });
  });

  it('404s a host nothing named in the range', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/hosts/node-9?${range}`);
    expect(status).toBe(404);
    expect(body.message).toBe('no host "node-9": no span, log record or metric point in the range names it (host.name, k8s.node.name, or a node_exporter or cAdvisor instance)');
  });
});
