import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetsResult, TraceLatencyResult, TraceResult, TracesResult } from '../../../../shared/api.js';
import { formatNanos, type SpanRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';
import { latencyBucketSql } from './latency.js';

const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const baseNs = BigInt(base) * 1_000_000n;
const ms = 1_000_000n;

const A = '0af7651916cd43dd8448eb211c80319c';
const B = '4bf92f3577b34da6a3ce929d0e0e4736';
const C = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const D = 'd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0';
const E = 'e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0';
// two traces whose first spans start in the same nanosecond: paging must not lose or repeat one
const T1 = '11111111111111111111111111111111';
const T2 = '22222222222222222222222222222222';

interface SpanSpec {
  trace: string;
  id: string;
  parent?: string;
  service: string;
  name: string;
  kind?: string;
  /** start, ns after base */
  at: bigint;
  duration: bigint;
  status?: string;
  /** resource attributes beside service.name */
  resource?: Record<string, string>;
  extra?: Partial<SpanRow>;
}

const span = (s: SpanSpec): SpanRow => ({
  Timestamp: formatNanos(baseNs + s.at),
  TraceId: s.trace, SpanId: s.id, ParentSpanId: s.parent ?? '', TraceState: '',
  SpanName: s.name, SpanKind: s.kind ?? 'Server', ServiceName: s.service,
  ResourceAttributes: { 'service.name': s.service, ...s.resource }, ScopeName: 'octolens-test', ScopeVersion: '1.0', SpanAttributes: {},
  Duration: String(s.duration), StatusCode: s.status ?? 'Unset', StatusMessage: '',
  'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [],
  'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
  ...s.extra,
});

const aRootStart = 10_000n * ms + 123_456_789n; // sub-millisecond on purpose
const web1 = { 'host.name': 'web-1' };
const web2 = { 'host.name': 'web-2' };
const spans = [
  // A: checkout GET /cart → SELECT (client) and tax POST /tax (error), tax ends last.
  span({ trace: A, id: 'a000000000000001', service: 'checkout', name: 'GET /cart', at: aRootStart, duration: 100n * ms, resource: web1,
    extra: { SpanAttributes: { 'http.route': '/cart', 'http.response.status_code': '200' }, 'Links.TraceId': [C], 'Links.SpanId': ['c000000000000001'], 'Links.TraceState': ['k=v'], 'Links.Attributes': [{ why: 'retry' }] } }),
  span({ trace: A, id: 'a000000000000002', parent: 'a000000000000001', service: 'checkout', name: 'SELECT cart', kind: 'Client', at: aRootStart + 10n * ms, duration: 20n * ms, resource: web1 }),
  span({ trace: A, id: 'a000000000000003', parent: 'a000000000000001', service: 'tax', name: 'POST /tax', at: aRootStart + 80n * ms, duration: 50n * ms, status: 'Error',
    resource: { ...web2, 'k8s.pod.name': 'tax-7f9' },
    extra: { StatusMessage: 'rate table missing', SpanAttributes: { 'http.response.status_code': '502', 'error.type': 'TimeoutError' },
      'Events.Timestamp': [formatNanos(baseNs + aRootStart + 81n * ms + 7n)], 'Events.Name': ['exception'], 'Events.Attributes': [{ 'exception.type': 'KeyError' }] } }),
  // B: its root never arrived; the earliest span (tax) stands in.
  span({ trace: B, id: 'b000000000000002', parent: 'b000000000000001', service: 'tax', name: 'POST /tax', at: 20_000n * ms, duration: 5n * ms, resource: web2,
    extra: { SpanAttributes: { 'http.response.status_code': '201' } } }),
  span({ trace: B, id: 'b000000000000003', parent: 'b000000000000002', service: 'tax', name: 'lookup', kind: 'Internal', at: 20_001n * ms, duration: 2n * ms, resource: web2 }),
  // C: one slow span.
  span({ trace: C, id: 'c000000000000001', service: 'checkout', name: 'GET /cart', at: 30_000n * ms, duration: 300n * ms, status: 'Ok', resource: web1,
    extra: { SpanAttributes: { 'http.route': '/cart/items', 'http.response.status_code': '200' } } }),
  // E: a declined card.
  span({ trace: E, id: 'e000000000000001', service: 'payments', name: 'POST /charge', at: 40_000n * ms, duration: 8n * ms, status: 'Error', resource: web1,
    extra: { SpanAttributes: { 'http.route': '/charge', 'http.response.status_code': '500', 'error.type': 'CardDeclinedError' } } }),
  span({ trace: T2, id: '2000000000000001', service: 'ties', name: 'GET /tie', at: 100_000n * ms + 5n, duration: 10n * ms }),
  span({ trace: T1, id: '1000000000000001', service: 'ties', name: 'GET /tie', at: 100_000n * ms + 5n, duration: 10n * ms }),
  // D: after the range.
  span({ trace: D, id: 'd000000000000001', service: 'checkout', name: 'GET /cart', at: 700_000n * ms, duration: 1n * ms }),
];

const range = `from=${base}&to=${base + 600_000}`;
let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await api.insert('otel_traces', spans);
});
afterAll(async () => {
  await api?.close();
});

