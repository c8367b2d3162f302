import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricQueryResult, TraceResult } from '../../../shared/api.js';
import { formatNanos, type GaugeRow, type LogRow, type SpanRow } from '../../storage/rows.js';
import { withQueryLimits, type QueryLimits } from '../../storage/index.js';
import { createHubMetrics } from '../../telemetry/metrics.js';
import { createApp } from '../app.js';
import { defaultApiLimits, type ApiLimits } from '../limits.js';
import { openTestApi, type TestApi } from './testing.js';

/**
 * Each bound of a query, on real chDB: the route's own (range cap, trace span limit, series
 * limit) and the store's (max_result_rows, max_memory_usage, max_execution_time), each
 * answered with a clear error naming the setting that raises it.
 */

const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const baseNs = BigInt(base) * 1_000_000n;
const DAY = 86_400_000;
const range = `from=${base}&to=${base + 600_000}`;

const LONG = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const EXACT = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';

const span = (trace: string, i: number): SpanRow => ({
  Timestamp: formatNanos(baseNs + BigInt(i) * 1_000_000n),
  TraceId: trace, SpanId: `${trace.slice(0, 12)}${String(i).padStart(4, '0')}`, ParentSpanId: i === 0 ? '' : `${trace.slice(0, 12)}0000`, TraceState: '',
  SpanName: `step ${i}`, SpanKind: 'Internal', ServiceName: 'checkout', ResourceAttributes: { 'service.name': 'checkout' },
  ScopeName: 'test', ScopeVersion: '1', SpanAttributes: {}, Duration: '1000', StatusCode: 'Unset', StatusMessage: '',
  'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [], 'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
});

const gauge = (seconds: number, queue: string, value: number): GaugeRow => ({
  ResourceAttributes: { 'service.name': 'checkout' }, ResourceSchemaUrl: '', ScopeName: 'test', ScopeVersion: '1', ScopeAttributes: {},
  ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '', ServiceName: 'checkout', MetricName: 'queue.depth', MetricDescription: '', MetricUnit: '1',
  Attributes: { queue }, StartTimeUnix: formatNanos(baseNs), TimeUnix: formatNanos(baseNs + BigInt(seconds) * 1_000_000_000n), Flags: 0, Value: value,
  'Exemplars.FilteredAttributes': [], 'Exemplars.TimeUnix': [], 'Exemplars.Value': [], 'Exemplars.SpanId': [], 'Exemplars.TraceId': [],
});

const log = (seconds: number, body: string): LogRow => ({
  Timestamp: formatNanos(baseNs + BigInt(seconds) * 1_000_000_000n), TraceId: '', SpanId: '', TraceFlags: 0, SeverityText: 'INFO', SeverityNumber: 9,
  ServiceName: 'checkout', Body: body, ResourceSchemaUrl: '', ResourceAttributes: {}, ScopeSchemaUrl: '', ScopeName: '', ScopeVersion: '',
  ScopeAttributes: {}, LogAttributes: {}, EventName: '',
});

let api: TestApi;

/** The hub's app over the test store, with other route limits and store limits. */
function appWith(limits: Partial<ApiLimits>, queryLimits?: Partial<QueryLimits>) {
  const store = queryLimits ? withQueryLimits(api.store, queryLimits) : api.store;
  const app = createApp({ store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, limits: { ...defaultApiLimits(), ...limits } });
  return async <T = unknown>(path: string) => {
    const res = await app.request(path);
    return { status: res.status, body: (await res.json()) as T & { code?: string; message?: string; details?: unknown } };
  };
}

beforeAll(async () => {
  api = await openTestApi();
  await api.insert('otel_traces', [...Array.from({ length: 12 }, (_, i) => span(LONG, i)), ...Array.from({ length: 10 }, (_, i) => span(EXACT, i))]);
  await api.insert('otel_metrics_gauge', ['q0', 'q1', 'q2', 'q3', 'q4'].flatMap((q, i) => [gauge(10, q, i), gauge(70, q, i + 1)]));
  await api.insert('otel_logs', [log(1, 'one'), log(2, 'two'), log(3, 'three')]);
});

