import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually.js';
import type { AlertQuery, AlertRuleDefinition } from '../slo/model.js';
import { openTelemetryStore, type TelemetryStore } from '../storage/index.js';
import { formatNanos, type GaugeRow, type LogRow, type SpanRow, type SumRow, type TableName, type TableRows } from '../storage/rows.js';
import { createRuleEvaluator, evaluateRule, RuleError, ruleCondition } from './rules.js';
import { memoryLogger } from './testing.js';
import type { AlertTransition } from './types.js';

// Three hours ago on a whole hour; every figure below is over [base, base + 600 s).
const base = Math.floor(Date.now() / 3_600_000) * 3600 - 3 * 3600;
const T = base + 600;
const nanos = (seconds: number) => formatNanos(BigInt(seconds) * 1_000_000_000n);

let spanSeq = 0;
function span(offset: number, durationMs: number, status: string, over: Partial<SpanRow> = {}): SpanRow {
  const id = (++spanSeq).toString(16).padStart(16, '0');
  return {
    Timestamp: nanos(base + offset),
    TraceId: id.padStart(32, '0'), SpanId: id, ParentSpanId: '', TraceState: '',
    SpanName: 'GET /cart', SpanKind: 'Server', ServiceName: 'cart',
    ResourceAttributes: { 'service.name': 'cart' }, ScopeName: 't', ScopeVersion: '1', SpanAttributes: { 'http.route': '/cart' },
    Duration: String(durationMs * 1_000_000), StatusCode: status, StatusMessage: '',
    'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [],
    'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
    ...over,
  };
}

function log(offset: number, severity: number, body: string, service = 'cart'): LogRow {
  return {
    Timestamp: nanos(base + offset), TraceId: '', SpanId: '', TraceFlags: 0, SeverityText: '', SeverityNumber: severity,
    ServiceName: service, Body: body, ResourceSchemaUrl: '', ResourceAttributes: { 'service.name': service }, ScopeSchemaUrl: '',
    ScopeName: '', ScopeVersion: '', ScopeAttributes: {}, LogAttributes: {}, EventName: '',
  };
}

function gauge(name: string, offset: number, value: number, attributes: Record<string, string>): GaugeRow {
  return {
    ResourceAttributes: { 'service.name': 'cart' }, ResourceSchemaUrl: '', ScopeName: 's', ScopeVersion: '', ScopeAttributes: {},
    ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '', ServiceName: 'cart', MetricName: name, MetricDescription: '', MetricUnit: '',
    Attributes: attributes, StartTimeUnix: nanos(0), TimeUnix: nanos(base + offset), Flags: 0, Value: value,
    'Exemplars.FilteredAttributes': [], 'Exemplars.TimeUnix': [], 'Exemplars.Value': [], 'Exemplars.SpanId': [], 'Exemplars.TraceId': [],
  };
}

const counter = (offset: number, value: number, start: number): SumRow => ({
  ...gauge('requests_total', offset, value, { route: '/cart' }),
  StartTimeUnix: nanos(start),
  AggregationTemporality: 2,
  IsMonotonic: true,
});

/** system.filesystem.usage of one state at `offset`, an UpDownCounter as the host-metrics receiver sends it */
const filesystem = (host: string, mountpoint: string, state: string, offset: number, bytes: number): SumRow => ({
  ...gauge('system.filesystem.usage', offset, bytes, { device: `/dev/${mountpoint === '/' ? 'sda1' : 'sdb1'}`, mountpoint, state }),
  ResourceAttributes: { 'host.name': host },
  ServiceName: '',
  AggregationTemporality: 2,
  IsMonotonic: false,
});

function rule(query: AlertQuery, over: Partial<AlertRuleDefinition> = {}): AlertRuleDefinition {
  return {
    id: 'r', name: 'R', service: 'cart', description: '', severity: 'ticket', labels: {}, annotations: {},
    query, windowSeconds: 600, condition: { op: '>', threshold: 0 }, forSeconds: 0,
    source: { file: 'rules.yaml', line: 1, column: 1, format: 'octolens/v1' },
    ...over,
  };
}