const filterQuery = (filters: string | string[]) => [filters].flat().map((f) => `&filter=${encodeURIComponent(f)}`).join('');

describe('GET /api/v1/traces', () => {
  const ids = async (query: string) => {
    const { status, body } = await api.get<TracesResult>(`/api/v1/traces?${range}${query}`);
    expect(status).toBe(200);
    return body.traces.map((t) => t.traceId);
  };

  it('summarises matching traces, newest first', async () => {
    const { body } = await api.get<TracesResult>(`/api/v1/traces?from=${base}&to=${base + 35_000}`);
    expect(body.range).toEqual({ from: base, to: base + 35_000 });
    expect(body.nextCursor).toBeNull();
    const startA = (baseNs + aRootStart).toString();
    expect(body.traces).toEqual([
      { traceId: C, rootService: 'checkout', rootOperation: 'GET /cart', startTime: new Date(base + 30_000).toISOString(), startTimeUnixNano: (baseNs + 30_000n * ms).toString(), durationNs: 300_000_000, spanCount: 1, errorCount: 0, services: ['checkout'] },
      { traceId: B, rootService: 'tax', rootOperation: 'POST /tax', startTime: new Date(base + 20_000).toISOString(), startTimeUnixNano: (baseNs + 20_000n * ms).toString(), durationNs: 5_000_000, spanCount: 2, errorCount: 0, services: ['tax'] },
      { traceId: A, rootService: 'checkout', rootOperation: 'GET /cart', startTime: new Date(base + 10_123).toISOString(), startTimeUnixNano: startA, durationNs: 130_000_000, spanCount: 3, errorCount: 1, services: ['checkout', 'tax'] },
    ]);
  });

  it('finds every trace in range, ties in start time by id', async () => {
    expect(await ids('')).toEqual([T1, T2, E, C, B, A]);
  });

  it.each([
    ['&service=tax', [B, A]],
    ['&status=error', [E, A]],
    ['&status=ok', [C]],
    ['&status=unset&service=checkout', [A]],
    ['&minDurationMs=200', [C]],
    ['&maxDurationMs=4.5', [B]],
    ['&minDurationMs=50&maxDurationMs=100', [A]],
    // [min, max), as from/to: B's 2 ms span is not under 2 ms
    ['&maxDurationMs=2', []],
    ['&minDurationMs=2&maxDurationMs=2.000001', [B]],
    ['&service=checkout&operation=GET%20%2Fcart', [C, A]],
    // every filter on the same span: tax has no GET /cart
    ['&service=tax&operation=GET%20%2Fcart', []],
    ['&limit=1', [T1]],
  ])('filters %s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it.each([
    // service and operation: a part of the name in any case, or the whole name in double quotes
    ['&service=pay', [E]],
    ['&service=PAY', [E]],
    ['&service=check', [C, A]],
    ['&service=%22check%22', []],
    ['&service=%22checkout%22', [C, A]],
    ['&operation=cart', [C, A]],
    ['&operation=%2Fta', [B, A]],
    ['&operation=%22GET%20%2Fcart%22', [C, A]],
    ['&operation=%22GET%20%2Fcar%22', []],
  ])('matches names with %s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it.each([
    ['http.response.status_code=502', [A]],
    // = on one key twice: either value
    [['http.response.status_code=200', 'http.response.status_code=201'], [C, B, A]],
    // a span without the attribute reads it as '', which is != 200
    ['http.response.status_code!=200', [T1, T2, E, B, A]],
    ['error.type=~^(Timeout|Card)', [E, A]],
    ['error.type=~(?i)timeout', [A]],
    ['error.type=~Error$', [E, A]],
    ['http.route!~^/cart', [T1, T2, E, B, A]],
    ['http.response.status_code>=500', [E, A]],
    ['http.response.status_code>500', [A]],
    ['http.response.status_code<300', [C, B, A]],
    ['http.response.status_code<=200', [C, A]],
    [['http.response.status_code>=2e2', 'http.response.status_code<201'], [C, A]],
    ['resource.host.name=web-2', [B, A]],
    ['resource.k8s.pod.name=tax-7f9', [A]],
    ['resource.host.name!=web-1', [T1, T2, B, A]],
    ['service.name=tax', [B, A]],
    ['span.name=lookup', [B]],
    ['span.status=Error', [E, A]],
    ['span.kind=Client', [A]],
    // every filter on the same span: A's 502 ran on web-2
    [['resource.host.name=web-1', 'http.response.status_code>=500'], [E]],
    [['resource.host.name=web-2', 'http.response.status_code>=500'], [A]],
  ] as Array<[string | string[], string[]]>)('filters by attribute filter=%s', async (filters, expected) => {
    expect(await ids(filterQuery(filters))).toEqual(expected);
  });

  it('pages with the cursor, one trace at a time, to the last page', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const { status, body }: { status: number; body: TracesResult } = await api.get<TracesResult>(`/api/v1/traces?${range}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      seen.push(...body.traces.map((t) => t.traceId));
      cursor = body.nextCursor;
      pages++;
    }
    expect(seen).toEqual([T1, T2, E, C, B, A]);
    expect(pages).toBe(6);
  });

  it('pages with the filters kept', async () => {
    const first = await api.get<TracesResult>(`/api/v1/traces?${range}&status=error&limit=1`);
    expect(first.body.traces.map((t) => t.traceId)).toEqual([E]);
    const second = await api.get<TracesResult>(`/api/v1/traces?${range}&status=error&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.traces.map((t) => t.traceId)).toEqual([A]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('keeps a trace whose matching span is in range and counts all its spans', async () => {
    const { body } = await api.get<TracesResult>(`/api/v1/traces?from=${base + 10_200}&to=${base + 15_000}`);
    expect(body.traces).toMatchObject([{ traceId: A, spanCount: 3, durationNs: 130_000_000 }]);
  });

  it.each([
    ['limit=0', 'limit: expected an integer from 1 to 1000, got "0"'],
    ['limit=1001', 'limit: expected an integer from 1 to 1000, got "1001"'],
    ['minDurationMs=-1', 'minDurationMs: expected a non-negative number, got "-1"'],
    ['minDurationMs=5&maxDurationMs=1', 'maxDurationMs: must be ≥ minDurationMs'],
    ['maxDurationMs=1e3', 'maxDurationMs: expected a non-negative number, got "1e3"'],
    ['filter=http.route', 'filter: expected key=value, key!=value, key=~regex, key!~regex or key>N (also >=, <, <=), got "http.route"'],
    ['filter=%3D5', 'filter: expected key=value, key!=value, key=~regex, key!~regex or key>N (also >=, <, <=), got "=5"'],
    ['filter=retries%3Emany', 'filter: "retries>" compares numbers: expected a number after >, got "many"'],
    ['cursor=bm9wZQ', 'cursor: not a cursor of this search: pass the previous page\'s nextCursor as it came, got "bm9wZQ"'],
    ['servce=tax', 'servce: unknown parameter (expected: from, to, service, operation, status, minDurationMs, maxDurationMs, filter, limit, cursor)'],
  ])('refuses %s', async (query, message) => {
    const { status, body } = await api.get<{ code: string; message: string }>(`/api/v1/traces?${range}&${query}`);
    expect(status).toBe(400);
    expect(body.message).toBe(message);
  });

  it('refuses a regular expression RE2 cannot compile, naming the filter', async () => {
    const { status, body } = await api.get<{ message: string; details: unknown }>(`/api/v1/traces?${range}&filter=${encodeURIComponent('error.type=~(Timeout')}`);
    expect(status).toBe(400);
    expect(body.message).toMatch(/^filter: "error\.type=~\(Timeout": ClickHouse cannot compile "\(Timeout" as an RE2 regular expression \(.*missing \)/);
  });

  it('names a bad status', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/traces?${range}&status=failed`);
    expect(status).toBe(400);
    expect(body.message).toMatch(/^status: .*"error".*"ok".*"unset"/);
  });
});

describe('GET /api/v1/traces/facets', () => {
  const facets = async (query: string) => {
    const { status, body } = await api.get<FacetsResult>(`/api/v1/traces/facets?${range}${query}`);
    expect(status).toBe(200);
    return Object.fromEntries(body.facets.map((f) => [f.key, Object.fromEntries(f.values.map((v) => [v.value, v.count]))]));
  };

  it('counts the top values of the common keys in traces, most first, then by value', async () => {
    const { body } = await api.get<FacetsResult>(`/api/v1/traces/facets?${range}`);
    expect(body.range).toEqual({ from: base, to: base + 600_000 });
    expect(body.facets).toEqual([
      { key: 'service.name', values: [{ value: 'checkout', count: 2 }, { value: 'tax', count: 2 }, { value: 'ties', count: 2 }, { value: 'payments', count: 1 }] },
      {
        key: 'span.name',
        values: [
          { value: 'GET /cart', count: 2 }, { value: 'GET /tie', count: 2 }, { value: 'POST /tax', count: 2 },
          { value: 'POST /charge', count: 1 }, { value: 'SELECT cart', count: 1 }, { value: 'lookup', count: 1 },
        ],
      },
      { key: 'span.status', values: [{ value: 'Unset', count: 4 }, { value: 'Error', count: 2 }, { value: 'Ok', count: 1 }] },
      { key: 'http.response.status_code', values: [{ value: '200', count: 2 }, { value: '201', count: 1 }, { value: '500', count: 1 }, { value: '502', count: 1 }] },
      { key: 'http.route', values: [{ value: '/cart', count: 1 }, { value: '/cart/items', count: 1 }, { value: '/charge', count: 1 }] },
      { key: 'error.type', values: [{ value: 'CardDeclinedError', count: 1 }, { value: 'TimeoutError', count: 1 }] },
      { key: 'resource.k8s.pod.name', values: [{ value: 'tax-7f9', count: 1 }] },
      { key: 'resource.host.name', values: [{ value: 'web-1', count: 3 }, { value: 'web-2', count: 2 }] },
    ]);
  });

  it('counts over the spans the search matches', async () => {
    expect(await facets('&service=tax')).toEqual({
      'service.name': { tax: 2 },
      'span.name': { 'POST /tax': 2, lookup: 1 },
      'span.status': { Error: 1, Unset: 1 },
      'http.response.status_code': { '201': 1, '502': 1 },
      'error.type': { TimeoutError: 1 },
      'resource.k8s.pod.name': { 'tax-7f9': 1 },
      'resource.host.name': { 'web-2': 2 },
    });
    expect(await facets(filterQuery('http.response.status_code>=500'))).toMatchObject({ 'service.name': { payments: 1, tax: 1 }, 'resource.host.name': { 'web-1': 1, 'web-2': 1 } });
  });

  it('gives for each value the number of traces the search finds with it added as a filter', async () => {
    const { body } = await api.get<FacetsResult>(`/api/v1/traces/facets?${range}&service=tax`);
    for (const facet of body.facets) {
      for (const v of facet.values) {
        const res = await api.get<TracesResult>(`/api/v1/traces?${range}&service=tax${filterQuery(`${facet.key}=${v.value}`)}`);
        expect([facet.key, v.value, res.body.traces.length]).toEqual([facet.key, v.value, v.count]);
      }
    }
  });

  it('refuses a page parameter, by name', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/traces/facets?${range}&limit=5`);
    expect(status).toBe(400);
    expect(body.message).toBe('limit: unknown parameter (expected: from, to, service, operation, status, minDurationMs, maxDurationMs, filter)');
  });
});

