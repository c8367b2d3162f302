import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sli } from '../model.js';
import { planSli, planSql, selectSql, type SliPlan } from './plan.js';
import { rollup, type EvaluablePlan } from './rollup.js';
import { businessEvent, counterPoint, histogramPoint, insertRows, logRecord, openEngineStores, span } from './testing.js';

// A whole hour a day ago: minute m of the test is base + m·60 s.
const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000;
const at = (seconds: number) => base + seconds * 1000;
const range = { fromMs: base, toMs: base + 3_600_000 };

let stores: Awaited<ReturnType<typeof openEngineStores>>;

beforeAll(async () => {
  stores = await openEngineStores();
  await insertRows(stores.store, 'otel_traces', [
    // minute 0: /a 4 server spans, one failed; /b 2 fine; a client span and another service's span do not count
    span({ atMs: at(1), attributes: { 'http.route': '/a' }, durationMs: 100 }),
    span({ atMs: at(2), attributes: { 'http.route': '/a' }, durationNs: 250_000_000 }),
    span({ atMs: at(3), attributes: { 'http.route': '/a' }, durationNs: 250_000_001, status: 'Error' }),
    span({ atMs: at(59.999), attributes: { 'http.route': '/a', 'http.response.status_code': '503' }, durationMs: 10, status: 'Ok' }),
    span({ atMs: at(10), attributes: { 'http.route': '/b' }, durationMs: 300 }),
    span({ atMs: at(20), attributes: { 'http.route': '/b' }, durationMs: 1 }),
    span({ atMs: at(5), kind: 'Client', status: 'Error' }),
    span({ atMs: at(5), service: 'ledger', status: 'Error' }),
    // minute 1: /a 3 failed
    span({ atMs: at(60), attributes: { 'http.route': '/a' }, status: 'Error', durationMs: 1000 }),
    span({ atMs: at(61), attributes: { 'http.route': '/a' }, status: 'Error', durationMs: 1000 }),
    span({ atMs: at(119), attributes: { 'http.route': '/a' }, status: 'Error', durationMs: 1000 }),
    // after the range
    span({ atMs: at(3600), attributes: { 'http.route': '/a' } }),
  ]);
  await insertRows(stores.store, 'otel_logs', [
    logRecord({ atMs: at(1), severity: 9, body: 'ok', attributes: { tenant: 't1' } }),
    logRecord({ atMs: at(2), severity: 9, body: 'Payment FAILED', attributes: { tenant: 't1' } }),
    logRecord({ atMs: at(3), severity: 17, body: 'boom', attributes: { tenant: 't2' } }),
    logRecord({ atMs: at(4), severity: 9, body: 'ok', attributes: { tenant: 't2' } }),
    logRecord({ atMs: at(70), severity: 21, body: 'fatal: payment failed', attributes: { tenant: 't1' } }),
    logRecord({ atMs: at(70), service: 'ledger', severity: 21 }),
  ]);
  await insertRows(stores.store, 'business_events', [
    businessEvent({ atMs: at(1), name: 'checkout', attributes: { result: 'ok' } }),
    businessEvent({ atMs: at(2), name: 'checkout', attributes: { result: 'ok' } }),
    businessEvent({ atMs: at(3), name: 'checkout', attributes: { result: 'failed' } }),
    ...[1, 2, 3, 4].map((s) => businessEvent({ atMs: at(s), name: 'checkout.started' })),
    ...[5, 6, 7].map((s) => businessEvent({ atMs: at(s), name: 'checkout.completed' })),
    businessEvent({ atMs: at(61), name: 'checkout.started' }),
    businessEvent({ atMs: at(62), name: 'checkout.completed' }),
    businessEvent({ atMs: at(63), name: 'checkout.completed' }),
    businessEvent({ atMs: at(121), name: 'checkout.completed' }),
  ]);
  const A = { name: 'requests_total', attributes: { code: '200' } };
  await insertRows(stores.store, 'otel_metrics_sum', [
    // code=200: a stream that began before the scan; +10, +15 in minute 0; +0, then a restart worth 5 in minute 1; +15 in minute 2
    counterPoint({ ...A, startMs: at(-600), atMs: at(-30), value: 100 }),
    counterPoint({ ...A, startMs: at(-600), atMs: at(0), value: 110 }),
    counterPoint({ ...A, startMs: at(-600), atMs: at(30), value: 125 }),
    counterPoint({ ...A, startMs: at(-600), atMs: at(60), value: 125 }),
    counterPoint({ ...A, startMs: at(75), atMs: at(90), value: 5 }),
    counterPoint({ ...A, startMs: at(75), atMs: at(120), value: 20 }),
    // code=500: a stream seen whole: its first point counts in full (2), then +1
    counterPoint({ name: 'requests_total', attributes: { code: '500' }, startMs: at(20), atMs: at(30), value: 2 }),
    counterPoint({ name: 'requests_total', attributes: { code: '500' }, startMs: at(20), atMs: at(90), value: 3 }),
    // code=503 as a delta: 4 in minute 1
    counterPoint({ name: 'requests_total', attributes: { code: '503' }, startMs: at(60), atMs: at(100), value: 4, delta: true }),
    counterPoint({ name: 'other_total', attributes: { code: '500' }, startMs: at(20), atMs: at(30), value: 1000 }),
  ]);
  const H = { name: 'latency_seconds', bounds: [0.1, 0.25, 0.5], startMs: at(-600) };
  await insertRows(stores.store, 'otel_metrics_histogram', [
    histogramPoint({ ...H, atMs: at(-30), counts: [1, 2, 3, 4] }),
    histogramPoint({ ...H, atMs: at(10), counts: [3, 4, 3, 5] }),
    histogramPoint({ ...H, atMs: at(70), counts: [3, 4, 6, 5] }),
  ]);
});