let dir: string;
let store: TelemetryStore;
let seq = 0;
const insert = async <T extends TableName>(table: T, rows: Array<TableRows[T]>) =>
  store.insert(table, rows.map((r) => JSON.stringify(r)).join('\n') + '\n', `rules-test-${++seq}`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octolens-rules-'));
  store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: { traces: 30, logs: 30, metrics: 30 } });
  // cart: ten server spans one a minute, 1..10 ms; the ones at 0 s and 180 s failed. Outside
  // the window or the selector: one span just before it, one of another route, one of another service.
  await insert('otel_traces', [
    ...Array.from({ length: 10 }, (_, i) => span(i * 60, i + 1, i === 0 || i === 3 ? 'Error' : 'Ok')),
    span(-1, 500, 'Error'),
    span(30, 700, 'Error', { SpanAttributes: { 'http.route': '/admin' } }),
    span(30, 900, 'Error', { ServiceName: 'ledger', ResourceAttributes: { 'service.name': 'ledger' } }),
  ]);
  await insert('otel_logs', [log(10, 17, 'upstream Timeout after 3s'), log(20, 17, 'TIMEOUT talking to tax'), log(30, 18, 'timeout'), log(40, 9, 'timeout retried'), log(50, 17, 'disk full'), log(700, 17, 'timeout later')]);
  // queue_depth, two series: a = 1, 5, 3 (latest, at 540 s); b = 10, 20; and a point before the window.
  await insert('otel_metrics_gauge', [
    gauge('queue_depth', 60, 1, { queue: 'a' }), gauge('queue_depth', 120, 5, { queue: 'a' }), gauge('queue_depth', 540, 3, { queue: 'a' }),
    gauge('queue_depth', 100, 10, { queue: 'b' }), gauge('queue_depth', 400, 20, { queue: 'b' }), gauge('queue_depth', -30, 100, { queue: 'b' }),
  ]);
  // requests_total, a cumulative counter started long ago: 100 a minute before the window, then 160, 220, 400: 300 more in it.
  const start = base - 100_000;
  await insert('otel_metrics_sum', [counter(-60, 100, start), counter(60, 160, start), counter(300, 220, start), counter(590, 400, start), counter(700, 1000, start)]);
  // Filesystems, a point a minute over the window: db-1's /data grows 1 MB/s from 400 of 1,000 GB
  // (full 600,000 s after the window's start), its / stays at 10 of 50 GB; web-1's / grows
  // 10 MB/s from 100 of 200 GB (full after 10,000 s).
  await insert('otel_metrics_sum', Array.from({ length: 10 }, (_, i) => i * 60).flatMap((t) => [
    filesystem('db-1', '/data', 'used', t, 400e9 + 1e6 * t), filesystem('db-1', '/data', 'free', t, 600e9 - 1e6 * t), filesystem('db-1', '/data', 'reserved', t, 50e9),
    filesystem('db-1', '/', 'used', t, 10e9), filesystem('db-1', '/', 'free', t, 40e9),
    filesystem('web-1', '/', 'used', t, 100e9 + 1e7 * t), filesystem('web-1', '/', 'free', t, 100e9 - 1e7 * t),
  ]));
}, 120_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const spans = (measure: Extract<AlertQuery, { signal: 'spans' }>['measure'], selector: Extract<AlertQuery, { signal: 'spans' }>['selector'] = { service: 'cart', attributes: [{ key: 'http.route', op: '=', value: '/cart' }] }): AlertQuery => ({ signal: 'spans', selector, measure });
const metrics = (measure: Extract<AlertQuery, { signal: 'metrics' }>['measure'], metric: string, matchers: Array<{ key: string; op: '=' | '!=' | '=~' | '!~'; value: string }> = []): AlertQuery => ({ signal: 'metrics', selector: { metric, matchers }, measure });

