import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceResult, ServicesResult } from '../../../../shared/api.js';
import { recordSeenServices } from '../../../meta/services.js';
import { formatNanos, type SpanRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

// Three hours ago, on a whole hour, so minute buckets line up with the range.
const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const ms = 1_000_000;
let spanSeq = 0;

function span(service: string, name: string, kind: string, offsetMs: number, durationMs: number, status = 'Unset'): SpanRow {
  const id = (++spanSeq).toString(16).padStart(16, '0');
  return {
    Timestamp: formatNanos(BigInt(base + offsetMs) * 1_000_000n),
    TraceId: id.padStart(32, '0'), SpanId: id, ParentSpanId: '', TraceState: '',
    SpanName: name, SpanKind: kind, ServiceName: service,
    ResourceAttributes: { 'service.name': service }, ScopeName: 'test', ScopeVersion: '1', SpanAttributes: {},
    Duration: String(durationMs * ms), StatusCode: status, StatusMessage: '',
    'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [],
    'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
  };
}

const range = `from=${base}&to=${base + 600_000}`;

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  const spans: SpanRow[] = [];
  // checkout: ten GET /cart server spans 1..10 ms, one every 30 s, the 1st and 4th failed …
  for (let i = 0; i < 10; i++) spans.push(span('checkout', 'GET /cart', 'Server', i * 30_000, i + 1, i === 0 || i === 3 ? 'Error' : 'Ok'));
  // … one consumer span of 20 ms at minute 6, a client span (not a request), one span after the range.
  spans.push(span('checkout', 'process order', 'Consumer', 360_000, 20));
  spans.push(span('checkout', 'SELECT cart', 'Client', 10_000, 100, 'Error'));
  spans.push(span('checkout', 'GET /cart', 'Server', 660_000, 500));
  // batch: internal spans only.
  spans.push(span('batch', 'nightly', 'Internal', 5_000, 50), span('batch', 'nightly', 'Internal', 65_000, 70));
  // newcomer: first sends 5 minutes into the range, three requests, not yet in the catalog
  spans.push(span('newcomer', 'GET /', 'Server', 300_000, 1), span('newcomer', 'GET /', 'Server', 400_000, 1), span('newcomer', 'GET /', 'Server', 500_000, 1));
  await api.insert('otel_traces', spans);

  const at = (offsetMs: number) => new Date(base + offsetMs);
  await recordSeenServices({
    db: api.meta,
    input: [
      { name: 'checkout', firstSeen: at(-86_400_000), lastSeen: at(660_000) },
      { name: 'ledger', firstSeen: at(-3_600_000), lastSeen: at(120_000) },
      { name: 'retired', firstSeen: at(-7_200_000), lastSeen: at(-3_600_000) },
    ],
  });
  await api.meta.updateTable('services').set({ team: 'payments' }).where('name', '=', 'checkout').execute();
});
afterAll(async () => {
  await api?.close();
});

