import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFrameJSON } from '../../../../shared/api.js';
import type { DashboardResult, DashboardsResult, PanelDataResult } from '../../../../shared/dashboards.js';
import type { MetricAttributesResult, MetricBucketsResult } from '../../../../shared/metrics.js';
import { createDashboards, type Dashboards } from '../../../dashboards/index.js';
import { recordSeenServices } from '../../../meta/services.js';
import { formatNanos, type HistogramRow, type LogRow, type SpanRow, type SumRow } from '../../../storage/rows.js';
import { createHubMetrics } from '../../../telemetry/metrics.js';
import { createApp } from '../../app.js';
import { defaultApiLimits } from '../../limits.js';
import { openTestApi, type TestApi } from '../testing.js';

const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const at = (seconds: number) => formatNanos(BigInt(base + seconds * 1000) * 1_000_000n);
const range = `from=${base}&to=${base + 300_000}&step=60`;

const metricRow = (name: string, seconds: number, attrs: Record<string, string>, service = 'checkout') => ({
  ResourceAttributes: { 'service.name': service, 'host.name': 'web-1' }, ResourceSchemaUrl: '', ScopeName: 't', ScopeVersion: '1', ScopeAttributes: {},
  ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '', ServiceName: service, MetricName: name, MetricDescription: '', MetricUnit: '1', Attributes: attrs,
  StartTimeUnix: at(-3600), TimeUnix: at(seconds), Flags: 0,
  'Exemplars.FilteredAttributes': [], 'Exemplars.TimeUnix': [], 'Exemplars.Value': [], 'Exemplars.SpanId': [], 'Exemplars.TraceId': [],
});
// shop.requests: /a grows 60 every 30 s (2/s), /b 30 every 30 s (1/s), from a point just before the range
const counter = (route: string, perStep: number): SumRow[] =>
  Array.from({ length: 12 }, (_, k) => ({ ...metricRow('shop.requests', -30 + 30 * k, { route }), Value: perStep * (k + 1), AggregationTemporality: 2, IsMonotonic: true }));
const histogram = (seconds: number, counts: number[]): HistogramRow => ({
  ...metricRow('shop.latency', seconds, {}), Count: String(counts.reduce((a, b) => a + b, 0)), Sum: 1, BucketCounts: counts.map(String),
  ExplicitBounds: [0.1, 1], Min: 0, Max: 0, AggregationTemporality: 1,
});
const span = (seconds: number, id: number, status: 'Ok' | 'Error'): SpanRow => ({
  Timestamp: at(seconds), TraceId: id.toString(16).padStart(32, '0'), SpanId: id.toString(16).padStart(16, '0'), ParentSpanId: '', TraceState: '',
  SpanName: 'GET /cart', SpanKind: 'Server', ServiceName: 'checkout', ResourceAttributes: { 'service.name': 'checkout' }, ScopeName: '', ScopeVersion: '',
  SpanAttributes: {}, Duration: '1000000', StatusCode: status, StatusMessage: '', 'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [],
  'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
});
const log = (seconds: number, severityNumber: number, body: string): LogRow => ({
  Timestamp: at(seconds), TraceId: '', SpanId: '', TraceFlags: 0, SeverityText: '', SeverityNumber: severityNumber, ServiceName: 'checkout', Body: body,
  ResourceSchemaUrl: '', ResourceAttributes: { 'service.name': 'checkout' }, ScopeSchemaUrl: '', ScopeName: '', ScopeVersion: '', ScopeAttributes: {}, LogAttributes: {}, EventName: '',
});

const shop = `title: Shop
variables:
  - name: service
    source: services
  - name: route
    source: values
    values: [/a, /b]
    includeAll: true
panels:
  - id: requests
    title: Requests per second
    grid: { x: 0, y: 0, w: 12, h: 8 }
    query: { kind: metric, metric: shop.requests, agg: rate, filter: { service.name: $service, route: $route }, groupBy: route }
  - id: red
    title: Errors
    grid: { x: 12, y: 0, w: 12, h: 8 }
    query: { kind: spans, service: $service, measure: errorRatio }
  - id: errors
    title: Error logs
    grid: { x: 0, y: 8, w: 12, h: 8 }
    query: { kind: logs, service: $service, severity: error }
  - id: spans-table
    title: Spans by service
    chart: table
    grid: { x: 12, y: 8, w: 12, h: 8 }
    query:
      kind: sql
      sql: |
        SELECT ServiceName AS service, count() AS spans
        FROM otel_traces
        WHERE $__timeFilter(Timestamp) AND ServiceName = '$service'
        GROUP BY service
  - id: per-minute
    title: Spans per minute
    grid: { x: 0, y: 20, w: 24, h: 4 }
    query: { kind: sql, sql: "SELECT $__timeInterval(Timestamp) AS time, count() AS spans FROM otel_traces WHERE $__timeFilter(Timestamp) GROUP BY time ORDER BY time" }
  - id: sneaky
    title: Reads a file
    chart: table
    grid: { x: 0, y: 16, w: 24, h: 4 }
    query: { kind: sql, sql: "SELECT * FROM file('/etc/hostname', 'LineAsString')" }
`;

