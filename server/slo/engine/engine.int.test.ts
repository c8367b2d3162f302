import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually.js';
import type { AlertTransition } from '../../alerting/types.js';
import { createLogger } from '../../lib/log.js';
import { evaluate } from '../evaluate/index.js';
import type { Evaluation, MinuteCounts } from '../evaluate/types.js';
import type { SloDefinition } from '../model.js';
import { createSloEngine, type SloEngine } from './engine.js';
import { listAlerts } from './list-alerts.js';
import { listSlos } from './list-slos.js';
import type { SpecLoader } from './specs.js';
import { insertRows, openEngineStores, sloDef, span } from './testing.js';

// The engine's clock: T is a whole hour a day ago plus 30 minutes.
const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000;
const T = base + 30 * 60_000;
const minute = (m: number) => base + m * 60_000;

let stores: Awaited<ReturnType<typeof openEngineStores>>;
let specDir: string;
let now = T;
const notified: AlertTransition[][] = [];
const engines: SloEngine[] = [];

/** Specs as JSON arrays of SloDefinition, one file each: the engine's contract with any loader. */
const jsonLoader: SpecLoader = async (dir) => {
  const errors: string[] = [];
  const slos: SloDefinition[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    try {
      slos.push(...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as SloDefinition[]));
    } catch (e) {
      errors.push(`${file}:1:1: ${(e as Error).message}`);
    }
  }
  return { slos, rules: [], errors };
};

const writeSpecs = (file: string, slos: SloDefinition[]) => writeFileSync(join(specDir, file), JSON.stringify(slos));

function engine(opts: { watch?: boolean } = {}): SloEngine {
  const e = createSloEngine({
    store: stores.store,
    meta: stores.meta,
    log: createLogger('error', () => {}),
    dir: specDir,
    intervalMs: 3_600_000,
    evaluate,
    notifier: { notify: async (t) => void notified.push(t) },
    loadSpecs: jsonLoader,
    clock: () => now,
    watch: opts.watch ?? false,
    debounceMs: 50,
  });
  engines.push(e);
  return e;
}

async function statusOf(instanceId: string) {
  return stores.meta.selectFrom('slo_status').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
}

const avail = sloDef({
  id: 'shop-availability',
  service: 'shop',
  sli: { kind: 'span_ratio', total: { service: 'shop', spanKinds: ['Server'] }, bad: { statuses: ['Error'] } },
});

/** 10 server spans a minute in minutes [from, to), the first of each minute failed. */
function shopSpans(from: number, to: number, service = 'shop') {
  const rows = [];
  for (let m = from; m < to; m++) for (let i = 0; i < 10; i++) rows.push(span({ atMs: minute(m) + i * 1000, service, status: i === 0 ? 'Error' : 'Ok' }));
  return rows;
}

const shopMinutes = (from: number, to: number): MinuteCounts[] =>
  Array.from({ length: to - from }, (_, k) => ({ minute: minute(from + k) / 1000, good: 9, total: 10 }));

beforeAll(async () => {
  stores = await openEngineStores();
  specDir = mkdtempSync(join(tmpdir(), 'octolens-slo-specs-'));
  // two hours and a half of traffic before T
  await insertRows(stores.store, 'otel_traces', shopSpans(-120, 30));
});

afterAll(async () => {
  for (const e of engines) await e.stop();
  await stores?.close();
  rmSync(specDir, { recursive: true, force: true });
});

async function minutesCount(sloId: string): Promise<number> {
  const [row] = await stores.store.query<{ n: number }>('SELECT count() AS n FROM slo_sli_minutes FINAL WHERE SloId = {id:String}', { id: sloId });
  return row!.n;
}

async function until(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  if (!(await eventually(async () => check(), Boolean, ms))) throw new Error('timed out');
}

const lastNotified = () => notified[notified.length - 1] ?? [];