afterAll(async () => {
  await stores?.close();
});

const evaluable = (sli: Sli, groupBy: string[] = []): EvaluablePlan => {
  const plan = planSli({ sli, groupBy });
  if (!plan.hubEvaluable) throw new Error(plan.reason);
  return plan;
};

interface Row {
  group: string;
  m: number;
  good: number;
  total: number;
}

async function roll(sloId: string, sli: Sli, groupBy: string[] = []) {
  const result = await rollup(stores.store, [{ sloId, plan: evaluable(sli, groupBy), ...range }]);
  return { problem: result.problems.get(sloId), rows: await minutesOf(sloId) };
}

async function minutesOf(sloId: string): Promise<Row[]> {
  return stores.store.query<Row>(
    `SELECT GroupKey AS group, intDiv(toUnixTimestamp(Minute) * 1000 - {base:Int64}, 60000) AS m, Good AS good, Total AS total
     FROM slo_sli_minutes FINAL WHERE SloId = {id:String} ORDER BY GroupKey, Minute`,
    { id: sloId, base },
  );
}

describe('rollup into slo_sli_minutes', () => {
  it('span_ratio: bad spans out of the server spans of the service, one group per route', async () => {
    const { problem, rows } = await roll(
      'avail',
      { kind: 'span_ratio', total: { service: 'checkout', spanKinds: ['Server'] }, bad: { statuses: ['Error'] } },
      ['http.route'],
    );
    expect(problem).toBeNull();
    expect(rows).toEqual([
      { group: 'http.route=/a', m: 0, good: 3, total: 4 },
      { group: 'http.route=/a', m: 1, good: 0, total: 3 },
      { group: 'http.route=/b', m: 0, good: 2, total: 2 },
    ]);
  });

  it('span_ratio: a good selector with an anchored regex on an attribute', async () => {
    const { rows } = await roll('avail-good', {
      kind: 'span_ratio',
      total: { service: 'checkout', spanKinds: ['Server'], attributes: [{ key: 'http.route', op: '=~', value: '/a|/c' }] },
      good: { statuses: ['Unset', 'Ok'], attributes: [{ key: 'http.response.status_code', op: '!~', value: '5..' }] },
    });
    // minute 0: /a's 4 spans: one Error, one Ok but 503 → 2 good
    expect(rows).toEqual([
      { group: '', m: 0, good: 2, total: 4 },
      { group: '', m: 1, good: 0, total: 3 },
    ]);
  });

  it('span_latency: Duration ≤ threshold to the nanosecond', async () => {
    const { rows } = await roll('latency', { kind: 'span_latency', total: { service: 'checkout', spanKinds: ['Server'] }, thresholdSeconds: 0.25 });
    // minute 0: 100 ms, 250 ms, 10 ms, 1 ms good; 250.000001 ms and 300 ms not
    expect(rows).toEqual([
      { group: '', m: 0, good: 4, total: 6 },
      { group: '', m: 1, good: 0, total: 3 },
    ]);
  });

  it('log_ratio: by minimum severity, and by a case-insensitive body substring grouped by an attribute', async () => {
    const bySeverity = await roll('logs-sev', { kind: 'log_ratio', total: { service: 'checkout' }, bad: { minSeverity: 17 } });
    expect(bySeverity.rows).toEqual([
      { group: '', m: 0, good: 3, total: 4 },
      { group: '', m: 1, good: 0, total: 1 },
    ]);
    const byBody = await roll('logs-body', { kind: 'log_ratio', total: { service: 'checkout' }, bad: { bodyContains: 'failed' } }, ['tenant']);
    expect(byBody.rows).toEqual([
      { group: 'tenant=t1', m: 0, good: 1, total: 2 },
      { group: 'tenant=t1', m: 1, good: 0, total: 1 },
      { group: 'tenant=t2', m: 0, good: 2, total: 2 },
    ]);
  });

  it('event_ratio: the same event narrowed by an attribute, and one event out of another (clamped to the total)', async () => {
    const narrowed = await roll('ev-result', { kind: 'event_ratio', total: { name: 'checkout' }, good: { name: 'checkout', attributes: [{ key: 'result', op: '=', value: 'ok' }] } });
    expect(narrowed.rows).toEqual([{ group: '', m: 0, good: 2, total: 3 }]);
    const funnel = await roll('ev-funnel', { kind: 'event_ratio', total: { name: 'checkout.started' }, good: { name: 'checkout.completed' } });
    // minute 1: 2 completed of 1 started → 1/1; minute 2: completions without starts have no total
    expect(funnel.rows).toEqual([
      { group: '', m: 0, good: 3, total: 4 },
      { group: '', m: 1, good: 1, total: 1 },
    ]);
  });

  it('metric_ratio: per-minute increases of cumulative counters, reset-aware by StartTimeUnix, and delta points', async () => {
    const { problem, rows } = await roll('counter', {
      kind: 'metric_ratio',
      total: { metric: 'requests_total', matchers: [] },
      bad: { metric: 'requests_total', matchers: [{ key: 'code', op: '=~', value: '5..' }] },
    });
    expect(problem).toBeNull();
    // minute 0: +10 +15 (200), 2 (500, seen whole) → 27, 2 bad
    // minute 1: +0 and a restart worth 5 (200), +1 (500), 4 (503 delta) → 10, 5 bad
    // minute 2: +15 (200)
    expect(rows).toEqual([
      { group: '', m: 0, good: 25, total: 27 },
      { group: '', m: 1, good: 5, total: 10 },
      { group: '', m: 2, good: 15, total: 15 },
    ]);
  });

  it('metric_ratio grouped by a label', async () => {
    const { rows } = await roll('counter-by-code', { kind: 'metric_ratio', total: { metric: 'requests_total', matchers: [] }, bad: { metric: 'requests_total', matchers: [{ key: 'code', op: '=', value: '500' }] } }, ['code']);
    expect(rows).toEqual([
      { group: 'code=200', m: 0, good: 25, total: 25 },
      { group: 'code=200', m: 1, good: 5, total: 5 },
      { group: 'code=200', m: 2, good: 15, total: 15 },
      { group: 'code=500', m: 0, good: 0, total: 2 },
      { group: 'code=500', m: 1, good: 0, total: 1 },
      { group: 'code=503', m: 1, good: 4, total: 4 },
    ]);
  });

  it('promql: a Sloth events SLI over stored counters counts as the same metric_ratio', async () => {
    const { rows } = await roll('promql', {
      kind: 'promql',
      errorQuery: 'sum(rate(requests_total{code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(requests_total[{{.window}}]))',
    });
    expect(rows).toEqual((await minutesOf('counter')).map((r) => ({ ...r })));
  });

  it('histogram_threshold: the increase of the buckets up to the bound equal to the threshold', async () => {
    const { problem, rows } = await roll('histogram', { kind: 'histogram_threshold', metric: 'latency_seconds', matchers: [], threshold: 0.25 });
    expect(problem).toBeNull();
    // minute 0: ≤0.25 went 3 → 7 (+4), count 10 → 15 (+5); minute 1: +0 of +3
    expect(rows).toEqual([
      { group: '', m: 0, good: 4, total: 5 },
      { group: '', m: 1, good: 0, total: 3 },
    ]);
  });

  it('histogram_threshold: says so when no bucket bound equals the threshold', async () => {
    const { problem, rows } = await roll('histogram-off', { kind: 'histogram_threshold', metric: 'latency_seconds', matchers: [], threshold: 0.3 });
    expect(rows).toEqual([]);
    expect(problem).toBe(
      'histogram "latency_seconds" has no bucket bound equal to the threshold 0.3 (its bounds: 0.1, 0.25, 0.5); set the threshold to one of them or add that bound to the instrument\'s buckets',
    );
  });

  it('batches span SLOs of one service into one query, and a broken one does not fail the others', async () => {
    const good = evaluable({ kind: 'span_latency', total: { service: 'checkout' }, thresholdSeconds: 1 });
    const broken = evaluable({ kind: 'span_ratio', total: { service: 'checkout', attributes: [{ key: 'http.route', op: '=~', value: '(' }] }, bad: { statuses: ['Error'] } });
    const result = await rollup(stores.store, [
      { sloId: 'batch-ok', plan: good, ...range },
      { sloId: 'batch-broken', plan: broken, ...range },
    ]);
    expect(result.problems.get('batch-ok')).toBeNull();
    expect(result.problems.get('batch-broken')).toMatch(/^rollup failed: .*missing \)/i);
    expect([...result.failed]).toEqual(['batch-broken']);
    expect(result.queries).toBe(3); // the batch, then each alone
    expect(await minutesOf('batch-ok')).toEqual([
      { group: '', m: 0, good: 7, total: 7 },
      { group: '', m: 1, good: 3, total: 3 },
    ]);
  });

  it('a backfill scans each service apart and writes them in one INSERT', async () => {
    const long = { fromMs: base - 3_600_000, toMs: base + 3_600_000 };
    const result = await rollup(stores.store, [
      { sloId: 'multi-checkout', plan: evaluable({ kind: 'span_ratio', total: { service: 'checkout', spanKinds: ['Server'] }, bad: { statuses: ['Error'] } }), ...long },
      { sloId: 'multi-ledger', plan: evaluable({ kind: 'span_ratio', total: { service: 'ledger' }, bad: { statuses: ['Error'] } }), ...long },
      { sloId: 'multi-routes', plan: evaluable({ kind: 'span_latency', total: { service: 'checkout', spanKinds: ['Server'] }, thresholdSeconds: 0.25 }, ['http.route']), ...long },
    ]);
    expect(result).toMatchObject({ queries: 1, failed: new Set() });
    expect(await minutesOf('multi-checkout')).toEqual([
      { group: '', m: 0, good: 5, total: 6 },
      { group: '', m: 1, good: 0, total: 3 },
    ]);
    expect(await minutesOf('multi-ledger')).toEqual([{ group: '', m: 0, good: 0, total: 1 }]);
    expect(await minutesOf('multi-routes')).toEqual([
      { group: 'http.route=/a', m: 0, good: 3, total: 4 },
      { group: 'http.route=/a', m: 1, good: 0, total: 3 },
      { group: 'http.route=/b', m: 0, good: 1, total: 2 },
    ]);
  });

  it('a minute rolled up again replaces the old one (late spans), never adds to it', async () => {
    const plan = evaluable({ kind: 'span_ratio', total: { service: 'late' }, bad: { statuses: ['Error'] } });
    await insertRows(stores.store, 'otel_traces', [span({ atMs: at(5), service: 'late' })]);
    await rollup(stores.store, [{ sloId: 'late', plan, ...range }]);
    await insertRows(stores.store, 'otel_traces', [span({ atMs: at(6), service: 'late', status: 'Error' })]);
    await rollup(stores.store, [{ sloId: 'late', plan, ...range }]);
    expect(await minutesOf('late')).toEqual([{ group: '', m: 0, good: 1, total: 2 }]);
  });

  it('group values with , = and \\ keep group keys apart', async () => {
    await insertRows(stores.store, 'otel_traces', [
      span({ atMs: at(5), service: 'odd', attributes: { route: 'a,b=c' } }),
      span({ atMs: at(5), service: 'odd', attributes: { route: 'a\\' } }),
    ]);
    const { rows } = await roll('odd', { kind: 'span_latency', total: { service: 'odd' }, thresholdSeconds: 1 }, ['route']);
    expect(rows.map((r) => r.group)).toEqual(['route=a\\,b\\=c', 'route=a\\\\']);
  });

  it("planSql's printed query counts what the engine's rollup counts", async () => {
    const sli: Sli = { kind: 'span_ratio', total: { service: 'checkout', spanKinds: ['Server'] }, bad: { statuses: ['Error'] } };
    const printed = planSql({ id: 'printed', sli, groupBy: ['http.route'] });
    expect(printed).toContain("INSERT INTO slo_sli_minutes");
    expect(printed).not.toMatch(/\{p\d+:/); // every spec value inlined
    await stores.store.query(printed.replace(/;\s*$/, '').replace(/^--.*$/gm, ''), range);
    expect(await minutesOf('printed')).toEqual(await minutesOf('avail'));
    const latency = planSql({ id: 'printed-latency', sli: { kind: 'span_latency', total: { service: 'checkout', spanKinds: ['Server'] }, thresholdSeconds: 0.25 }, groupBy: [] });
    await stores.store.query(latency.replace(/;\s*$/, '').replace(/^--.*$/gm, ''), range);
    expect(await minutesOf('printed-latency')).toEqual(await minutesOf('latency'));
  });

  it('the single-SLO SELECT of a plan binds every spec value as a parameter', () => {
    const plan = planSli({ sli: { kind: 'span_ratio', total: { service: "o'brien" }, bad: { attributes: [{ key: 'k', op: '=', value: "'; DROP TABLE x; --" }] } }, groupBy: [] }) as Extract<SliPlan, { hubEvaluable: true }>;
    const { sql, params } = selectSql(plan);
    expect(sql).not.toContain('brien');
    expect(sql).not.toContain('DROP');
    expect(Object.values(params)).toEqual(["o'brien", 'k', "'; DROP TABLE x; --"]);
  });
});
