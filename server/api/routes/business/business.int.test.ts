import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessResult } from '../../../../shared/api.js';
import { formatMillis, formatNanos, type BusinessEventRow, type DeploymentRow, type GaugeRow, type HistogramRow, type SumRow } from '../../../storage/rows.js';
import { createHubMetrics } from '../../../telemetry/metrics.js';
import { createApp } from '../../app.js';
import { openTestApi, type TestApi } from '../testing.js';

const H = 3_600_000;
const base = Math.floor(Date.now() / H) * H - 48 * H;
const event = (name: string, offsetMs: number, value: number, service = 'checkout'): BusinessEventRow => ({
  Timestamp: formatNanos(BigInt(base + offsetMs) * 1_000_000n), Name: name, ServiceName: service, Attributes: {}, ResourceAttributes: { 'service.name': service },
  Value: value, EventId: '', Source: 'api',
});

const M = 60_000;
const nanos = (offsetMs: number) => formatNanos(BigInt(base + offsetMs) * 1_000_000n);
const point = (name: string, offsetMs: number) => ({
  ResourceAttributes: { 'service.name': 'shop' }, ResourceSchemaUrl: '', ScopeName: 'shop', ScopeVersion: '', ScopeAttributes: {}, ScopeDroppedAttrCount: 0,
  ScopeSchemaUrl: '', ServiceName: 'shop', MetricName: name, MetricDescription: '', MetricUnit: '1', Attributes: {}, StartTimeUnix: nanos(23 * H), TimeUnix: nanos(offsetMs), Flags: 0,
  'Exemplars.FilteredAttributes': [], 'Exemplars.TimeUnix': [], 'Exemplars.Value': [], 'Exemplars.SpanId': [], 'Exemplars.TraceId': [],
});
const sum = (name: string, offsetMs: number, value: number, monotonic = true): SumRow => ({ ...point(name, offsetMs), Value: value, AggregationTemporality: 2, IsMonotonic: monotonic });
const gauge = (name: string, offsetMs: number, value: number): GaugeRow => ({ ...point(name, offsetMs), Value: value });

/*
 * Metric KPIs of shop, around D1 (base + 24 h), a stream started at base + 23 h:
 * business.orders, a cumulative counter: 5 (its whole value: the stream starts in the scan), 9 | 15, 16:
 *   increases 5 + 4 = 9 before, 6 + 1 = 7 after; per hour from 23 h: [9, 7].
 * business.stock, a non-monotonic sum (a level): 10 before, 20 and 40 after: means 10 → 30.
 * business.basket, a gauge: 30 and 50 before (mean 40), no point after.
 * business.latency, a histogram; shop.refunds, a counter outside the prefix.
 *
 * orders.placed of checkout: 10 orders of 20.00 in the day before D1 (finished at base + 24 h),
 * 8 orders of 30.00 in the day after: before 200, after 240, +40 (+20 %). signups: 3 events.
 */
let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  const rows: BusinessEventRow[] = [];
  for (let i = 0; i < 10; i++) rows.push(event('orders.placed', 24 * H - (i + 1) * 2 * H + 60_000, 20));
  for (let i = 0; i < 8; i++) rows.push(event('orders.placed', 24 * H + i * 2 * H + 60_000, 30));
  rows.push(event('signups', H, 1, 'web'), event('signups', 2 * H, 1, 'web'), event('signups', 3 * H, 1, 'web'));
  await api.insert('business_events', rows);
  const d1: DeploymentRow = {
    DeploymentId: 'D1', Source: 'events', Service: 'checkout', Repo: 'acme/checkout', Environment: 'production', IsProduction: true, Status: 'success',
    ReportedAt: formatMillis(base + 24 * H), StartedAt: formatMillis(base + 24 * H - 600_000), FinishedAt: formatMillis(base + 24 * H),
    CommitSha: 'abc', CommitShas: [], Artifact: '', Kind: 'planned', RollbackOf: '', Url: '', DeliveryId: 'd1',
  };
  await api.insert('deployments', [d1]);
  await api.insert('otel_metrics_sum', [
    sum('business.orders', 23 * H + 10 * M, 5), sum('business.orders', 23 * H + 40 * M, 9), sum('business.orders', 24 * H + 20 * M, 15), sum('business.orders', 24 * H + 50 * M, 16),
    sum('business.stock', 23 * H + 30 * M, 10, false), sum('business.stock', 24 * H + 30 * M, 20, false), sum('business.stock', 24 * H + 40 * M, 40, false),
    sum('shop.refunds', 23 * H + 30 * M, 2),
  ]);
  await api.insert('otel_metrics_gauge', [gauge('business.basket', 23 * H + 10 * M, 30), gauge('business.basket', 23 * H + 40 * M, 50)]);
  const latency: HistogramRow = { ...point('business.latency', 23 * H), Count: '1', Sum: 3, BucketCounts: ['1', '0'], ExplicitBounds: [5], Min: 3, Max: 3, AggregationTemporality: 2 };
  await api.insert('otel_metrics_histogram', [latency]);
});
afterAll(async () => {
  await api?.close();
});

const range = `from=${base}&to=${base + 48 * H}`;

