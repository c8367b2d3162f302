/**
 * GET /api/v1/dependencies over real chDB, with span rows built by hand so each pairing rule
 * has its own case: wrappers, self-calls, children just past the range, the attribute
 * fallbacks (new and legacy semantic conventions) and producer → consumer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DependenciesResult } from '../../../../shared/api.js';
import { formatNanos, type SpanRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
/** the range: 600 s from base, so a rate is calls / 600 */
const TO = base + 600_000;
const range = `from=${base}&to=${TO}`;
const MS = 1_000_000;

let seq = 0;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

interface SpanSpec {
  service: string;
  kind: SpanRow['SpanKind'];
  /** start, ms after base */
  at: number;
  durationMs?: number;
  error?: boolean;
  attributes?: Record<string, string>;
}

/** A span row; `parent` makes it a child of that span, in its trace. */
function span(s: SpanSpec, parent?: SpanRow): SpanRow {
  const id = ++seq;
  return {
    Timestamp: formatNanos(BigInt(base + s.at) * 1_000_000n),
    TraceId: parent?.TraceId ?? hex(id, 32),
    SpanId: hex(id, 16),
    ParentSpanId: parent?.SpanId ?? '',
    TraceState: '',
    SpanName: `${s.kind} span`,
    SpanKind: s.kind,
    ServiceName: s.service,
    ResourceAttributes: { 'service.name': s.service },
    ScopeName: 'test',
    ScopeVersion: '1',
    SpanAttributes: s.attributes ?? {},
    Duration: String((s.durationMs ?? 1) * MS),
    StatusCode: s.error ? 'Error' : 'Unset',
    StatusMessage: '',
    'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [], 'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
  };
}