let api: TestApi;
let app: Hono;
let dir: string;
let dashboards: Dashboards;
const get = async <T>(path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as T };
};
const values = (f: DataFrameJSON) => f.data!.values;

beforeAll(async () => {
  api = await openTestApi();
  dir = mkdtempSync(join(tmpdir(), 'octolens-dashboards-'));
  writeFileSync(join(dir, 'shop.yaml'), shop);
  writeFileSync(join(dir, 'broken.yaml'), 'title: Broken\npanels:\n  - title: x\n    grid: { x: 0, y: 0, w: 4, h: 4 }\n    query: { kind: metric }\n');
  dashboards = createDashboards({ dir, watch: false });
  await dashboards.start();
  app = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, limits: defaultApiLimits(), dashboards });
  await recordSeenServices({ db: api.meta, input: [{ name: 'checkout', firstSeen: new Date(base), lastSeen: new Date(base) }] });
  await api.insert('otel_metrics_sum', [...counter('/a', 60), ...counter('/b', 30)]);
  await api.insert('otel_metrics_histogram', [histogram(10, [3, 2, 0]), histogram(20, [1, 0, 4]), histogram(70, [0, 5, 0])]);
  await api.insert('otel_traces', [span(65, 1, 'Ok'), span(70, 2, 'Error'), span(75, 3, 'Ok'), span(80, 4, 'Error')]);
  await api.insert('otel_logs', [log(130, 17, 'card declined'), log(140, 17, 'timeout'), log(150, 9, 'ok'), log(160, 21, 'crash')]);
});

afterAll(async () => {
  await dashboards?.stop();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/v1/dashboards', () => {
  it('lists the loaded dashboards and the errors of the others', async () => {
    const { status, body } = await get<DashboardsResult>('/api/v1/dashboards');
    expect(status).toBe(200);
    expect(body.dashboards).toEqual([{ id: 'shop', title: 'Shop', description: '', tags: [], file: 'shop.yaml', panels: 6 }]);
    expect(body.errors.map((e) => e.text)).toEqual(['broken.yaml:5:5: panels[0].query.metric: is required']);
  });

  it('gives a dashboard with its variables, services from the catalog', async () => {
    const { body } = await get<DashboardResult>('/api/v1/dashboards/shop');
    expect(body.dashboard.variables).toEqual([
      { name: 'service', label: 'service', source: 'services', includeAll: false, default: 'checkout', options: ['checkout'] },
      { name: 'route', label: 'route', source: 'values', includeAll: true, default: '', options: ['/a', '/b'] },
    ]);
    expect(body.dashboard.panels.map((p) => [p.id, p.chart, p.grid.w])).toEqual([['requests', 'timeseries', 12], ['red', 'timeseries', 12], ['errors', 'timeseries', 12], ['spans-table', 'table', 12], ['per-minute', 'timeseries', 24], ['sneaky', 'table', 24]]);
  });

  it('answers 404 for a dashboard whose file did not load, with its file:line', async () => {
    const { status, body } = await get<{ message: string }>('/api/v1/dashboards/broken');
    expect(status).toBe(404);
    expect(body.message).toBe('dashboard "broken" did not load: broken.yaml:5:5: panels[0].query.metric: is required');
  });
});

