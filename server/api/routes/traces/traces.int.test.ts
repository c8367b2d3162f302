import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceResult, TracesResult } from '../../../../shared/api.js';
import { formatNanos, type SpanRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const baseNs = BigInt(base) * 1_000_000n;
const ms = 1_000_000n;

const A = '0af7651916cd43dd8448eb211c80319c';
const B = '4bf92f3577b34da6a3ce929d0e0e4736';
const C = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const D = 'd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0';

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
  extra?: Partial<SpanRow>;
}

const span = (s: SpanSpec): SpanRow => ({
  Timestamp: formatNanos(baseNs + s.at),
  TraceId: s.trace, SpanId: s.id, ParentSpanId: s.parent ?? '', TraceState: '',
  SpanName: s.name, SpanKind: s.kind ?? 'Server', ServiceName: s.service,
  ResourceAttributes: { 'service.name': s.service }, ScopeName: 'octolens-test', ScopeVersion: '1.0', SpanAttributes: {},
  Duration: String(s.duration), StatusCode: s.status ?? 'Unset', StatusMessage: '',
  'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [],
  'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
  ...s.extra,
});

const aRootStart = 10_000n * ms + 123_456_789n; // sub-millisecond on purpose
const spans = [
  // A: checkout GET /cart → SELECT (client) and tax POST /tax (error), tax ends last.
  span({ trace: A, id: 'a000000000000001', service: 'checkout', name: 'GET /cart', at: aRootStart, duration: 100n * ms,
    extra: { SpanAttributes: { 'http.route': '/cart' }, 'Links.TraceId': [C], 'Links.SpanId': ['c000000000000001'], 'Links.TraceState': ['k=v'], 'Links.Attributes': [{ why: 'retry' }] } }),
  span({ trace: A, id: 'a000000000000002', parent: 'a000000000000001', service: 'checkout', name: 'SELECT cart', kind: 'Client', at: aRootStart + 10n * ms, duration: 20n * ms }),
  span({ trace: A, id: 'a000000000000003', parent: 'a000000000000001', service: 'tax', name: 'POST /tax', at: aRootStart + 80n * ms, duration: 50n * ms, status: 'Error',
    extra: { StatusMessage: 'rate table missing', 'Events.Timestamp': [formatNanos(baseNs + aRootStart + 81n * ms + 7n)], 'Events.Name': ['exception'], 'Events.Attributes': [{ 'exception.type': 'KeyError' }] } }),
  // B: its root never arrived; the earliest span (tax) stands in.
  span({ trace: B, id: 'b000000000000002', parent: 'b000000000000001', service: 'tax', name: 'POST /tax', at: 20_000n * ms, duration: 5n * ms }),
  span({ trace: B, id: 'b000000000000003', parent: 'b000000000000002', service: 'tax', name: 'lookup', kind: 'Internal', at: 20_001n * ms, duration: 2n * ms }),
  // C: one slow span.
  span({ trace: C, id: 'c000000000000001', service: 'checkout', name: 'GET /cart', at: 30_000n * ms, duration: 300n * ms, status: 'Ok' }),
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

describe('GET /api/v1/traces', () => {
  const ids = async (query: string) => {
    const { status, body } = await api.get<TracesResult>(`/api/v1/traces?${range}${query}`);
    expect(status).toBe(200);
    return body.traces.map((t) => t.traceId);
  };

  it('summarises matching traces, newest first', async () => {
    const { body } = await api.get<TracesResult>(`/api/v1/traces?${range}`);
    expect(body.range).toEqual({ from: base, to: base + 600_000 });
    const startA = (baseNs + aRootStart).toString();
    expect(body.traces).toEqual([
      { traceId: C, rootService: 'checkout', rootOperation: 'GET /cart', startTime: new Date(base + 30_000).toISOString(), startTimeUnixNano: (baseNs + 30_000n * ms).toString(), durationNs: 300_000_000, spanCount: 1, errorCount: 0, services: ['checkout'] },
      { traceId: B, rootService: 'tax', rootOperation: 'POST /tax', startTime: new Date(base + 20_000).toISOString(), startTimeUnixNano: (baseNs + 20_000n * ms).toString(), durationNs: 5_000_000, spanCount: 2, errorCount: 0, services: ['tax'] },
      { traceId: A, rootService: 'checkout', rootOperation: 'GET /cart', startTime: new Date(base + 10_123).toISOString(), startTimeUnixNano: startA, durationNs: 130_000_000, spanCount: 3, errorCount: 1, services: ['checkout', 'tax'] },
    ]);
  });

  it.each([
    ['&service=tax', [B, A]],
    ['&status=error', [A]],
    ['&status=ok', [C]],
    ['&status=unset&service=checkout', [A]],
    ['&minDurationMs=200', [C]],
    ['&maxDurationMs=4.5', [B]],
    ['&minDurationMs=50&maxDurationMs=100', [A]],
    ['&service=checkout&operation=GET%20%2Fcart', [C, A]],
    // every filter on the same span: tax has no GET /cart
    ['&service=tax&operation=GET%20%2Fcart', []],
    ['&limit=1', [C]],
  ])('filters %s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
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
  ])('refuses %s', async (query, message) => {
    const { status, body } = await api.get<{ code: string; message: string }>(`/api/v1/traces?${range}&${query}`);
    expect(status).toBe(400);
    expect(body.message).toBe(message);
  });

  it('names a bad status', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/traces?${range}&status=failed`);
    expect(status).toBe(400);
    expect(body.message).toMatch(/^status: .*"error".*"ok".*"unset"/);
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
      resourceAttributes: { 'service.name': 'checkout' }, attributes: { 'http.route': '/cart' },
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
