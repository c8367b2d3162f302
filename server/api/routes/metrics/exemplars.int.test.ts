/**
 * GET /api/v1/metrics/query?exemplars=N on real chDB: the exemplars with a trace link of the
 * queried series, one per step and group (its largest), the N largest of those, oldest first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricQueryResult } from '../../../../shared/api.js';
import { formatNanos, type GaugeRow, type HistogramRow, type SummaryRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const nanos = (ms: number) => formatNanos(BigInt(ms) * 1_000_000n);
const trace = (n: number) => n.toString(16).padStart(32, '0');
const span = (n: number) => n.toString(16).padStart(16, '0');

type Exemplars = Array<[number, number, number]>;

/** The columns every point type shares, with exemplars as [ms, value, trace number] (0: no trace link). */
const columns = (name: string, atMs: number, attributes: Record<string, string>, exemplars: Exemplars) => ({
  ResourceAttributes: { 'service.name': 'checkout' }, ResourceSchemaUrl: '', ScopeName: 'test', ScopeVersion: '1', ScopeAttributes: {},
  ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '', ServiceName: 'checkout', MetricName: name, MetricDescription: '', MetricUnit: 'ms',
  Attributes: attributes, StartTimeUnix: nanos(atMs - 60_000), TimeUnix: nanos(atMs), Flags: 0,
  'Exemplars.FilteredAttributes': exemplars.map(() => ({})),
  'Exemplars.TimeUnix': exemplars.map(([ms]) => nanos(ms)),
  'Exemplars.Value': exemplars.map(([, v]) => v),
  'Exemplars.SpanId': exemplars.map(([, , t]) => (t ? span(t) : '')),
  'Exemplars.TraceId': exemplars.map(([, , t]) => (t ? trace(t) : '')),
});

/** A delta histogram point of one observation per exemplar. */
function point(atMs: number, route: string, exemplars: Exemplars): HistogramRow {
  return {
    ...columns('http.duration', atMs, { route }, exemplars),
    Count: String(exemplars.length), Sum: exemplars.reduce((a, [, v]) => a + v, 0), BucketCounts: [String(exemplars.length)], ExplicitBounds: [],
    Min: 0, Max: 0, AggregationTemporality: 1,
  };
}

let api: TestApi;
const query = (params: string) => api.get<MetricQueryResult>(`/api/v1/metrics/query?from=${base}&to=${base + 300_000}&step=60&name=http.duration&${params}`);

beforeAll(async () => {
  api = await openTestApi();
  const s = (seconds: number) => base + seconds * 1000;
  await api.insert('otel_metrics_histogram', [
    // minute 0, /a: 3 with a trace (the 40 is the largest), one without
    point(s(50), '/a', [[s(10), 20, 1], [s(20), 40, 2], [s(30), 30, 3], [s(40), 99, 0]]),
    // minute 1, /a: one; /b: one
    point(s(110), '/a', [[s(70), 15, 4]]),
    point(s(110), '/b', [[s(80), 70, 5]]),
    // minute 2, /a: an exemplar measured before the range is left out, the one in it kept
    point(s(170), '/a', [[s(-30), 500, 6], [s(130), 25, 7]]),
    // outside the range
    point(s(400), '/a', [[s(390), 1000, 8]]),
  ]);
  await api.insert('otel_metrics_gauge', [{ ...columns('queue.depth', s(20), {}, [[s(15), 12, 9]]), Value: 12 } satisfies GaugeRow]);
  await api.insert('otel_metrics_summary', [
    {
      ResourceAttributes: {}, ResourceSchemaUrl: '', ScopeName: '', ScopeVersion: '', ScopeAttributes: {}, ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '',
      ServiceName: 'checkout', MetricName: 'gc.pause', MetricDescription: '', MetricUnit: 's', Attributes: {}, StartTimeUnix: nanos(s(0)), TimeUnix: nanos(s(30)), Flags: 0,
      Count: '1', Sum: 1, 'ValueAtQuantiles.Quantile': [], 'ValueAtQuantiles.Value': [],
    } satisfies SummaryRow,
  ]);
});

afterAll(async () => {
  await api?.close();
});

describe('metric query exemplars', () => {
  it('returns one exemplar per step and series (its largest), oldest first, with the group labels', async () => {
    const { status, body } = await query('agg=p95&groupBy=route&exemplars=10');
    expect(status).toBe(200);
    expect(body.exemplars).toEqual([
      { time: base + 20_000, value: 40, traceId: trace(2), spanId: span(2), labels: { route: '/a' } },
      { time: base + 70_000, value: 15, traceId: trace(4), spanId: span(4), labels: { route: '/a' } },
      { time: base + 80_000, value: 70, traceId: trace(5), spanId: span(5), labels: { route: '/b' } },
      { time: base + 130_000, value: 25, traceId: trace(7), spanId: span(7), labels: { route: '/a' } },
    ]);
  });

  it('keeps the largest N when there are more, and one per step across groups without groupBy', async () => {
    const { body } = await query('agg=count&exemplars=2');
    // per minute without groups: 40 (minute 0), 70 (minute 1), 25 (minute 2); the two largest
    expect(body.exemplars?.map((e) => [e.traceId, e.value, e.labels])).toEqual([
      [trace(2), 40, {}],
      [trace(5), 70, {}],
    ]);
  });

  it("follows the filters, says nothing unless asked, has none for a summary, and reads a gauge's", async () => {
    expect((await query('filter=route=/b&exemplars=10')).body.exemplars?.map((e) => e.traceId)).toEqual([trace(5)]);
    expect((await query('agg=p95')).body).not.toHaveProperty('exemplars');
    const gc = await api.get<MetricQueryResult>(`/api/v1/metrics/query?from=${base}&to=${base + 300_000}&name=gc.pause&exemplars=5`);
    expect(gc.body.exemplars).toEqual([]);
    const depth = await api.get<MetricQueryResult>(`/api/v1/metrics/query?from=${base}&to=${base + 300_000}&name=queue.depth&exemplars=5`);
    expect(depth.body.exemplars).toEqual([{ time: base + 15_000, value: 12, traceId: trace(9), spanId: span(9), labels: {} }]);
  });

  it('refuses a count past the bound, naming the parameter', async () => {
    const { status, body } = await query('exemplars=201');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('exemplars');
  });
});