describe('GET /api/v1/dashboards/:id/panels/:panel', () => {
  it('runs a metric panel: a rate per route, "All" routes', async () => {
    const { body } = await get<PanelDataResult>(`/api/v1/dashboards/shop/panels/requests?${range}`);
    expect(body.frames.map((f) => [f.schema!.fields[1]!.labels, values(f)[1]])).toEqual([
      [{ route: '/a' }, [2, 2, 2, 2, 2]],
      [{ route: '/b' }, [1, 1, 1, 1, 1]],
    ]);
  });

  it('applies a variable from var-<name>', async () => {
    const { body } = await get<PanelDataResult>(`/api/v1/dashboards/shop/panels/requests?${range}&var-route=/b`);
    expect(body.frames.map((f) => values(f)[1])).toEqual([[1, 1, 1, 1, 1]]);
  });

  it('runs a spans panel (error ratio per bucket) and a log count panel (ERROR and above)', async () => {
    const red = await get<PanelDataResult>(`/api/v1/dashboards/shop/panels/red?${range}`);
    expect(red.body.frames[0]!.schema!.fields.map((f) => f.name)).toEqual(['time', 'errorRatio']);
    expect(values(red.body.frames[0]!)[1]).toEqual([0, 0.5, 0, 0, 0]);
    const logs = await get<PanelDataResult>(`/api/v1/dashboards/shop/panels/errors?${range}`);
    expect(values(logs.body.frames[0]!)).toEqual([[0, 1, 2, 3, 4].map((k) => base + k * 60_000), [0, 0, 3, 0, 0]]);
  });

  it('runs a SQL panel with Grafana macros and the variable bound as a parameter', async () => {
    const { body } = await get<PanelDataResult>(`/api/v1/dashboards/shop/panels/spans-table?${range}`);
    expect(body.frames[0]!.schema!.fields.map((f) => [f.name, f.type])).toEqual([['service', 'string'], ['spans', 'number']]);
    expect(values(body.frames[0]!)).toEqual([['checkout'], [4]]);
    const quoted = await get<PanelDataResult>(`/api/v1/dashboards/shop/panels/spans-table?${range}&var-service=${encodeURIComponent("checkout' OR 1 = 1 OR '")}`);
    // no rows: the quote stayed inside the value
    expect(values(quoted.body.frames[0]!)).toEqual([]);
  });

  it('reads a SQL answer with a time column as a time series, bucketed by $__timeInterval', async () => {
    const { body } = await get<PanelDataResult>(`/api/v1/dashboards/shop/panels/per-minute?${range}`);
    expect(body.frames.map((f) => [f.schema!.fields.map((x) => x.name), values(f)])).toEqual([[['time', 'spans'], [[base + 60_000], [4]]]]);
  });

  it('refuses a SQL panel that reaches outside the store: it runs read-only', async () => {
    const { status, body } = await get<{ message: string }>(`/api/v1/dashboards/shop/panels/sneaky?${range}`);
    expect(status).toBe(400);
    expect(body.message).toMatch(/^panel "sneaky": ClickHouse refused its SQL: .*readonly/i);
  });

  it('names a wrong parameter and an unknown variable', async () => {
    expect((await get<{ message: string }>(`/api/v1/dashboards/shop/panels/requests?${range}&servce=x`)).body.message).toBe('servce: unknown parameter (expected: from, to, step, var-<variable>)');
    expect((await get<{ message: string }>(`/api/v1/dashboards/shop/panels/requests?${range}&var-team=x`)).body.message).toBe('var-team: dashboard "shop" has no variable "team"');
    expect((await get<{ message: string }>(`/api/v1/dashboards/shop/panels/nope?${range}`)).body.message).toBe('dashboard "shop" has no panel "nope" (panels: requests, red, errors, spans-table, per-minute, sneaky)');
  });
});

describe('metrics explorer endpoints', () => {
  it('lists a metric\'s labels with their values, most frequent first, and filters them by what was typed', async () => {
    const { body } = await get<MetricAttributesResult>(`/api/v1/metrics/shop.requests/attributes?${range.replace('&step=60', '')}`);
    expect(body.type).toBe('sum');
    expect(body.attributes).toEqual([
      { key: 'resource.host.name', values: ['web-1'], distinct: 1 },
      { key: 'resource.service.name', values: ['checkout'], distinct: 1 },
      { key: 'route', values: ['/a', '/b'], distinct: 2 },
      { key: 'service.name', values: ['checkout'], distinct: 1 },
    ]);
    const typed = await get<MetricAttributesResult>(`/api/v1/metrics/shop.requests/attributes?${range.replace('&step=60', '')}&key=route&search=B`);
    expect(typed.body.attributes).toEqual([{ key: 'route', values: ['/b'], distinct: 1 }]);
  });

  it('gives a histogram\'s bucket counts per time bucket for the heatmap', async () => {
    const { body } = await get<MetricBucketsResult>(`/api/v1/metrics/buckets?name=shop.latency&${range}`);
    expect(body).toMatchObject({ bounds: [0.1, 1, null], times: [base, base + 60_000], counts: [[4, 2, 4], [0, 5, 0]] });
  });

  it('refuses buckets of a metric that is not a histogram', async () => {
    const { status, body } = await get<{ message: string }>(`/api/v1/metrics/buckets?name=shop.requests&${range}`);
    expect(status).toBe(404);
    expect(body.message).toBe('no histogram metric "shop.requests"');
  });
});
