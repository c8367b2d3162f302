import { describe, expect, it } from 'vitest';
import { defaultTiers } from '../model.js';
import { alertMemories, evaluateAlerts, tierCondition } from './alerts.js';
import { fixtureNow as N, fixtureSlo } from './fixtures.js';
import type { WindowResult } from './types.js';

const pageFast = defaultTiers(2_592_000)[0]!; // 14.4× over 1h and 5m
const w = (windowSeconds: number, burnRate: number | null, total = 10_000): WindowResult => ({ windowSeconds, good: 0, total, errorRatio: null, burnRate });

describe('tierCondition', () => {
  it.each<[number | null, number | null, boolean]>([
    [20, 20, true],
    [14.4, 20, false], // strictly greater, like Prometheus's >
    [20, 14.4, false],
    [14.400001, 14.400001, true],
    [20, 10, false], // the burn is over: the short window is clean again
    [10, 20, false], // a blip: not enough budget spent
    [null, 20, false],
    [20, null, false],
  ])('long %s, short %s → %s', (long, short, condition) => {
    expect(tierCondition(pageFast, w(3600, long), w(300, short), 0)).toEqual({ condition, guarded: false });
  });

  it('the low-traffic guard holds a burning tier back below minEvents in the long window', () => {
    expect(tierCondition(pageFast, w(3600, 750, 4), w(300, 750, 4), 100)).toEqual({ condition: false, guarded: true });
    expect(tierCondition(pageFast, w(3600, 750, 99), w(300, 750, 4), 100)).toEqual({ condition: false, guarded: true });
    // ≥ minEvents; only the long window counts
    expect(tierCondition(pageFast, w(3600, 750, 100), w(300, 750, 4), 100)).toEqual({ condition: true, guarded: false });
    // not guarded when it would not fire anyway
    expect(tierCondition(pageFast, w(3600, 1, 4), w(300, 1, 4), 100)).toEqual({ condition: false, guarded: false });
  });
});

describe('evaluateAlerts', () => {
  const windows = new Map([300, 1800, 3600, 7200, 21600, 86400, 259200].map((s) => [s, w(s, 20)]));
  const base = { now: N, windows, recentTotal: 10, remaining: 0.5, previous: undefined };

  it('lists the enabled tiers in order, then no-data and budget-exhausted when switched on', () => {
    const slo = fixtureSlo();
    slo.alerting.tiers = slo.alerting.tiers.map((t) => (t.name === 'page-slow' ? { ...t, enabled: false } : t));
    slo.alerting.noDataSeconds = 600;
    slo.alerting.budgetExhausted = true;
    const alerts = evaluateAlerts({ ...base, slo });
    expect(alerts.map((a) => [a.name, a.severity, a.state])).toEqual([
      ['page-fast', 'page', 'firing'],
      ['ticket-fast', 'ticket', 'firing'],
      ['ticket-slow', 'ticket', 'firing'],
      ['no-data', 'ticket', 'inactive'],
      ['budget-exhausted', 'page', 'inactive'],
    ]);
    expect(alerts[0]).toEqual({ name: 'page-fast', severity: 'page', condition: true, state: 'firing', since: N, longBurn: 20, shortBurn: 20, threshold: 14.4, guarded: false });
    expect(alerts[3]).toEqual({ name: 'no-data', severity: 'ticket', condition: false, state: 'inactive', since: N });
  });

  it('leaves no-data and budget-exhausted out when they are off', () => {
    expect(evaluateAlerts({ ...base, slo: fixtureSlo() }).map((a) => a.name)).toEqual(['page-fast', 'page-slow', 'ticket-fast', 'ticket-slow']);
  });

  it('budget-exhausted holds at remaining ≤ 0, not without data', () => {
    const slo = fixtureSlo();
    slo.alerting.budgetExhausted = true;
    const exhausted = (remaining: number | null) => evaluateAlerts({ ...base, slo, remaining }).at(-1)!.condition;
    expect([exhausted(0.001), exhausted(0), exhausted(-2), exhausted(null)]).toEqual([false, true, true, false]);
  });

  it('reads memories by own keys only (a tier may be called "constructor")', () => {
    const slo = fixtureSlo();
    slo.alerting.tiers = [{ ...pageFast, name: 'constructor', forSeconds: 300 }];
    const [alert] = evaluateAlerts({ ...base, slo, previous: {} });
    expect(alert).toMatchObject({ name: 'constructor', state: 'pending', since: N });
  });

  it('alertMemories keeps state and since by name, for the next evaluation', () => {
    const alerts = evaluateAlerts({ ...base, slo: fixtureSlo() });
    expect(alertMemories(alerts)).toEqual({
      'page-fast': { state: 'firing', since: N },
      'page-slow': { state: 'firing', since: N },
      'ticket-fast': { state: 'firing', since: N },
      'ticket-slow': { state: 'firing', since: N },
    });
  });
});