describe('GET /api/v1/business', () => {
  it('lists the event KPIs with their sums, then the metrics under business. with their kind', async () => {
    const { status, body } = await api.get<BusinessResult>(`/api/v1/business?${range}`);
    expect(status).toBe(200);
    expect(body.kpis).toEqual([
      { name: 'orders.placed', source: 'events', events: 18, total: 440, services: ['checkout'] },
      { name: 'signups', source: 'events', events: 3, total: 3, services: ['web'] },
      { name: 'business.basket', source: 'metric', type: 'gauge', kind: 'gauge', unit: '1', services: ['shop'] },
      { name: 'business.latency', source: 'metric', type: 'histogram', kind: 'distribution', unit: '1', services: ['shop'] },
      { name: 'business.orders', source: 'metric', type: 'sum', kind: 'counter', unit: '1', services: ['shop'] },
      { name: 'business.stock', source: 'metric', type: 'sum', kind: 'gauge', unit: '1', services: ['shop'] },
    ]);
  });

  it('gives one KPI per step, empty steps 0', async () => {
    const { body } = await api.get<BusinessResult>(`/api/v1/business?${range}&name=signups&step=3600`);
    const [time, total] = body.series!.data!.values as number[][];
    expect(time!.length).toBe(48);
    expect(total!.slice(0, 5)).toEqual([0, 1, 1, 1, 0]);
  });

  it('compares a KPI in the day before and after a deployment', async () => {
    const { body } = await api.get<BusinessResult>(`/api/v1/business?${range}&name=orders.placed&deployment=D1&window=24h`);
    expect(body.comparison).toEqual({
      name: 'orders.placed', deployment: { id: 'D1', service: 'checkout', finishedAt: base + 24 * H }, windowMs: 24 * H,
      kind: 'events', before: { events: 10, total: 200 }, after: { events: 8, total: 240 }, difference: 40, relativeChange: 0.2,
    });
  });

  const around = `from=${base + 23 * H}&to=${base + 25 * H}&step=3600`;
  const valuesOf = (r: BusinessResult) => r.series!.data!.values as number[][];

  it("gives a counter's increase per step and compares its increase before and after a deployment", async () => {
    const { status, body } = await api.get<BusinessResult>(`/api/v1/business?${around}&name=business.orders&deployment=D1`);
    expect(status).toBe(200);
    expect(body.series!.schema!.fields.map((f) => f.name)).toEqual(['time', 'value']);
    expect(valuesOf(body)).toEqual([[base + 23 * H, base + 24 * H], [9, 7]]);
    expect(body.comparison).toEqual({
      name: 'business.orders', kind: 'counter', deployment: { id: 'D1', service: 'checkout', finishedAt: base + 24 * H }, windowMs: 24 * H,
      before: { total: 9 }, after: { total: 7 }, difference: -2, relativeChange: -2 / 9,
    });
  });

  it("reads a non-monotonic sum as a level: its mean per step and around the deployment, a step without points null", async () => {
    const { body } = await api.get<BusinessResult>(`/api/v1/business?from=${base + 23 * H}&to=${base + 26 * H}&step=3600&name=business.stock&deployment=D1&window=1h`);
    expect(valuesOf(body)).toEqual([[base + 23 * H, base + 24 * H, base + 25 * H], [10, 30, null]]);
    expect(body.comparison).toMatchObject({ kind: 'gauge', windowMs: H, before: { total: 10 }, after: { total: 30 }, difference: 20, relativeChange: 2 });
  });

  it('has no difference for a gauge without a point after the deployment', async () => {
    const { body } = await api.get<BusinessResult>(`/api/v1/business?${around}&name=business.basket&deployment=D1`);
    expect(valuesOf(body)).toEqual([[base + 23 * H, base + 24 * H], [40, null]]);
    expect(body.comparison).toMatchObject({ kind: 'gauge', before: { total: 40 }, after: { total: null }, difference: null, relativeChange: null });
  });

  it('compares a metric KPI quiet in the range, and filters it by service', async () => {
    const { body } = await api.get<BusinessResult>(`/api/v1/business?from=${base + 40 * H}&to=${base + 41 * H}&name=business.orders&deployment=D1`);
    expect(body.comparison).toMatchObject({ before: { total: 9 }, after: { total: 7 } });
    const other = await api.get<BusinessResult>(`/api/v1/business?${around}&name=business.orders&deployment=D1&service=web`);
    expect(other.body.comparison).toMatchObject({ before: { total: null }, after: { total: null }, difference: null });
  });

  it('lists a histogram but neither charts nor compares it', async () => {
    const { body } = await api.get<BusinessResult>(`/api/v1/business?${around}&name=business.latency`);
    expect(body.series).toBeUndefined();
    const compared = await api.get<{ message: string }>(`/api/v1/business?${around}&name=business.latency&deployment=D1`);
    expect([compared.status, compared.body.message]).toEqual([400, 'name: "business.latency" is a histogram; the Business lens compares counters and gauges']);
  });

  it('takes the metric KPIs under the configured prefix (OCTOLENS_BUSINESS_METRIC_PREFIX)', async () => {
    const app = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, business: { metricPrefix: 'shop.' } });
    const body = (await (await app.request(`/api/v1/business?${around}&name=shop.refunds`)).json()) as BusinessResult;
    expect(body.kpis.filter((k) => k.source === 'metric')).toEqual([{ name: 'shop.refunds', source: 'metric', type: 'sum', kind: 'counter', unit: '1', services: ['shop'] }]);
    expect(valuesOf(body)[1]).toEqual([2, null]);
  });

  it('names what a comparison lacks', async () => {
    expect((await api.get<{ message: string }>(`/api/v1/business?${range}&deployment=D1`)).body.message).toBe('deployment: compares a KPI, so give name= too');
    const missing = await api.get<{ message: string }>(`/api/v1/business?${range}&name=orders.placed&deployment=D9`);
    expect([missing.status, missing.body.message]).toEqual([404, 'no deployment "D9"']);
  });
});
