import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsResult, SloDetail, SlosResult } from '../../../../shared/api.js';
import { createLogger } from '../../../lib/log.js';
import { recordSeenServices } from '../../../meta/services.js';
import { evaluate } from '../../../slo/evaluate/index.js';
import { createSloEngine, type SloEngine } from '../../../slo/engine/index.js';
import { insertRows, sloDef, span } from '../../../slo/engine/testing.js';
import type { AlertRuleDefinition, SloDefinition } from '../../../slo/model.js';
import { createHubMetrics } from '../../../telemetry/metrics.js';
import { createApp } from '../../app.js';
import { openTestApi, type TestApi } from '../testing.js';

// The engine evaluates at T: 30 minutes past a whole hour, two hours ago (within the day /alerts lists resolved alerts for).
const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
const T = base + 30 * 60_000;
const minute = (m: number) => base + m * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const availability = sloDef({
  id: 'api-availability',
  name: 'availability',
  service: 'api',
  description: 'API requests succeed',
  objective: 0.99,
  sli: { kind: 'span_ratio', total: { service: 'api', spanKinds: ['Server'], spanNames: ['POST'] }, bad: { statuses: ['Error'] } },
  source: { file: 'api.yaml', line: 3, column: 1, format: 'octolens/v1', commit: '0123456789abcdef0123456789abcdef01234567' },
});
const latency = sloDef({
  id: 'api-latency',
  name: 'latency',
  service: 'api',
  groupBy: ['http.route'],
  sli: { kind: 'span_latency', total: { service: 'api', spanKinds: ['Server'], spanNames: ['GET'] }, thresholdSeconds: 0.5 },
  alerting: { ...availability.alerting, name: 'ApiLatency', labels: { team: 'core' }, annotations: { runbook_url: 'https://runbooks/api-latency' } },
});
const p99 = sloDef({ id: 'api-p99', service: 'api', sli: { kind: 'promql', errorRatioQuery: 'histogram_quantile(0.99, x)' } });

let api: TestApi;
let app: Hono;
let engine: SloEngine;
let specDir: string;
let specs: SloDefinition[] = [availability, latency, p99];
const rule: AlertRuleDefinition = {
  id: 'api-errors',
  name: 'ApiErrors',
  service: 'api',
  description: 'Too many API errors',
  severity: 'ticket',
  labels: { team: 'core' },
  annotations: { summary: 'API errors' },
  query: { signal: 'spans', selector: { service: 'api' }, measure: 'count' },
  windowSeconds: 300,
  condition: { op: '>', threshold: 3 },
  forSeconds: 0,
  source: { file: 'rules.yaml', line: 1, column: 1, format: 'octolens/v1' },
};
const rulesLoaded: AlertRuleDefinition[][] = [];

const get = async <T>(path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  api = await openTestApi();
  specDir = mkdtempSync(join(tmpdir(), 'octolens-slo-api-'));
  writeFileSync(join(specDir, 'api.json'), '[]');
  const rows = [];
  // availability: 10 server spans a minute for 90 minutes before T, one failed a minute in the last 5
  for (let m = -60; m < 30; m++) for (let i = 0; i < 10; i++) rows.push(span({ atMs: minute(m) + i * 1000, service: 'api', name: 'POST', status: m >= 25 && i === 0 ? 'Error' : 'Ok' }));
  // latency: /a 10 GETs at minute 10, 2 over 500 ms; /b 5 fast GETs at minute 20
  for (let i = 0; i < 10; i++) rows.push(span({ atMs: minute(10) + i * 1000, service: 'api', name: 'GET', attributes: { 'http.route': '/a' }, durationMs: i < 2 ? 900 : 100 }));
  for (let i = 0; i < 5; i++) rows.push(span({ atMs: minute(20) + i * 1000, service: 'api', name: 'GET', attributes: { 'http.route': '/b' }, durationMs: 500 }));
  await insertRows(api.store, 'otel_traces', rows);
  await recordSeenServices({ db: api.meta, input: [{ name: 'api', firstSeen: new Date(minute(-60)), lastSeen: new Date(T) }] });
  await api.meta.updateTable('services').set({ team: 'core' }).where('name', '=', 'api').execute();

  engine = createSloEngine({
    store: api.store,
    meta: api.meta,
    log: createLogger('error', () => {}),
    dir: specDir,
    intervalMs: 3_600_000,
    evaluate,
    loadSpecs: async () => ({ slos: specs, rules: [rule], errors: ['other.yaml:4:3: objective: must be below 100, got 100'] }),
    onLoad: (loaded) => rulesLoaded.push(loaded.rules),
    clock: () => T,
    watch: false,
  });
  // a rule evaluator's view: the rule fires since T with value 5
  const rules = { status: () => [{ rule, memory: { state: 'firing' as const, since: T / 1000 }, value: 5 }] };
  app = createApp({ store: api.store, meta: api.meta, slo: engine, rules, metrics: createHubMetrics(), isReady: async () => true });
  const res = await app.request('/api/v1/slos/reload', { method: 'POST' });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await engine?.stop();
  await api?.close();
  rmSync(specDir, { recursive: true, force: true });
});