describe('GET /api/v1/services', () => {
  it('summarises requests, errors and exact latency per service, merged with the catalog', async () => {
    const { status, body } = await api.get<ServicesResult>(`/api/v1/services?${range}`);
    expect(status).toBe(200);
    expect(body.range).toEqual({ from: base, to: base + 600_000 });
    expect(body.services).toEqual([
      // no catalog entry: its rate window starts at its first span, 5 s in
      { name: 'batch', team: null, firstSeen: null, lastSeen: null, spans: 2, requests: 0, rate: 0, rateSeconds: 595, errorRatio: 0, p50Ns: 0, p95Ns: 0, p99Ns: 0 },
      {
        name: 'checkout',
        team: 'payments',
        firstSeen: new Date(base - 86_400_000).toISOString(),
        lastSeen: new Date(base + 660_000).toISOString(),
        spans: 12,
        requests: 11,
        // seen a day before the range: rated over the whole range
        rate: 11 / 600,
        rateSeconds: 600,
        errorRatio: 2 / 11,
        // 1..10 ms and 20 ms: type-7 quantiles at h = 10p → 6 ms, 10 + 0.5·10 = 15 ms, 10 + 0.9·10 = 19 ms
        p50Ns: 6 * ms,
        p95Ns: 15 * ms,
        p99Ns: 19 * ms,
      },
      {
        name: 'ledger',
        team: null,
        firstSeen: new Date(base - 3_600_000).toISOString(),
        lastSeen: new Date(base + 120_000).toISOString(),
        spans: 0, requests: 0, rate: 0, rateSeconds: 600, errorRatio: 0, p50Ns: 0, p95Ns: 0, p99Ns: 0,
      },
      // 3 requests over the 300 s since its first span, not over the 600 s range
      { name: 'newcomer', team: null, firstSeen: null, lastSeen: null, spans: 3, requests: 3, rate: 0.01, rateSeconds: 300, errorRatio: 0, p50Ns: ms, p95Ns: ms, p99Ns: ms },
    ]);
  });

  it('rates a service from its catalog firstSeen when that is earlier than its first span in the range', async () => {
    await recordSeenServices({ db: api.meta, input: [{ name: 'newcomer', firstSeen: new Date(base + 200_000), lastSeen: new Date(base + 500_000) }] });
    const { body } = await api.get<ServicesResult>(`/api/v1/services?${range}`);
    expect(body.services.find((s) => s.name === 'newcomer')).toMatchObject({ requests: 3, rateSeconds: 400, rate: 3 / 400 });
    const detail = await api.get<ServiceResult>(`/api/v1/services/newcomer?${range}&step=1m`);
    expect(detail.body.service).toMatchObject({ rateSeconds: 400, rate: 3 / 400 });
    expect(detail.body.operations).toMatchObject([{ name: 'GET /', requests: 3, rate: 3 / 400 }]);
  });

  it('rates a range reaching past now up to now only', async () => {
    const now = Date.now();
    const { body } = await api.get<ServicesResult>(`/api/v1/services?from=${base}&to=${now + 3_600_000}`);
    const checkout = body.services.find((s) => s.name === 'checkout')!;
    // the window ends at the clock, read a moment after `now`
    expect(checkout.rateSeconds).toBeGreaterThanOrEqual((now - base) / 1000);
    expect(checkout.rateSeconds).toBeLessThan((now - base) / 1000 + 5);
  });

  it('defaults to the last hour', async () => {
    const { status, body } = await api.get<ServicesResult>('/api/v1/services');
    expect(status).toBe(200);
    // time.ts reads the clock once for `from` and once for `to`: they may be a millisecond or so apart
    expect(body.range.to - body.range.from).toBeGreaterThanOrEqual(3_600_000);
    expect(body.range.to - body.range.from).toBeLessThan(3_601_000);
    expect(Math.abs(body.range.to - Date.now())).toBeLessThan(5_000);
    expect(body.services).toEqual([]);
  });

  it('names a bad time parameter', async () => {
    const { status, body } = await api.get<{ code: string; message: string }>('/api/v1/services?from=yesterday');
    expect(status).toBe(400);
    expect(body.code).toBe('bad_request');
    expect(body.message).toMatch(/^from: .*"yesterday"/);
  });

  it('refuses from after to', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/services?from=${base + 1000}&to=${base}`);
    expect(status).toBe(400);
    expect(body.message).toBe('from: "from" must be before "to"');
  });

  it('narrows to one team through the catalog', async () => {
    const { body } = await api.get<ServicesResult>(`/api/v1/services?${range}&team=payments`);
    expect(body.services.map((s) => s.name)).toEqual(['checkout']);
    expect((await api.get<ServicesResult>(`/api/v1/services?${range}&team=nobody`)).body.services).toEqual([]);
  });

  it('refuses an unknown parameter', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/services?${range}&owner=payments`);
    expect(status).toBe(400);
    expect(body.message).toBe('owner: unknown parameter (expected: from, to, team)');
  });
});