describe('GET /api/v1/traces/latency', () => {
  const bucket = (minNs: number, maxNs: number, spans = 0, errors = 0) => ({ minNs, maxNs, spans, errors });

  it('counts the matching spans per log-scale bucket, errors apart, empty buckets between included', async () => {
    const { status, body } = await api.get<TraceLatencyResult>(`/api/v1/traces/latency?${range}`);
    expect(status).toBe(200);
    expect(body.range).toEqual({ from: base, to: base + 600_000 });
    // spans: B 2 ms and 5 ms, E 8 ms (error), T1 and T2 10 ms, A 20 ms, 50 ms (error) and 100 ms, C 300 ms; D is out of range
    expect(body.buckets).toEqual([
      bucket(2e6, 3e6, 1), bucket(3e6, 5e6), bucket(5e6, 7e6, 1), bucket(7e6, 10e6, 1, 1), bucket(10e6, 15e6, 2), bucket(15e6, 20e6),
      bucket(20e6, 30e6, 1), bucket(30e6, 50e6), bucket(50e6, 70e6, 1, 1), bucket(70e6, 100e6), bucket(100e6, 150e6, 1),
      bucket(150e6, 200e6), bucket(200e6, 300e6), bucket(300e6, 500e6, 1),
    ]);
  });

  it('takes every filter of the search', async () => {
    const { body } = await api.get<TraceLatencyResult>(`/api/v1/traces/latency?${range}&service=tax`);
    expect(body.buckets).toEqual([bucket(2e6, 3e6, 1), bucket(3e6, 5e6), bucket(5e6, 7e6, 1), bucket(7e6, 10e6), bucket(10e6, 15e6), bucket(15e6, 20e6), bucket(20e6, 30e6), bucket(30e6, 50e6), bucket(50e6, 70e6, 1, 1)]);
    const errors = await api.get<TraceLatencyResult>(`/api/v1/traces/latency?${range}&status=error${filterQuery('resource.host.name=web-1')}`);
    expect(errors.body.buckets).toEqual([bucket(7e6, 10e6, 1, 1)]);
    const none = await api.get<TraceLatencyResult>(`/api/v1/traces/latency?${range}&service=nothing`);
    expect(none.body.buckets).toEqual([]);
  });

  it('gives bucket bounds that, as minDurationMs and maxDurationMs, find the traces of exactly those spans', async () => {
    const cases: Array<[number, number, string[]]> = [
      [10e6, 15e6, [T1, T2]],
      [50e6, 70e6, [A]],
      [2e6, 7e6, [B]],
      [7e6, 15e6, [T1, T2, E]],
      [20e6, 500e6, [C, A]],
    ];
    for (const [minNs, maxNs, expected] of cases) {
      const { body } = await api.get<TracesResult>(`/api/v1/traces?${range}&minDurationMs=${minNs / 1e6}&maxDurationMs=${maxNs / 1e6}`);
      expect([minNs, body.traces.map((t) => t.traceId)]).toEqual([minNs, expected]);
    }
  });

  it('puts a duration on a bucket boundary in the bucket it starts, in ClickHouse, up to the largest UInt64', async () => {
    // [duration ns, bucket]: bucket 6k + i starts at (1, 1.5, 2, 3, 5, 7)[i] × 10^k ns
    const expected: Array<[string, number]> = [
      ['0', 0], ['1', 0], ['2', 2], ['3', 3], ['4', 3], ['5', 4], ['6', 4], ['7', 5], ['9', 5],
      ['10', 6], ['14', 6], ['15', 7], ['19', 7], ['20', 8], ['29', 8], ['30', 9], ['49', 9], ['50', 10], ['69', 10], ['70', 11], ['99', 11],
      ['100', 12], ['999', 17], ['1000', 18], ['999999', 35], ['1000000', 36], ['1499999', 36], ['1500000', 37], ['1999999', 37],
      ['2000000', 38], ['2999999', 38], ['3000000', 39], ['4999999', 39], ['5000000', 40], ['6999999', 40], ['7000000', 41], ['9999999', 41],
      ['10000000', 42], ['1000000000', 54], ['69999999999', 64], ['70000000000', 65], ['10000000000000000000', 114], ['18446744073709551615', 115],
    ];
    const values = expected.map(([d]) => `toUInt64('${d}')`).join(', ');
    const rows = await api.store.query<{ d: string; b: number }>(`SELECT toString(d) AS d, ${latencyBucketSql('d')} AS b FROM (SELECT arrayJoin([${values}]) AS d)`, {});
    expect(rows.map((r) => [r.d, Number(r.b)])).toEqual(expected);
  });

  it('refuses a page parameter and a bad filter, by name', async () => {
    const page = await api.get<{ message: string }>(`/api/v1/traces/latency?${range}&cursor=x`);
    expect(page.status).toBe(400);
    expect(page.body.message).toBe('cursor: unknown parameter (expected: from, to, service, operation, status, minDurationMs, maxDurationMs, filter)');
    const max = await api.get<{ message: string }>(`/api/v1/traces/latency?${range}&minDurationMs=20&maxDurationMs=10`);
    expect([max.status, max.body.message]).toEqual([400, 'maxDurationMs: must be ≥ minDurationMs']);
    const filter = await api.get<{ message: string }>(`/api/v1/traces/latency?${range}&filter=http.route`);
    expect(filter.status).toBe(400);
    expect(filter.body.message).toMatch(/^filter: expected key=value/);
  });
});