describe('GET /api/v1/slos', () => {
  it('lists every instance, least budget first, those without a budget last, with the load errors', async () => {
    const { status, body } = await get<SlosResult>('/api/v1/slos');
    expect(status).toBe(200);
    expect(body.errors).toEqual(['other.yaml:4:3: objective: must be below 100, got 100']);
    expect(body.slos.map((s) => [s.id, s.budgetRemaining, s.status])).toEqual([
      // 2 of 10 slow against a 1 % budget: spent 20 times over
      ['api-latency/http.route=/a', -19, 'critical'],
      // 5 failed of 900: 1 − (5/900)/0.01
      ['api-availability', 1 - 5 / 900 / 0.01, 'ok'],
      ['api-latency/http.route=/b', 1, 'ok'],
      ['api-p99', null, 'prometheus_only'],
    ]);
    expect(body.slos[1]).toEqual({
      id: 'api-availability',
      sloId: 'api-availability',
      name: 'availability',
      service: 'api',
      team: 'core',
      group: {},
      objective: 0.99,
      period: '30d rolling',
      sliKind: 'span_ratio',
      sli: 895 / 900,
      budgetRemaining: 1 - 5 / 900 / 0.01,
      burnRate: 5 / (0.01 * 600),
      status: 'ok',
      firing: [],
      source: { file: 'api.yaml', line: 3, format: 'octolens/v1', commit: '0123456789abcdef0123456789abcdef01234567' },
      evaluatedAt: iso(T),
    });
    expect(body.slos[0]).toMatchObject({ sloId: 'api-latency', group: { 'http.route': '/a' }, firing: ['page-slow', 'ticket-fast', 'ticket-slow', 'budget-exhausted'] });
    expect(body.slos[3]!.message).toMatch(/^errorRatioQuery: "histogram_quantile" at column 1 is not translated/);
  });
});