describe('evaluateRule on real chDB', () => {
  it.each([
    ['count', 10],
    ['rate', 10 / 600],
    ['error_ratio', 0.2],
    // type-7 quantiles of 1..10 ms: 5.5, 9.55, 9.91 ms
    ['p50', 0.0055],
    ['p95', 0.00955],
    ['p99', 0.00991],
  ] as const)('spans %s', async (measure, expected) => {
    expect(await evaluateRule(rule(spans(measure)), store, T)).toBeCloseTo(expected, 12);
  });

  it('spans: matchers, kinds and statuses narrow; nothing matched is no data', async () => {
    expect(await evaluateRule(rule(spans('count', { service: 'cart' })), store, T)).toBe(11);
    expect(await evaluateRule(rule(spans('count', { service: 'cart', attributes: [{ key: 'http.route', op: '!~', value: '/c.*' }] })), store, T)).toBe(1);
    expect(await evaluateRule(rule(spans('count', { statuses: ['Error'] })), store, T)).toBe(4);
    expect(await evaluateRule(rule(spans('count', { service: 'cart', spanKinds: ['Client'] })), store, T)).toBeNull();
    expect(await evaluateRule(rule(spans('p99', { service: 'nope' })), store, T)).toBeNull();
  });

  it('logs: count and rate of records at a minimum severity whose body contains a text, any case', async () => {
    const q = (measure: 'count' | 'rate'): AlertQuery => ({ signal: 'logs', selector: { service: 'cart', minSeverity: 17, bodyContains: 'timeout' }, measure });
    expect(await evaluateRule(rule(q('count')), store, T)).toBe(3);
    expect(await evaluateRule(rule(q('rate')), store, T)).toBe(3 / 600);
    expect(await evaluateRule(rule({ signal: 'logs', selector: { service: 'ghost' }, measure: 'count' }), store, T)).toBeNull();
  });

  it.each([
    ['avg', 39 / 5],
    ['min', 1],
    ['max', 20],
    ['sum', 23], // each series' latest: 3 + 20
    ['last', 3], // the latest point of all
  ] as const)('gauge %s', async (measure, expected) => {
    expect(await evaluateRule(rule(metrics(measure, 'queue_depth')), store, T)).toBe(expected);
  });

  it('gauge matchers use the full-match regex semantics of Prometheus', async () => {
    expect(await evaluateRule(rule(metrics('avg', 'queue_depth', [{ key: 'queue', op: '=~', value: 'a' }])), store, T)).toBe(3);
    expect(await evaluateRule(rule(metrics('max', 'queue_depth', [{ key: 'queue', op: '!=', value: 'b' }])), store, T)).toBe(5);
    expect(await evaluateRule(rule(metrics('avg', 'queue_depth', [{ key: 'queue', op: '=', value: 'z' }])), store, T)).toBeNull();
  });

  it('counter rate: increases inside the window over its length, the point before it as the base', async () => {
    expect(await evaluateRule(rule(metrics('rate', 'requests_total')), store, T)).toBe(300 / 600);
    expect(await evaluateRule(rule(metrics('rate', 'requests_total', [{ key: 'route', op: '=', value: '/other' }])), store, T)).toBeNull();
  });

  it('an unknown metric is no data; a measure that does not fit the metric is a RuleError', async () => {
    expect(await evaluateRule(rule(metrics('avg', 'never_seen')), store, T)).toBeNull();
    await expect(evaluateRule(rule(metrics('rate', 'queue_depth')), store, T)).rejects.toThrow(
      new RuleError('rate needs a monotonic sum (a counter); "queue_depth" is a gauge (use avg, min, max, sum or last)'),
    );
  });
});

describe('disk time_to_full rules on real chDB', () => {
  const disk = (selector: Extract<AlertQuery, { signal: 'disk' }>['selector']): AlertQuery => ({ signal: 'disk', selector, measure: 'time_to_full' });

  it('is the seconds from the window\'s end until the soonest matching filesystem is full', async () => {
    // full at 10,000 s and 600,000 s after the window's start; the window ends 600 s after it
    expect(await evaluateRule(rule(disk({})), store, T)).toBe(9_400);
    expect(await evaluateRule(rule(disk({ host: 'db-1' })), store, T)).toBe(599_400);
    expect(await evaluateRule(rule(disk({ host: 'db-1', mountpoint: '/data' })), store, T)).toBe(599_400);
  });

  it('a flat filesystem never fills (Infinity); one that did not report is no data', async () => {
    expect(await evaluateRule(rule(disk({ host: 'db-1', mountpoint: '/' })), store, T)).toBe(Number.POSITIVE_INFINITY);
    expect(await evaluateRule(rule(disk({ host: 'db-9' })), store, T)).toBeNull();
    expect(ruleCondition(rule(disk({}), { condition: { op: '<', threshold: 86_400 } }), 9_400)).toBe(true);
    expect(ruleCondition(rule(disk({}), { condition: { op: '<', threshold: 86_400 } }), Number.POSITIVE_INFINITY)).toBe(false);
  });
});