afterAll(async () => {
  await api?.close();
});

describe('GET /api/v1/traces/:id span limit', () => {
  const get = () => appWith({ trace: { maxSpans: 10, setting: 'OCTOLENS_TRACE_MAX_SPANS' } });

  it('returns the first spans by start time, truncated, with the total count', async () => {
    const { status, body } = await get()<TraceResult>(`/api/v1/traces/${LONG}`);
    expect(status).toBe(200);
    expect(body.truncated).toBe(true);
    expect(body.spanCount).toBe(12);
    expect(body.spans.map((s) => s.name)).toEqual(Array.from({ length: 10 }, (_, i) => `step ${i}`));
  });

  it('a trace of exactly the limit is whole', async () => {
    const { status, body } = await get()<TraceResult>(`/api/v1/traces/${EXACT}`);
    expect(status).toBe(200);
    expect([body.truncated, body.spanCount, body.spans.length]).toEqual([false, 10, 10]);
  });
});

describe('metrics groupBy series limit', () => {
  const get = () => appWith({ series: { max: 3, setting: 'OCTOLENS_QUERY_MAX_SERIES' } });

  it('refuses a groupBy past the limit with a 422 naming the groupBy and the limit', async () => {
    const { status, body } = await get()(`/api/v1/metrics/query?name=queue.depth&groupBy=queue&${range}&step=60`);
    expect(status).toBe(422);
    expect(body.code).toBe('query_too_large');
    expect(body.message).toBe(
      'groupBy: "queue" makes more than 3 series over this range, the most a metrics query may return (OCTOLENS_QUERY_MAX_SERIES); add a filter, group by fewer labels or narrow from/to',
    );
    expect(body.details).toEqual([{ parameter: 'groupBy', message: 'more than 3 series', limit: 3, setting: 'OCTOLENS_QUERY_MAX_SERIES' }]);
  });

  it('answers a groupBy of exactly the limit', async () => {
    const filter = ['q0', 'q1', 'q2'].map((q) => `filter=queue=${q}`).join('&');
    const { status, body } = await get()<MetricQueryResult>(`/api/v1/metrics/query?name=queue.depth&groupBy=queue&${filter}&${range}&step=60`);
    expect(status).toBe(200);
    expect(body.frames.map((f) => f.schema!.name)).toEqual(['queue.depth{queue="q0"}', 'queue.depth{queue="q1"}', 'queue.depth{queue="q2"}']);
  });
});

describe('time range cap', () => {
  const get = () => appWith({ searchRange: { maxDays: 2, setting: 'OCTOLENS_QUERY_MAX_RANGE_DAYS', what: 'a telemetry search' } });
  const from = Date.UTC(2026, 10, 1);

  it.each(['/api/v1/logs', '/api/v1/traces', '/api/v1/services', '/api/v1/services/checkout', '/api/v1/metrics', '/api/v1/metrics/query?name=queue.depth'])(
    '%s refuses a range past the cap with a 400 naming from, to and the cap',
    async (path) => {
      const sep = path.includes('?') ? '&' : '?';
      const { status, body } = await get()(`${path}${sep}from=${from}&to=${from + 2 * DAY + 3_600_000}`);
      expect(status).toBe(400);
      expect(body.code).toBe('bad_request');
      expect(body.message).toBe(
        'from: from 2026-11-01T00:00:00.000Z to 2026-11-03T01:00:00.000Z is 2.04 days, more than the 2 days a telemetry search may span (OCTOLENS_QUERY_MAX_RANGE_DAYS); narrow from/to',
      );
    },
  );

  it('accepts a range of exactly the cap', async () => {
    const { status } = await get()(`/api/v1/logs?from=${from}&to=${from + 2 * DAY}`);
    expect(status).toBe(200);
  });
});