describe('GET /api/v1/services/:name', () => {
  it('returns the summary, a gap-filled RED frame and operations by requests', async () => {
    const { status, body } = await api.get<ServiceResult>(`/api/v1/services/checkout?${range}&step=1m`);
    expect(status).toBe(200);
    expect(body.step).toBe(60);
    expect(body.service).toMatchObject({ name: 'checkout', team: 'payments', requests: 11, errorRatio: 2 / 11, p50Ns: 6 * ms });

    const frame = body.series;
    expect(frame.schema!.name).toBe('checkout');
    expect(frame.schema!.fields.map((f) => [f.name, f.type])).toEqual([
      ['time', 'time'], ['rate', 'number'], ['errorRatio', 'number'], ['p50', 'number'], ['p95', 'number'], ['p99', 'number'],
    ]);
    const [time, rate, errorRatio, p50, p95, p99] = frame.data!.values;
    expect(time).toEqual(Array.from({ length: 10 }, (_, k) => base + k * 60_000));
    expect(rate).toEqual([2, 2, 2, 2, 2, 0, 1, 0, 0, 0].map((n) => n / 60));
    expect(errorRatio).toEqual([0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0]);
    // minute 0 holds 1 ms and 2 ms: 1.5, 1.95, 1.99 ms; empty minutes have no latency
    expect(p50).toEqual([1.5, 3.5, 5.5, 7.5, 9.5, null, 20, null, null, null].map((v) => (v === null ? null : v * ms)));
    expect(p95).toEqual([1.95, 3.95, 5.95, 7.95, 9.95, null, 20, null, null, null].map((v) => (v === null ? null : Math.round(v * ms))));
    expect(p99![0]).toBe(1_990_000);

    expect(body.operations).toEqual([
      { name: 'GET /cart', kind: 'Server', requests: 10, rate: 10 / 600, errorRatio: 0.2, p50Ns: 5.5 * ms, p95Ns: 9.55 * ms, p99Ns: 9.91 * ms },
      { name: 'process order', kind: 'Consumer', requests: 1, rate: 1 / 600, errorRatio: 0, p50Ns: 20 * ms, p95Ns: 20 * ms, p99Ns: 20 * ms },
    ]);
  });

  it('picks a step from the range when none is given', async () => {
    const { body } = await api.get<ServiceResult>(`/api/v1/services/checkout?${range}`);
    expect(body.step).toBe(5); // 600 s / 120 points
    expect(body.series.data!.values[0]).toHaveLength(120);
  });

  it('answers a catalog service without spans with zeros', async () => {
    const { status, body } = await api.get<ServiceResult>(`/api/v1/services/ledger?${range}&step=300`);
    expect(status).toBe(200);
    expect(body.service).toMatchObject({ name: 'ledger', requests: 0, rate: 0, p99Ns: 0 });
    expect(body.series.data!.values[1]).toEqual([0, 0]);
    expect(body.operations).toEqual([]);
  });

  it('404s a service with no spans that is not in the catalog', async () => {
    const { status, body } = await api.get<{ code: string; message: string }>(`/api/v1/services/nope?${range}`);
    expect(status).toBe(404);
    expect(body.message).toBe('no service "nope": no spans in the range and not in the catalog');
  });

  it('refuses a step that makes more than 11000 points', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/services/checkout?from=${base}&to=${base + 86_400_000}&step=1`);
    expect(status).toBe(400);
    expect(body.message).toBe('step: 1s over this range makes 86400 points, more than 11000; use a step of at least 8s');
  });

  it('names a malformed step', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/services/checkout?${range}&step=0`);
    expect(status).toBe(400);
    expect(body.message).toMatch(/^step: expected a whole number of seconds ≥ 1/);
  });
});