describe('createRuleEvaluator', () => {
  const states = (ts: AlertTransition[]) => ts.map((t) => `${t.id} ${t.from}→${t.to}@${t.at - T}`);

  it('walks threshold + for through pending, firing (repeated), resolved and inactive as the window slides', async () => {
    let clock = T * 1000;
    const batches: AlertTransition[][] = [];
    const evaluator = createRuleEvaluator({
      store,
      notifier: { notify: async (ts) => void batches.push(ts) },
      rules: [rule(spans('error_ratio'), { id: 'errors', name: 'CartErrors', severity: 'page', condition: { op: '>', threshold: 0.1 }, forSeconds: 120, labels: { team: 'payments' } })],
      intervalMs: 60_000,
      log: memoryLogger(),
      now: () => clock,
    });
    // error ratios as the window slides a minute at a time: 2/10, 1/9, 1/8, 1/7, 0/5, 0/4
    const seen: string[][] = [];
    for (let i = 0; i < 6; i++) {
      seen.push(states(await evaluator.evaluateNow()));
      clock += 60_000;
    }
    expect(seen).toEqual([
      ['rule:errors inactive→pending@0'],
      [],
      ['rule:errors pending→firing@120'],
      ['rule:errors firing→firing@120'],
      ['rule:errors firing→resolved@240'],
      ['rule:errors resolved→inactive@300'],
    ]);
    await evaluator.stop();
    expect(batches).toHaveLength(5);
    expect(batches[1]![0]).toEqual({
      id: 'rule:errors',
      name: 'CartErrors',
      kind: 'rule',
      severity: 'page',
      from: 'pending',
      to: 'firing',
      at: T + 120,
      labels: { team: 'payments', octolens_rule: 'errors', service: 'cart' },
      annotations: {},
      value: 1 / 8,
    });
  });

  it('fires an absence rule when the window has no data, and not while it has', async () => {
    const evaluator = createRuleEvaluator({
      store,
      notifier: { notify: async () => {} },
      rules: [
        rule({ signal: 'logs', selector: { service: 'ghost' }, measure: 'count' }, { id: 'ghost-quiet', condition: { absent: true } }),
        rule(metrics('last', 'queue_depth'), { id: 'queue-reporting', condition: { absent: true } }),
        rule(spans('count', { service: 'ghost' }), { id: 'ghost-busy', condition: { op: '<', threshold: 1 } }),
      ],
      intervalMs: 60_000,
      log: memoryLogger(),
      now: () => T * 1000,
    });
    expect(states(await evaluator.evaluateNow())).toEqual(['rule:ghost-quiet inactive→firing@0']);
    expect(evaluator.status().map((s) => [s.rule.id, s.memory?.state, s.value])).toEqual([
      ['ghost-quiet', 'firing', null],
      ['queue-reporting', 'inactive', 3],
      ['ghost-busy', 'inactive', null], // a threshold needs data
    ]);
    await evaluator.stop();
  });

  it('logs a failing rule once, keeps its state, and resolves a removed firing rule', async () => {
    const log = memoryLogger();
    const batches: AlertTransition[][] = [];
    const bad = rule(metrics('rate', 'queue_depth'), { id: 'bad', source: { file: 'rules/queue.yaml', line: 7, column: 3, format: 'octolens/v1' } });
    const firing = rule(spans('count'), { id: 'busy' });
    const evaluator = createRuleEvaluator({ store, notifier: { notify: async (ts) => void batches.push(ts) }, rules: [bad, firing], intervalMs: 60_000, log, now: () => T * 1000 });
    await evaluator.evaluateNow();
    await evaluator.evaluateNow();
    expect(log.lines).toEqual(['warn alert rule evaluation failed rule=bad file=rules/queue.yaml:7 error=rate needs a monotonic sum (a counter); "queue_depth" is a gauge (use avg, min, max, sum or last)']);
    expect(evaluator.status()[0]!.error).toMatch(/^rate needs/);
    evaluator.setRules([bad]);
    await evaluator.stop();
    expect(batches.map(states)).toEqual([['rule:busy inactive→firing@0'], ['rule:busy firing→firing@0'], ['rule:busy firing→resolved@0']]);
  });

  it('runs on its interval until stopped; stop is safe twice and before start', async () => {
    let evaluations = 0;
    const never = createRuleEvaluator({ store, notifier: { notify: async () => {} }, rules: [], intervalMs: 10, log: memoryLogger() });
    await never.stop();
    const evaluator = createRuleEvaluator({
      store,
      notifier: { notify: async () => void evaluations++ },
      rules: [rule(spans('count'), { id: 'busy' })],
      intervalMs: 20,
      log: memoryLogger(),
      now: () => T * 1000,
    });
    evaluator.start();
    await eventually(async () => evaluations, (n) => n >= 3, 10_000);
    await evaluator.stop();
    await evaluator.stop();
    const after = evaluations;
    await new Promise((r) => setTimeout(r, 100));
    expect(after).toBeGreaterThanOrEqual(3);
    expect(evaluations).toBe(after);
  });
});