describe('GET /api/v1/slos/:id', () => {
  it('narrows the list to a service or a team through the catalog', async () => {
    expect((await get<SlosResult>('/api/v1/slos?team=core')).body.slos.map((s) => s.id)).toEqual(['api-latency/http.route=/a', 'api-availability', 'api-latency/http.route=/b', 'api-p99']);
    expect((await get<SlosResult>('/api/v1/slos?team=payments')).body.slos).toEqual([]);
    expect((await get<SlosResult>('/api/v1/slos?service=web')).body.slos).toEqual([]);
    expect((await get<{ message: string }>('/api/v1/slos?owner=core')).status).toBe(400);
  });

  it('answers an instance with its windows, tiers (time to exhaustion each), other alerts and history frames', async () => {
    const { status, body } = await get<SloDetail>('/api/v1/slos/api-availability');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'api-availability',
      description: 'API requests succeed',
      budgeting: 'occurrences',
      periodStart: iso(T - 30 * 86_400_000),
      periodEnd: iso(T),
      good: 895,
      total: 900,
      exhaustionAt: iso(T + (((1 - 5 / 900 / 0.01) * 2_592_000) / (5 / 6)) * 1000),
    });
    expect(body.exhaustionAt).not.toBeNull();
    expect(body.windows.map((w) => [w.window, w.good, w.total])).toEqual([
      ['5m', 45, 50],
      ['30m', 295, 300],
      ['1h', 595, 600],
      ['2h', 895, 900],
      ['6h', 895, 900],
      ['1d', 895, 900],
      ['3d', 895, 900],
      ['30d', 895, 900],
    ]);
    expect(body.windows[0]).toEqual({ window: '5m', windowSeconds: 300, good: 45, total: 50, errorRatio: 0.1, burnRate: 10 });
    const remaining = 1 - 5 / 900 / 0.01;
    expect(body.tiers).toEqual([
      { name: 'page-fast', severity: 'page', longWindow: '1h', shortWindow: '5m', threshold: 14.4, longBurn: 5 / 6, shortBurn: 10, state: 'inactive', since: iso(T), enabled: true, timeToExhaustionSeconds: (remaining * 2_592_000) / (5 / 6) },
      { name: 'page-slow', severity: 'page', longWindow: '6h', shortWindow: '30m', threshold: 6, longBurn: 5 / 9, shortBurn: 5 / 3, state: 'inactive', since: iso(T), enabled: true, timeToExhaustionSeconds: (remaining * 2_592_000) / (5 / 9) },
      { name: 'ticket-fast', severity: 'ticket', longWindow: '1d', shortWindow: '2h', threshold: 3, longBurn: 5 / 9, shortBurn: 5 / 9, state: 'inactive', since: iso(T), enabled: true, timeToExhaustionSeconds: (remaining * 2_592_000) / (5 / 9) },
      { name: 'ticket-slow', severity: 'ticket', longWindow: '3d', shortWindow: '6h', threshold: 1, longBurn: 5 / 9, shortBurn: 5 / 9, state: 'inactive', since: iso(T), enabled: true, timeToExhaustionSeconds: (remaining * 2_592_000) / (5 / 9) },
    ]);
    expect(body.otherAlerts).toEqual([{ name: 'budget-exhausted', severity: 'page', state: 'inactive', since: iso(T) }]);

    // history: 30 days at the default 1 h step, 721 points ending at T
    expect(body.history.map((f) => [f.schema!.name, f.schema!.fields.map((x) => [x.name, x.labels ?? null])])).toEqual([
      ['budget', [['time', null], ['remaining', null]]],
      ['burn', [['time', null], ['1h', { window: '1h' }], ['6h', { window: '6h' }], ['1d', { window: '1d' }], ['3d', { window: '3d' }]]],
      ['sli', [['time', null], ['sli', null]]],
    ]);
    const [budget, burn, sli] = body.history.map((f) => f.data!.values);
    expect(budget![0]).toHaveLength(721);
    expect(budget![0]![0]).toBe(T - 30 * 86_400_000);
    expect(budget![0]![720]).toBe(T);
    expect(budget![1]!.slice(718)).toEqual([null, 1, remaining]); // no data, then 300 good requests, then now
    expect(burn![1]!.slice(719)).toEqual([0, 5 / 6]);
    expect(burn![2]![720]).toBe(5 / 9);
    expect(sli![1]!.slice(719)).toEqual([1, 595 / 600]);
  });

  it('answers a group instance by its encoded id, with a chosen step', async () => {
    const { status, body } = await get<SloDetail>(`/api/v1/slos/${encodeURIComponent('api-latency/http.route=/a')}?step=1d`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'api-latency/http.route=/a', group: { 'http.route': '/a' }, good: 8, total: 10, budgetRemaining: -19, exhaustionAt: null });
    expect(body.tiers.map((t) => [t.name, t.state, t.longBurn, t.shortBurn, t.timeToExhaustionSeconds])).toEqual([
      ['page-fast', 'inactive', 20, null, null],
      ['page-slow', 'firing', 20, 20, null],
      ['ticket-fast', 'firing', 20, 20, null],
      ['ticket-slow', 'firing', 20, 20, null],
    ]);
    expect(body.history[0]!.data!.values[0]).toHaveLength(31);
    expect((await get(`/api/v1/slos/api-latency/http.route=/b`)).status).toBe(200);
  });

  it('says which id is unknown, and which step is wrong', async () => {
    const missing = await get<{ code: string; message: string }>('/api/v1/slos/nope');
    expect(missing).toEqual({ status: 404, body: expect.objectContaining({ code: 'not_found', message: 'no SLO "nope": not in the spec directory, or not evaluated yet' }) });
    const step = await get<{ code: string; message: string }>('/api/v1/slos/api-availability?step=90s');
    expect(step.status).toBe(400);
    expect(step.body.message).toBe('step: must be whole minutes (60s, 5m, 1h…), got 90s');
  });
});