/** A call from `caller`'s Client (or Producer) span to a Server (Consumer) span of `callee`. */
function call(caller: string, callee: string, o: { at: number; durationMs: number; clientError?: boolean; serverError?: boolean; serverAt?: number; producer?: boolean }): SpanRow[] {
  const client = span({ service: caller, kind: o.producer ? 'Producer' : 'Client', at: o.at, durationMs: o.durationMs, error: o.clientError });
  return [client, span({ service: callee, kind: o.producer ? 'Consumer' : 'Server', at: o.serverAt ?? o.at + 1, error: o.serverError }, client)];
}

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  const rows: SpanRow[] = [];
  // frontend → checkout: four calls of 10, 20, 30, 40 ms. The callee's status decides: the call whose
  // client span is an error but whose server span is not counts as fine, the one whose server span errs counts.
  rows.push(...call('frontend', 'checkout', { at: 1000, durationMs: 10, clientError: true }));
  rows.push(...call('frontend', 'checkout', { at: 2000, durationMs: 20, serverError: true }));
  rows.push(...call('frontend', 'checkout', { at: 3000, durationMs: 30 }));
  // the fourth wrapped: an outer Client span over the inner one (two HTTP instrumentations): one call, not two
  const outer = span({ service: 'frontend', kind: 'Client', at: 4000, durationMs: 41, attributes: { 'server.address': 'checkout.internal' } });
  const inner = span({ service: 'frontend', kind: 'Client', at: 4000, durationMs: 40 }, outer);
  rows.push(outer, inner, span({ service: 'checkout', kind: 'Server', at: 4001 }, inner));
  // a call checkout makes to itself is no edge
  rows.push(...call('checkout', 'checkout', { at: 5000, durationMs: 5 }));
  // databases: db.system + db.name; db.system.name (semconv 1.33) + server.address
  rows.push(span({ service: 'checkout', kind: 'Client', at: 6000, durationMs: 2, error: true, attributes: { 'db.system': 'postgresql', 'db.name': 'orders', 'server.address': 'pg.internal' } }));
  rows.push(span({ service: 'checkout', kind: 'Client', at: 6100, durationMs: 4, attributes: { 'db.system': 'postgresql', 'db.name': 'orders' } }));
  rows.push(span({ service: 'checkout', kind: 'Client', at: 6200, durationMs: 1, attributes: { 'db.system.name': 'redis', 'server.address': 'cache.internal' } }));
  // external hosts: server.address, legacy net.peer.name and http.url all name api.stripe.com
  rows.push(span({ service: 'payments', kind: 'Client', at: 7000, durationMs: 100, attributes: { 'server.address': 'api.stripe.com', 'url.full': 'https://ignored.example/x' } }));
  rows.push(span({ service: 'payments', kind: 'Client', at: 7100, durationMs: 200, attributes: { 'net.peer.name': 'api.stripe.com' } }));
  rows.push(span({ service: 'payments', kind: 'Client', at: 7200, durationMs: 300, error: true, attributes: { 'http.url': 'https://api.stripe.com/v1/charges' } }));
  // a client span that names nothing
  rows.push(span({ service: 'payments', kind: 'Client', at: 7300, durationMs: 1 }));
  // checkout → payments whose server span started 30 s after `to` (clock skew, a call across the end)
  rows.push(...call('checkout', 'payments', { at: 599_000, durationMs: 9, serverAt: 630_000, serverError: true }));
  // a call before `from` is outside the range, though its server span is in it
  rows.push(...call('checkout', 'payments', { at: -1000, durationMs: 9, serverAt: 10 }));
  // producer → consumer, and a producer whose message nobody consumed (yet)
  rows.push(...call('checkout', 'inventory', { at: 8000, durationMs: 3, producer: true }));
  rows.push(...call('checkout', 'inventory', { at: 8100, durationMs: 3, producer: true, serverError: true }));
  rows.push(span({ service: 'checkout', kind: 'Producer', at: 8200, durationMs: 2, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' } }));
  // a Client span whose child is a Consumer is no pair: it is an external call
  const odd = span({ service: 'inventory', kind: 'Client', at: 9000, durationMs: 1, attributes: { 'server.address': 'warehouse.example' } });
  rows.push(odd, span({ service: 'reports', kind: 'Consumer', at: 9001 }, odd));
  // reports: a service with no calls in or out
  rows.push(span({ service: 'reports', kind: 'Server', at: 9500 }));
  await api.insert('otel_traces', rows);
});
afterAll(async () => {
  await api?.close();
});

const edgeTuples = (r: DependenciesResult) => r.edges.map((e) => [e.source, e.target, e.targetKind, e.calls, e.errors]);

describe('GET /api/v1/dependencies', () => {
  it('pairs client → server and producer → consumer spans, and names the callees that sent none', async () => {
    const { status, body } = await api.get<DependenciesResult>(`/api/v1/dependencies?${range}`);
    expect(status).toBe(200);
    expect(edgeTuples(body)).toEqual([
      ['frontend', 'checkout', 'service', 4, 1],
      ['payments', 'api.stripe.com', 'external', 3, 1],
      ['checkout', 'inventory', 'service', 2, 1],
      ['checkout', 'postgresql/orders', 'database', 2, 1],
      ['checkout', 'kafka/orders', 'messaging', 1, 0],
      ['checkout', 'payments', 'service', 1, 1],
      ['checkout', 'redis/cache.internal', 'database', 1, 0],
      ['inventory', 'warehouse.example', 'external', 1, 0],
      ['payments', 'unknown', 'external', 1, 0],
    ]);
    expect(body.truncated).toBe(false);
    expect(body.service).toBeNull();
    expect(body.nodes).toEqual([
      { name: 'checkout', kind: 'service' },
      { name: 'frontend', kind: 'service' },
      { name: 'inventory', kind: 'service' },
      { name: 'payments', kind: 'service' },
      { name: 'reports', kind: 'service' },
      { name: 'postgresql/orders', kind: 'database' },
      { name: 'redis/cache.internal', kind: 'database' },
      { name: 'kafka/orders', kind: 'messaging' },
      { name: 'api.stripe.com', kind: 'external' },
      { name: 'unknown', kind: 'external' },
      { name: 'warehouse.example', kind: 'external' },
    ]);
  });

  it('gives each edge its rate over the range, error ratio and the caller-side latency quantiles', async () => {
    const { body } = await api.get<DependenciesResult>(`/api/v1/dependencies?${range}`);
    const fc = body.edges.find((e) => e.source === 'frontend');
    // 10, 20, 30, 40 ms: p50 at rank 1.5 → 25 ms; p95 at 2.85 → 38.5 ms; p99 at 2.97 → 39.7 ms
    expect(fc).toEqual({
      source: 'frontend', target: 'checkout', targetKind: 'service', calls: 4, rate: 4 / 600, errors: 1, errorRatio: 0.25,
      p50Ns: 25 * MS, p95Ns: 38.5 * MS, p99Ns: 39.7 * MS,
    });
    const stripe = body.edges.find((e) => e.target === 'api.stripe.com');
    expect(stripe).toMatchObject({ rate: 3 / 600, errorRatio: 1 / 3, p50Ns: 200 * MS });
  });

  it('narrows to one service: its callers and its callees', async () => {
    const { status, body } = await api.get<DependenciesResult>(`/api/v1/dependencies?${range}&service=payments`);
    expect(status).toBe(200);
    expect(body.service).toBe('payments');
    expect(edgeTuples(body)).toEqual([
      ['payments', 'api.stripe.com', 'external', 3, 1],
      ['checkout', 'payments', 'service', 1, 1],
      ['payments', 'unknown', 'external', 1, 0],
    ]);
    expect(body.nodes.map((n) => n.name)).toEqual(['checkout', 'payments', 'api.stripe.com', 'unknown']);
    const lone = await api.get<DependenciesResult>(`/api/v1/dependencies?${range}&service=reports`);
    expect(lone.body).toMatchObject({ edges: [], nodes: [{ name: 'reports', kind: 'service' }] });
  });

  it('names the parameter that was wrong', async () => {
    const bad = async (query: string) => (await api.get<{ message: string }>(`/api/v1/dependencies?${query}`)).body.message;
    expect(await bad(`${range}&service=`)).toMatch(/^service: /);
    expect(await bad(`${range}&services=a`)).toMatch(/services/);
    expect(await bad(`from=${base}&to=${base + 40 * 86_400_000}`)).toMatch(/^from: .* more than the 31 days a telemetry search may span \(OCTOLENS_QUERY_MAX_RANGE_DAYS\)/);
    expect(await bad(`from=${TO}&to=${base}`)).toBe('from: "from" must be before "to"');
  });
});