describe('GET /api/v1/traces/:traceId', () => {
  it('returns every span by start time with attributes, events and links', async () => {
    const { status, body } = await api.get<TraceResult>(`/api/v1/traces/${A.toUpperCase()}`);
    expect(status).toBe(200);
    expect(body.traceId).toBe(A);
    expect(body.spans.map((s) => s.spanId)).toEqual(['a000000000000001', 'a000000000000002', 'a000000000000003']);
    expect(body.spans[0]).toEqual({
      traceId: A, spanId: 'a000000000000001', parentSpanId: '', name: 'GET /cart', kind: 'Server', serviceName: 'checkout',
      startTime: new Date(base + 10_123).toISOString(), startTimeUnixNano: (baseNs + aRootStart).toString(), durationNs: 100_000_000,
      statusCode: 'Unset', statusMessage: '', scopeName: 'octolens-test', scopeVersion: '1.0',
      resourceAttributes: { 'service.name': 'checkout', 'host.name': 'web-1' }, attributes: { 'http.route': '/cart', 'http.response.status_code': '200' },
      events: [],
      links: [{ traceId: C, spanId: 'c000000000000001', traceState: 'k=v', attributes: { why: 'retry' } }],
    });
    expect(body.spans[2]).toMatchObject({
      parentSpanId: 'a000000000000001', serviceName: 'tax', statusCode: 'Error', statusMessage: 'rate table missing',
      events: [{ timeUnixNano: (baseNs + aRootStart + 81n * ms + 7n).toString(), name: 'exception', attributes: { 'exception.type': 'KeyError' } }],
      links: [],
    });
  });

  it('404s an unknown trace', async () => {
    const id = 'ffffffffffffffffffffffffffffffff';
    const { status, body } = await api.get<{ code: string; message: string }>(`/api/v1/traces/${id}`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'not_found', message: `no trace ${id}` });
  });

  it.each(['xyz', A + '0', A.slice(1) + 'g'])('400s a malformed id %s', async (id) => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/traces/${id}`);
    expect(status).toBe(400);
    expect(body.message).toBe('traceId: expected 32 hex characters');
  });
});
