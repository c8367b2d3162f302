import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFrameJSON, MetricQueryResult, MetricsListResult } from '../../../../shared/api.js';
import { formatNanos, type ExpHistogramRow, type GaugeRow, type HistogramRow, type SummaryRow, type SumRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const at = (seconds: number) => formatNanos(BigInt(base + seconds * 1000) * 1_000_000n);
const CUMULATIVE = 2;
const DELTA = 1;

const common = (name: string, atSeconds: number, attributes: Record<string, string>, service = 'checkout', host = 'h1') => ({
  ResourceAttributes: { 'service.name': service, 'host.name': host }, ResourceSchemaUrl: '', ScopeName: 'test', ScopeVersion: '1',
  ScopeAttributes: {}, ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '', ServiceName: service, MetricName: name,
  MetricDescription: `${name} description`, MetricUnit: name === 'mem.usage' ? 'By' : name === 'http.duration' ? 'ms' : '1',
  Attributes: attributes, StartTimeUnix: at(-3600), TimeUnix: at(atSeconds), Flags: 0,
});
const noExemplars = { 'Exemplars.FilteredAttributes': [], 'Exemplars.TimeUnix': [], 'Exemplars.Value': [], 'Exemplars.SpanId': [], 'Exemplars.TraceId': [] };

const gauge = (name: string, s: number, value: number, attrs: Record<string, string>, host = 'h1'): GaugeRow => ({ ...common(name, s, attrs, 'checkout', host), ...noExemplars, Value: value });
const sum = (name: string, s: number, value: number, attrs: Record<string, string>, temporality = CUMULATIVE, monotonic = true): SumRow => ({
  ...common(name, s, attrs), ...noExemplars, Value: value, AggregationTemporality: temporality, IsMonotonic: monotonic,
});
const histogram = (s: number, bounds: number[], counts: number[], total: number, attrs: Record<string, string>, temporality = CUMULATIVE, name = 'http.duration'): HistogramRow => ({
  ...common(name, s, attrs), ...noExemplars, Count: String(counts.reduce((a, b) => a + b, 0)), Sum: total,
  BucketCounts: counts.map(String), ExplicitBounds: bounds, Min: 0, Max: 0, AggregationTemporality: temporality,
});
const expHistogram = (s: number, count: number, total: number): ExpHistogramRow => ({
  ...common('rpc.size', s, {}), ...noExemplars, Count: String(count), Sum: total, Scale: 0, ZeroCount: '0', PositiveOffset: 0,
  PositiveBucketCounts: [String(count)], NegativeOffset: 0, NegativeBucketCounts: [], Min: 0, Max: 0, AggregationTemporality: CUMULATIVE,
});
const summary = (s: number, count: number, total: number): SummaryRow => ({
  ...common('gc.pause', s, {}), Count: String(count), Sum: total, 'ValueAtQuantiles.Quantile': [0.5], 'ValueAtQuantiles.Value': [total / Math.max(count, 1)],
});

/** The point of a stream that started at `seconds` (null: start unknown, sent as 0 as the Prometheus receiver does). */
const startedAt = <T extends { StartTimeUnix: string }>(seconds: number | null, row: T): T => ({ ...row, StartTimeUnix: seconds === null ? formatNanos(0n) : at(seconds) });

const range = `from=${base}&to=${base + 600_000}&step=60`;
const minute = (k: number) => base + k * 60_000;
let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await api.insert('otel_metrics_gauge', [
    // pod a on h1 every 30 s, pod b on h2 every 30 s from 5 s; a point before the range
    gauge('mem.usage', -30, 999, { pod: 'a' }),
    gauge('mem.usage', 0, 10, { pod: 'a' }), gauge('mem.usage', 30, 20, { pod: 'a' }), gauge('mem.usage', 60, 30, { pod: 'a' }), gauge('mem.usage', 90, 40, { pod: 'a' }),
    gauge('mem.usage', 5, 100, { pod: 'b' }, 'h2'), gauge('mem.usage', 35, 200, { pod: 'b' }, 'h2'), gauge('mem.usage', 65, 300, { pod: 'b' }, 'h2'), gauge('mem.usage', 95, 400, { pod: 'b' }, 'h2'),
    gauge('dup.metric', 10, 1, {}),
  ]);
  await api.insert('otel_metrics_sum', [
    // /a: 100 before the range, then +10, +20 | +30, restarted at :80 with 10 | +30, +30
    sum('http.requests', -30, 100, { route: '/a' }), sum('http.requests', 0, 110, { route: '/a' }), sum('http.requests', 30, 130, { route: '/a' }),
    sum('http.requests', 60, 160, { route: '/a' }), startedAt(80, sum('http.requests', 90, 10, { route: '/a' })),
    startedAt(80, sum('http.requests', 120, 40, { route: '/a' })), startedAt(80, sum('http.requests', 150, 70, { route: '/a' })),
    // /b: first seen in the range but started an hour before: its first increase is unknown; then +60 a minute
    sum('http.requests', 0, 0, { route: '/b' }), sum('http.requests', 60, 60, { route: '/b' }), sum('http.requests', 120, 120, { route: '/b' }),
    // exported once: started in the range, in the lookback before it, and an hour before (unknown increase)
    startedAt(20, sum('once.requests', 30, 3, { proc: 'in-range' })),
    startedAt(-100, sum('once.requests', 40, 4, { proc: 'in-lookback' })),
    sum('once.requests', 50, 5, { proc: 'old' }),
    // restarted at :40 with a new start time, the new value below the old one, and above it
    sum('restarted.requests', -30, 100, { proc: 'lower' }), sum('restarted.requests', 0, 110, { proc: 'lower' }),
    startedAt(40, sum('restarted.requests', 60, 5, { proc: 'lower' })), startedAt(40, sum('restarted.requests', 90, 25, { proc: 'lower' })),
    sum('restarted.requests', -30, 100, { proc: 'higher' }), sum('restarted.requests', 0, 110, { proc: 'higher' }),
    startedAt(40, sum('restarted.requests', 60, 150, { proc: 'higher' })), startedAt(40, sum('restarted.requests', 90, 160, { proc: 'higher' })),
    // fell to 5 at :60 with the same (known) start time: that point's increase is unknown
    sum('restarted.requests', -30, 100, { proc: 'same-start' }), sum('restarted.requests', 0, 110, { proc: 'same-start' }),
    sum('restarted.requests', 60, 5, { proc: 'same-start' }), sum('restarted.requests', 90, 15, { proc: 'same-start' }),
    // no start times: a value that falls is a reset (Prometheus' rule); a lone point tells nothing
    ...[[-30, 100], [0, 110], [30, 130], [60, 5], [90, 15]].map(([t, v]) => startedAt(null, sum('scraped.requests', t!, v!, { proc: 'a' }))),
    startedAt(null, sum('scraped.requests', 30, 7, { proc: 'lone' })),
    // delta: each point is an increase; the one before the range is not counted
    sum('jobs.done', -30, 100, {}, DELTA), sum('jobs.done', 10, 6, {}, DELTA), sum('jobs.done', 40, 6, {}, DELTA), sum('jobs.done', 70, 12, {}, DELTA),
    sum('queue.depth', 10, 5, {}, CUMULATIVE, false), sum('queue.depth', 40, 3, {}, CUMULATIVE, false),
    sum('dup.metric', 10, 1, {}),
  ]);
  const bounds = [10, 50, 100];
  await api.insert('otel_metrics_histogram', [
    histogram(-30, bounds, [0, 0, 0, 0], 0, { route: '/a' }),
    histogram(30, bounds, [2, 6, 2, 0], 400, { route: '/a' }),
    histogram(90, bounds, [2, 6, 12, 0], 1200, { route: '/a' }),
    startedAt(140, histogram(150, bounds, [1, 0, 0, 0], 5, { route: '/a' })), // restarted
    histogram(30, [10, 20], [0, 10, 0], 150, { route: '/b' }, DELTA),
    // exported once, started in the range: observations 5, 20, 30, 70, 200
    startedAt(10, histogram(30, bounds, [1, 2, 1, 1], 325, {}, CUMULATIVE, 'once.duration')),
  ]);
  await api.insert('otel_metrics_exponential_histogram', [expHistogram(-60, 0, 0), expHistogram(30, 4, 40)]);
  await api.insert('otel_metrics_summary', [summary(-60, 10, 100), summary(30, 14, 140), startedAt(80, summary(90, 2, 50))]);
});
afterAll(async () => {
  await api?.close();
});