describe('store bounds become clear HTTP errors', () => {
  it('max_result_rows: a 422 naming the limit and OCTOLENS_QUERY_MAX_RESULT_ROWS, not a cut list', async () => {
    const get = appWith({}, { maxResultRows: 2, settings: { rows: 'OCTOLENS_QUERY_MAX_RESULT_ROWS' } });
    const { status, body } = await get(`/api/v1/logs?${range}`);
    expect(status).toBe(422);
    expect(body).toMatchObject({
      code: 'query_too_large',
      message: "the query's result has more than 2 rows (max_result_rows); narrow the time range or add filters, or raise OCTOLENS_QUERY_MAX_RESULT_ROWS",
      details: { bound: 'rows', limit: 2, setting: 'OCTOLENS_QUERY_MAX_RESULT_ROWS' },
    });
    expect((await appWith({}, { maxResultRows: 3 })(`/api/v1/logs?${range}`)).status).toBe(200);
  });

  it('max_rows_to_read: a 422 naming the limit and OCTOLENS_QUERY_MAX_ROWS_TO_READ before the scan goes further', async () => {
    const get = appWith({}, { maxRowsToRead: 1, settings: { scan: 'OCTOLENS_QUERY_MAX_ROWS_TO_READ' } });
    const { status, body } = await get(`/api/v1/logs?${range}`);
    expect(status).toBe(422);
    expect(body).toMatchObject({
      code: 'query_too_large',
      message: 'the query would read more than 1 rows (max_rows_to_read); narrow the time range or add filters, or raise OCTOLENS_QUERY_MAX_ROWS_TO_READ',
      details: { bound: 'scan', limit: 1, setting: 'OCTOLENS_QUERY_MAX_ROWS_TO_READ' },
    });
    expect((await appWith({}, { maxRowsToRead: 1_000_000 })(`/api/v1/logs?${range}`)).status).toBe(200);
  });

  it('max_memory_usage: a 422 naming the limit and OCTOLENS_QUERY_MAX_MEMORY_BYTES', async () => {
    const get = appWith({}, { maxMemoryBytes: 1, settings: { memory: 'OCTOLENS_QUERY_MAX_MEMORY_BYTES' } });
    const { status, body } = await get(`/api/v1/services?${range}`);
    expect(status).toBe(422);
    expect(body).toMatchObject({
      code: 'query_too_large',
      message:
        'the query needed more than its memory limit of 1 bytes (max_memory_usage); narrow the time range, add filters or group by fewer labels, or raise OCTOLENS_QUERY_MAX_MEMORY_BYTES',
      details: { bound: 'memory', limit: 1, setting: 'OCTOLENS_QUERY_MAX_MEMORY_BYTES' },
    });
  });

  it('max_execution_time: a 503 naming the limit and OCTOLENS_QUERY_TIMEOUT_SECONDS', async () => {
    // Four million points, written inside the engine: the query over them takes ~0.6 s here unbounded.
    await api.store.query(
      `INSERT INTO otel_metrics_gauge (ServiceName, MetricName, Attributes, ResourceAttributes, TimeUnix, StartTimeUnix, Value)
       SELECT 'checkout', 'busy.gauge', map('k', toString(number % 1000)), map('host', toString(number % 7)),
              fromUnixTimestamp64Milli(toInt64({base:Int64} + intDiv(number, 10000) * 1000)), fromUnixTimestamp64Milli({base:Int64}), number
       FROM numbers(4000000)`,
      { base },
    );
    const get = appWith({}, { timeoutSeconds: 0.05, settings: { time: 'OCTOLENS_QUERY_TIMEOUT_SECONDS' } });
    const started = Date.now();
    const { status, body } = await get(`/api/v1/metrics/query?name=busy.gauge&agg=avg&${range}&step=60`);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      code: 'query_timeout',
      message: 'the query ran longer than its limit of 0.05 s (max_execution_time); narrow the time range or add filters, or raise OCTOLENS_QUERY_TIMEOUT_SECONDS',
      details: { bound: 'time', limit: 0.05, setting: 'OCTOLENS_QUERY_TIMEOUT_SECONDS' },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