describe('GET /api/v1/alerts', () => {
  it('lists firing alerts with their labels, annotations and values', async () => {
    const { status, body } = await get<AlertsResult>('/api/v1/alerts');
    expect(status).toBe(200);
    const labels = { team: 'core', 'http.route': '/a', service: 'api', slo: 'latency' };
    // the default tiers of a 30-day period: 5 % of the budget in 6 h is 6×, 10 % in 1 d 3×, 10 % in 3 d 1×
    const burn = (threshold: number, windows: number[]) => ({ alertKind: 'burn_rate', unit: 'burn_rate', condition: { op: '>', threshold, windows, forSeconds: 0 } });
    const alert = (name: string, severity: string, value: number, how: object) => ({
      id: `api-latency/http.route=/a:${name}`,
      name: 'ApiLatency',
      alert: name,
      kind: 'slo',
      sloId: 'api-latency/http.route=/a',
      severity,
      state: 'firing',
      since: iso(T),
      labels,
      annotations: { runbook_url: 'https://runbooks/api-latency' },
      value,
      ...how,
      runbook: 'https://runbooks/api-latency',
      silencedBy: [],
      ack: null,
    });
    expect(body.alerts).toEqual([
      // the budget left as a ratio of the budget, fired at or below 0 over the period
      alert('budget-exhausted', 'page', -19, { alertKind: 'budget_exhausted', unit: 'ratio', condition: { op: '<=', threshold: 0, windows: [30 * 86400], forSeconds: 0 } }),
      alert('page-slow', 'page', 20, burn(6, [6 * 3600, 1800])),
      alert('ticket-fast', 'ticket', 20, burn(3, [86400, 7200])),
      alert('ticket-slow', 'ticket', 20, burn(1, [3 * 86400, 6 * 3600])),
      // the rule evaluator's, with the labels its notifications carry
      {
        id: 'rule:api-errors',
        name: 'ApiErrors',
        kind: 'rule',
        severity: 'ticket',
        state: 'firing',
        since: iso(T),
        labels: { team: 'core', octolens_rule: 'api-errors', service: 'api' },
        annotations: { summary: 'API errors', description: 'Too many API errors' },
        value: 5,
        alertKind: 'rule',
        unit: 'count',
        condition: { op: '>', threshold: 3, windows: [300], forSeconds: 0 },
        runbook: null,
        silencedBy: [],
        ack: null,
      },
    ]);
  });

  it('hands the alert rules of every spec load to their evaluator', () => {
    expect(rulesLoaded.length).toBeGreaterThanOrEqual(1);
    expect(rulesLoaded.at(-1)).toEqual([rule]);
  });
});

describe('POST /api/v1/slos/reload', () => {
  it('reloads the specs and answers the new list', async () => {
    specs = [availability];
    const res = await app.request('/api/v1/slos/reload', { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as SlosResult;
    expect(body.slos.map((s) => s.id)).toEqual(['api-availability']);
    // the latency alerts resolved with their SLO
    const { body: alerts } = await get<AlertsResult>('/api/v1/alerts');
    expect(alerts.alerts.filter((a) => a.kind === 'slo').map((a) => [a.alert, a.state])).toEqual([
      ['budget-exhausted', 'resolved'],
      ['page-slow', 'resolved'],
      ['ticket-fast', 'resolved'],
      ['ticket-slow', 'resolved'],
    ]);
  });

  it('is 503 where the engine does not run', async () => {
    const apiOnly = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true });
    const res = await apiOnly.request('/api/v1/slos/reload', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/^the SLO engine does not run in this process/);
    expect((await apiOnly.request('/api/v1/slos')).status).toBe(200);
  });
});