const query = async (params: string) => {
  const { status, body } = await api.get<MetricQueryResult>(`/api/v1/metrics/query?${range}&${params}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
};
/** A frame as [name, labels, [[time, value]…]] for compact assertions. */
const points = (f: DataFrameJSON) => {
  const [time, value] = f.data!.values as [number[], Array<number | null>];
  return [f.schema!.name, f.schema!.fields[1]!.labels ?? {}, time.map((t, i) => [t, value[i]])];
};

describe('GET /api/v1/metrics', () => {
  it('lists every metric in range with its type, unit, description and services', async () => {
    const { status, body } = await api.get<MetricsListResult>(`/api/v1/metrics?from=${base}&to=${base + 600_000}`);
    expect(status).toBe(200);
    const row = (name: string, type: string, unit = '1') => ({ name, type, unit, description: `${name} description`, services: ['checkout'] });
    expect(body.metrics).toEqual([
      row('dup.metric', 'gauge'),
      row('dup.metric', 'sum'),
      row('gc.pause', 'summary'),
      row('http.duration', 'histogram', 'ms'),
      row('http.requests', 'sum'),
      row('jobs.done', 'sum'),
      row('mem.usage', 'gauge', 'By'),
      row('once.duration', 'histogram'),
      row('once.requests', 'sum'),
      row('queue.depth', 'sum'),
      row('restarted.requests', 'sum'),
      row('rpc.size', 'exponential_histogram'),
      row('scraped.requests', 'sum'),
    ]);
  });
});

describe('GET /api/v1/metrics/query: gauges', () => {
  it.each([
    ['avg', [82.5, 192.5]],
    ['min', [10, 30]],
    ['max', [200, 400]],
    ['sum', [220, 440]], // each series' latest value, added
    ['last', [200, 400]], // pod b's point at :35 is the latest of minute 0
    ['count', [4, 4]],
  ])('%s over every series', async (agg, values) => {
    const body = await query(`name=mem.usage&agg=${agg}`);
    expect(body).toMatchObject({ step: 60, type: 'gauge', agg });
    expect(body.frames.map(points)).toEqual([['mem.usage', {}, [[minute(0), values[0]], [minute(1), values[1]]]]]);
  });

  it('defaults to avg and groups by attribute, resource attribute and service', async () => {
    const body = await query('name=mem.usage&groupBy=pod,resource.host.name,service.name');
    expect(body.agg).toBe('avg');
    expect(body.frames.map(points)).toEqual([
      ['mem.usage{pod="a", resource.host.name="h1", service.name="checkout"}', { pod: 'a', 'resource.host.name': 'h1', 'service.name': 'checkout' }, [[minute(0), 15], [minute(1), 35]]],
      ['mem.usage{pod="b", resource.host.name="h2", service.name="checkout"}', { pod: 'b', 'resource.host.name': 'h2', 'service.name': 'checkout' }, [[minute(0), 150], [minute(1), 350]]],
    ]);
    expect(body.frames[0]!.schema!.fields.map((f) => [f.name, f.type])).toEqual([['time', 'time'], ['value', 'number']]);
  });

  it.each([
    ['filter=pod%3Da', [15, 35]],
    ['filter=resource.host.name%3Dh2', [150, 350]],
    ['filter=service.name%3Dcheckout&filter=pod%3Db', [150, 350]],
    ['filter=pod%3Da&filter=pod%3Db', [82.5, 192.5]], // same key: either value
  ])('filters with %s', async (filter, values) => {
    const body = await query(`name=mem.usage&${filter}`);
    expect(body.frames.map(points)).toEqual([['mem.usage', {}, [[minute(0), values[0]], [minute(1), values[1]]]]]);
  });

  it('answers no frames when nothing matches', async () => {
    expect((await query('name=mem.usage&filter=pod%3Dz')).frames).toEqual([]);
  });
});

describe('GET /api/v1/metrics/query: sums', () => {
  it('rates a cumulative counter across a restart, with the increase from before the range', async () => {
    const body = await query('name=http.requests&groupBy=route');
    expect(body.agg).toBe('rate');
    expect(body.frames.map(points)).toEqual([
      ['http.requests{route="/a"}', { route: '/a' }, [[minute(0), 30 / 60], [minute(1), 40 / 60], [minute(2), 60 / 60]]],
      ['http.requests{route="/b"}', { route: '/b' }, [[minute(1), 1], [minute(2), 1]]],
    ]);
  });

  it('adds the rates of the series in a group', async () => {
    const body = await query('name=http.requests&agg=rate');
    expect(body.frames.map(points)).toEqual([['http.requests', {}, [[minute(0), 0.5], [minute(1), 100 / 60], [minute(2), 2]]]]);
  });

  it('counts the whole value of a counter exported once whose start time is in view', async () => {
    const body = await query('name=once.requests&groupBy=proc');
    expect(body.frames.map(points)).toEqual([
      ['once.requests{proc="in-lookback"}', { proc: 'in-lookback' }, [[minute(0), 4 / 60]]],
      ['once.requests{proc="in-range"}', { proc: 'in-range' }, [[minute(0), 3 / 60]]],
    ]);
  });

  it('restarts a counter when its start time changes, whether the value falls or rises', async () => {
    const body = await query('name=restarted.requests&groupBy=proc');
    expect(body.frames.map(points)).toEqual([
      // +10 | 150 from the restart, +10 (the drop rule alone would have said +40, +10)
      ['restarted.requests{proc="higher"}', { proc: 'higher' }, [[minute(0), 10 / 60], [minute(1), 160 / 60]]],
      // +10 | 5 from the restart, +20
      ['restarted.requests{proc="lower"}', { proc: 'lower' }, [[minute(0), 10 / 60], [minute(1), 25 / 60]]],
      // +10 | the fall to 5 with the same start is not counted, +10
      ['restarted.requests{proc="same-start"}', { proc: 'same-start' }, [[minute(0), 10 / 60], [minute(1), 10 / 60]]],
    ]);
  });

  it('falls back to "a fall is a reset" for series without start times', async () => {
    const body = await query('name=scraped.requests&groupBy=proc');
    // +10, +20 | reset to 5, +10; the lone point has no increase
    expect(body.frames.map(points)).toEqual([['scraped.requests{proc="a"}', { proc: 'a' }, [[minute(0), 30 / 60], [minute(1), 15 / 60]]]]);
  });

  it('rates a delta sum as its values over the step', async () => {
    const body = await query('name=jobs.done');
    expect(body.frames.map(points)).toEqual([['jobs.done', {}, [[minute(0), 0.2], [minute(1), 0.2]]]]);
  });

  it('adds up the latest value of each cumulative series with agg=sum', async () => {
    const body = await query('name=http.requests&agg=sum');
    expect(body.frames.map(points)).toEqual([['http.requests', {}, [[minute(0), 130], [minute(1), 70], [minute(2), 190]]]]);
  });

  it('defaults a non-monotonic sum to avg and refuses rate on it', async () => {
    expect((await query('name=queue.depth')).frames.map(points)).toEqual([['queue.depth', {}, [[minute(0), 4]]]]);
    const { status, body } = await api.get<{ message: string }>(`/api/v1/metrics/query?${range}&name=queue.depth&agg=rate`);
    expect(status).toBe(400);
    expect(body.message).toBe('agg: rate needs a monotonic sum; "queue.depth" is not monotonic (expected one of avg, min, max, sum, last, count)');
  });
});

describe('GET /api/v1/metrics/query: histograms and summaries', () => {
  it('takes quantiles from the bucket increase per step, across a reset', async () => {
    const body = await query('name=http.duration&groupBy=route&agg=p99');
    expect(body.frames.map(points)).toEqual([
      // minute 0 +[2,6,2,0]: 50 + 50·1.9/2 | minute 1 +[0,0,10,0]: 50 + 50·9.9/10 | minute 2, restarted, [1,0,0,0]: 10·0.99
      ['http.duration{route="/a"}', { route: '/a' }, [[minute(0), 97.5], [minute(1), 99.5], [minute(2), 9.9]]],
      // delta [0,10,0] over bounds 10, 20: 10 + 10·9.9/10
      ['http.duration{route="/b"}', { route: '/b' }, [[minute(0), 19.9]]],
    ]);
  });

  it('defaults to p95 and merges bucket sets by bound', async () => {
    const body = await query('name=http.duration&agg=p50');
    // minute 0: ≤10: 2, ≤20: 2+10, ≤50: 18, ≤100: 20 → rank 10 in (10, 20]: 10 + 10·8/10
    expect(body.frames.map(points)).toEqual([['http.duration', {}, [[minute(0), 18], [minute(1), 75], [minute(2), 5]]]]);
    expect((await query('name=http.duration')).agg).toBe('p95');
  });

  it.each([
    ['count', [20, 10, 1]],
    ['sum', [550, 800, 5]],
    ['avg', [27.5, 80, 5]],
  ])('histogram %s of the observations in each step', async (agg, values) => {
    const body = await query(`name=http.duration&agg=${agg}`);
    expect(body.frames.map(points)).toEqual([['http.duration', {}, values.map((v, k) => [minute(k), v])]]);
  });

  it.each([
    // buckets (≤10, ≤50, ≤100, +Inf) = [1, 2, 1, 1], cumulative 1, 3, 4, 5. p50: rank 0.5·5 = 2.5 falls in
    // (10, 50] (the first cumulative count ≥ 2.5 is 3), 1.5 into its 2 observations: 10 + 40·1.5/2 = 40
    ['p50', 40],
    ['count', 5],
    ['sum', 325], // 5 + 20 + 30 + 70 + 200
    ['avg', 65],
  ])('counts a histogram exported once, its start in the range, in full: %s', async (agg, value) => {
    expect((await query(`name=once.duration&agg=${agg}`)).frames.map(points)).toEqual([['once.duration', {}, [[minute(0), value]]]]);
  });

  it('averages an exponential histogram and a summary over the step, summary restart included', async () => {
    expect((await query('name=rpc.size')).frames.map(points)).toEqual([['rpc.size', {}, [[minute(0), 10]]]]);
    expect((await query('name=gc.pause&agg=count')).frames.map(points)).toEqual([['gc.pause', {}, [[minute(0), 4], [minute(1), 2]]]]);
    expect((await query('name=gc.pause')).frames.map(points)).toEqual([['gc.pause', {}, [[minute(0), 10], [minute(1), 25]]]]);
  });
});

describe('GET /api/v1/metrics/query: errors', () => {
  it('404s an unknown metric, naming it', async () => {
    const { status, body } = await api.get<{ code: string; message: string }>(`/api/v1/metrics/query?${range}&name=nope`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'not_found', message: 'no metric "nope"' });
  });

  it('asks for a type when a name lives in two tables', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/metrics/query?${range}&name=dup.metric`);
    expect(status).toBe(400);
    expect(body.message).toBe('type: metric "dup.metric" is stored as gauge and sum; pass type=gauge or type=sum');
    expect((await query('name=dup.metric&type=sum&agg=last')).frames.map(points)).toEqual([['dup.metric', {}, [[minute(0), 1]]]]);
  });

  it.each([
    ['name=mem.usage&agg=p95', 'agg: "p95" does not apply to gauge "mem.usage" (expected one of avg, min, max, sum, last, count)'],
    ['name=mem.usage&filter=pod', 'filter: expected key=value, got "pod"'],
    ['name=mem.usage&step=0', 'step: expected a whole number of seconds ≥ 1, optionally with a unit (30s, 5m, 1h, 1d), got "0"'],
  ])('refuses %s', async (params, message) => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/metrics/query?from=${base}&to=${base + 600_000}&${params}`);
    expect(status).toBe(400);
    expect(body.message).toBe(message);
  });

  it('names a missing name and an unknown aggregation', async () => {
    const missing = await api.get<{ message: string }>(`/api/v1/metrics/query?${range}`);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/^name: /);
    const unknown = await api.get<{ message: string }>(`/api/v1/metrics/query?${range}&name=mem.usage&agg=median`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/^agg: .*"rate"/);
  });
});