describe('SLO engine', () => {
  let e1: SloEngine;
  let firstEvaluation: Evaluation;

  it('backfills a new SLO over its whole lookback, so the first evaluation has the whole budget', async () => {
    writeSpecs('a.json', [avail]);
    e1 = engine();
    const stats = await e1.cycle();
    expect(stats).toMatchObject({ at: T, slos: 1, instances: 1, rolledUp: 1, backfilled: 1 });
    expect(await minutesCount('shop-availability')).toBe(150);

    const row = await statusOf('shop-availability');
    expect(row!.definition_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(row!.message).toBeNull();
    expect(row!.evaluated_at).toEqual(new Date(T));
    // What the engine persisted is the evaluator's result on the minutes the spans make.
    const expected = evaluate({ slo: avail, now: T / 1000, minutes: shopMinutes(-120, 30) });
    expect(row!.evaluation).toEqual(JSON.parse(JSON.stringify(expected)));
    const ev = row!.evaluation as Evaluation;
    firstEvaluation = ev;
    expect(ev.period).toMatchObject({ good: 1350, total: 1500, sli: 0.9 });
    expect(ev.windows.find((w) => w.windowSeconds === 300)).toMatchObject({ good: 45, total: 50 });
  });

  it('then rolls up only the minutes since the last rollup, again those within the lateness margin', async () => {
    await insertRows(stores.store, 'otel_traces', [
      ...shopSpans(30, 32),
      // late: minute 27 is within 5 minutes of the last rollup (minute 30) and is rolled up again; minute 20 is not
      ...[1, 2, 3, 4, 5].map((s) => span({ atMs: minute(27) + s * 1000, service: 'shop' })),
      ...[1, 2, 3, 4, 5].map((s) => span({ atMs: minute(20) + s * 1000, service: 'shop' })),
    ]);
    now = T + 2 * 60_000;
    const stats = await e1.cycle();
    expect(stats).toMatchObject({ rolledUp: 1, backfilled: 0, queries: 2 }); // one rollup query, one read
    const minutes = shopMinutes(-120, 32).map((m) => (m.minute === minute(27) / 1000 ? { ...m, good: 14, total: 15 } : m));
    const row = await statusOf('shop-availability');
    const previous = Object.fromEntries(firstEvaluation.alerts.map((a) => [a.name, { state: a.state, since: a.since }]));
    expect(row!.evaluation).toEqual(JSON.parse(JSON.stringify(evaluate({ slo: avail, now: now / 1000, minutes, previous }))));
    expect((row!.evaluation as Evaluation).period).toMatchObject({ good: 1373, total: 1525 });
  });

  it('keeps the minutes when only the objective changes, and backfills again when the SLI changes', async () => {
    writeSpecs('a.json', [{ ...avail, objective: 0.95 }]);
    await e1.reload();
    expect(e1.status().lastCycle).toMatchObject({ rolledUp: 1, backfilled: 0 });

    writeSpecs('a.json', [{ ...avail, sli: { kind: 'span_ratio', total: { service: 'shop', spanKinds: ['Server'], spanNames: ['GET /cart'] }, bad: { statuses: ['Error'] } } }]);
    await e1.reload();
    expect(e1.status().lastCycle).toMatchObject({ rolledUp: 1, backfilled: 1 });
    // the backfill sees minute 20's late spans too
    expect(((await statusOf('shop-availability'))!.evaluation as Evaluation).period).toMatchObject({ good: 1378, total: 1530 });
    // a longer period over the same SLI: backfilled over its new length, same minutes
    writeSpecs('a.json', [{ ...avail, period: { kind: 'rolling', seconds: 60 * 86400 } }]);
    await e1.reload();
    expect(e1.status().lastCycle).toMatchObject({ rolledUp: 1, backfilled: 1 });
    expect(((await statusOf('shop-availability'))!.evaluation as Evaluation).period).toMatchObject({ good: 1378, total: 1530 });
    writeSpecs('a.json', [avail]);
    await e1.reload();
  });

  it('evaluates one instance per group value, named <slo>/<key=value>', async () => {
    await insertRows(stores.store, 'otel_traces', [
      span({ atMs: minute(10), service: 'grouped', attributes: { 'http.route': '/a' }, durationMs: 100 }),
      span({ atMs: minute(10), service: 'grouped', attributes: { 'http.route': '/a' }, durationMs: 900 }),
      span({ atMs: minute(11), service: 'grouped', attributes: { 'http.route': '/b' }, durationMs: 100 }),
    ]);
    const latency = sloDef({ id: 'grouped-latency', service: 'grouped', groupBy: ['http.route'], sli: { kind: 'span_latency', total: { service: 'grouped' }, thresholdSeconds: 0.5 } });
    writeSpecs('b.json', [latency]);
    await e1.reload();
    const rows = await stores.meta.selectFrom('slo_status').select(['instance_id', 'group_key', 'group_values', 'evaluation']).where('slo_id', '=', 'grouped-latency').orderBy('instance_id').execute();
    expect(rows.map((r) => [r.instance_id, r.group_key, r.group_values, (r.evaluation as Evaluation).period.good, (r.evaluation as Evaluation).period.total])).toEqual([
      ['grouped-latency/http.route=/a', 'http.route=/a', { 'http.route': '/a' }, 1, 2],
      ['grouped-latency/http.route=/b', 'http.route=/b', { 'http.route': '/b' }, 1, 1],
    ]);
  });

  it('lists an SLO the hub cannot evaluate as Prometheus only, with the reason', async () => {
    const p99 = sloDef({ id: 'shop-p99', service: 'shop', sli: { kind: 'promql', errorRatioQuery: 'histogram_quantile(0.99, sum(rate(x_bucket[{{.window}}])) by (le)) > bool 0.3' } });
    writeSpecs('c.json', [p99]);
    await e1.reload();
    const { slos } = await listSlos({ db: stores.meta });
    const summary = slos.find((s) => s.id === 'shop-p99')!;
    expect(summary).toMatchObject({ status: 'prometheus_only', sli: null, budgetRemaining: null, evaluatedAt: null });
    expect(summary.message).toBe(
      'errorRatioQuery: "histogram_quantile" at column 1 is not translated (only sum(rate(…)) is); the hub evaluates sum(rate(metric{…}[{{.window}}])) error/total ratios (rate or increase) over counters it stores',
    );
  });

  const burn = sloDef({ id: 'burn', service: 'burn', sli: { kind: 'span_ratio', total: { service: 'burn' }, bad: { statuses: ['Error'] } } });

  it('fires alerts, persists them with their history, and re-sends the firing ones every cycle', async () => {
    // half the requests fail for the last hour and a half: every tier burns far over its threshold
    const rows = [];
    for (let m = -60; m < 32; m++) for (let i = 0; i < 4; i++) rows.push(span({ atMs: minute(m) + i * 1000, service: 'burn', status: i % 2 ? 'Error' : 'Ok' }));
    await insertRows(stores.store, 'otel_traces', rows);
    writeSpecs('d.json', [burn]);
    notified.length = 0;
    await e1.reload();

    const fired = lastNotified().filter((t) => t.sloId === 'burn');
    expect(fired.map((t) => [t.id, t.from, t.to]).sort()).toEqual([
      ['burn:budget-exhausted', 'inactive', 'firing'],
      ['burn:page-fast', 'inactive', 'firing'],
      ['burn:page-slow', 'inactive', 'firing'],
      ['burn:ticket-fast', 'inactive', 'firing'],
      ['burn:ticket-slow', 'inactive', 'firing'],
    ]);
    const pageFast = fired.find((t) => t.id === 'burn:page-fast')!;
    expect(pageFast).toEqual({
      id: 'burn:page-fast',
      name: 'burn-alert',
      kind: 'slo',
      severity: 'page',
      from: 'inactive',
      to: 'firing',
      at: now / 1000,
      labels: { service: 'burn', slo: 'burn' },
      annotations: {},
      value: 50, // 50 % errors against a 1 % budget
      sloId: 'burn',
    });
    const state = await stores.meta.selectFrom('alert_state').selectAll().where('instance_id', '=', 'burn').where('alert_name', '=', 'page-fast').executeTakeFirstOrThrow();
    expect(state).toMatchObject({ state: 'firing', since: new Date(now), value: 50, severity: 'page', name: 'burn-alert', labels: { service: 'burn', slo: 'burn' } });
    const history = () => stores.meta.selectFrom('alert_transitions').selectAll().where('instance_id', '=', 'burn').execute();
    expect(await history()).toHaveLength(5);

    now += 60_000;
    await e1.cycle();
    expect(lastNotified().filter((t) => t.sloId === 'burn').map((t) => `${t.id} ${t.from}→${t.to} ${t.at}`)).toContain(`burn:page-fast firing→firing ${(now - 60_000) / 1000}`);
    expect(await history()).toHaveLength(5);
    const { slos } = await listSlos({ db: stores.meta });
    expect(slos.find((s) => s.id === 'burn')).toMatchObject({ status: 'critical', firing: ['page-fast', 'page-slow', 'ticket-fast', 'ticket-slow', 'budget-exhausted'] });
  });

  it('after a restart, neither backfills again nor forgets which alerts fire', async () => {
    await e1.stop();
    await e1.stop();
    notified.length = 0;
    now += 60_000;
    const e2 = engine();
    const stats = await e2.cycle();
    expect(stats).toMatchObject({ backfilled: 0, slos: 4 });
    expect(lastNotified().find((t) => t.id === 'burn:page-fast')).toMatchObject({ from: 'firing', to: 'firing' });
    e1 = e2;
  });

  it('resolves the alerts of an SLO that leaves the specs, and lists them as recently resolved', async () => {
    rmSync(join(specDir, 'd.json'));
    notified.length = 0;
    now += 60_000;
    await e1.reload();
    expect(lastNotified().filter((t) => t.sloId === 'burn').map((t) => `${t.id} ${t.from}→${t.to}`).sort()).toEqual([
      'burn:budget-exhausted firing→resolved',
      'burn:page-fast firing→resolved',
      'burn:page-slow firing→resolved',
      'burn:ticket-fast firing→resolved',
      'burn:ticket-slow firing→resolved',
    ]);
    expect(await statusOf('burn')).toBeUndefined();
    expect(await stores.meta.selectFrom('alert_state').selectAll().where('instance_id', '=', 'burn').execute()).toEqual([]);
    const { alerts } = await listAlerts({ db: stores.meta, input: { now } });
    const resolved = alerts.filter((a) => a.sloId === 'burn');
    expect(resolved.map((a) => [a.id, a.state, a.since])).toEqual(
      ['budget-exhausted', 'page-fast', 'page-slow', 'ticket-fast', 'ticket-slow'].map((n) => [`burn:${n}`, 'resolved', new Date(now).toISOString()]),
    );
  });

  it('lists load errors of the spec directory', async () => {
    writeFileSync(join(specDir, 'e.json'), '{ not json');
    const { errors } = await e1.reload();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^e\.json:1:1: /);
    expect((await listSlos({ db: stores.meta })).errors).toEqual(errors);
    rmSync(join(specDir, 'e.json'));
  });

  it('reloads when a YAML file in the spec directory changes (the real loader), and evaluates at once', async () => {
    await e1.stop();
    const yamlDir = mkdtempSync(join(tmpdir(), 'octolens-slo-yaml-'));
    try {
      const watching = createSloEngine({
        store: stores.store,
        meta: stores.meta,
        log: createLogger('error', () => {}),
        dir: yamlDir,
        intervalMs: 3_600_000,
        evaluate,
        clock: () => now,
        debounceMs: 50,
      });
      engines.push(watching);
      await watching.start();
      await until(() => watching.status().lastCycle !== null);
      expect(watching.status()).toMatchObject({ slos: 0, errors: [] });
      writeFileSync(
        join(yamlDir, 'shop.yaml'),
        `apiVersion: octolens/v1
kind: SLO
name: errors
service: shop
objective: 90
sli:
  spans:
    total: {service: shop, kind: server}
    bad: {status: error}
`,
      );
      await until(async () => (await statusOf('shop-errors')) !== undefined);
      expect(watching.status().slos).toBe(1);
      const row = (await statusOf('shop-errors'))!;
      expect((row.definition as SloDefinition).source).toMatchObject({ file: 'shop.yaml', line: 1, format: 'octolens/v1' });
      expect((row.evaluation as Evaluation).period).toMatchObject({ good: 1378, total: 1530 }); // backfilled: minute 20's late spans count
      await watching.stop();
    } finally {
      rmSync(yamlDir, { recursive: true, force: true });
    }
  });

  it('stops safely before start and twice', async () => {
    const idle = engine();
    await idle.stop();
    await idle.stop();
  });
});
