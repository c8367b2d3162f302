import { describe, expect, it } from 'vitest';
import type { AlertInfo } from '$shared/api';
import { formatAlertValue, formatCondition, formatSeconds, groupAlerts } from './alert-value';

describe('alert values in their own unit', () => {
  it.each([
    [14.4, 'burn_rate', '14.4×'],
    [25.333333, 'burn_rate', '25.3×'],
    [-0.679, 'ratio', '-67.9%'],
    [0.0523, 'ratio', '5.2%'],
    [9400, 'seconds', '2h 36m'],
    [599_400, 'seconds', '6d 22h'],
    [86_400, 'seconds', '1d'],
    [3660, 'seconds', '1h 1m'],
    [0.3, 'seconds', '300 ms'],
    [1.25, 'seconds', '1.25 s'],
    [Number.POSITIVE_INFINITY, 'seconds', 'never (not filling)'],
    [0.5, 'per_second', '0.500/s'],
    [1234, 'count', '1,234'],
    [0.123456, 'number', '0.1235'],
    [null, 'burn_rate', 'no data'],
  ] as const)('%s in %s reads %s', (value, unit, text) => {
    expect(formatAlertValue(value, unit)).toBe(text);
  });

  it('reads the infinite flag (JSON has no Infinity) as a disk that is not filling', () => {
    expect(formatAlertValue(null, 'seconds', true)).toBe('never (not filling)');
  });

  it('leaves a zero second unit out', () => {
    expect(formatSeconds(7200)).toBe('2h');
    expect(formatSeconds(90)).toBe('1m 30s');
    expect(formatSeconds(90_000)).toBe('1d 1h');
  });
});

describe('alert conditions', () => {
  it.each([
    [{ op: '>', threshold: 14.4, windows: [3600, 300], forSeconds: 0 }, 'burn_rate', 'burn_rate', '> 14.4× over 1h and 5m'],
    [{ op: '<=', threshold: 0, windows: [2_592_000], forSeconds: 0 }, 'ratio', 'budget_exhausted', 'budget <= 0.0% of 30d'],
    [{ op: 'absent', threshold: null, windows: [1800], forSeconds: 0 }, 'count', 'no_data', 'no events for 30m'],
    [{ op: '<', threshold: 86_400, windows: [21_600], forSeconds: 600 }, 'seconds', 'rule', '< 1d over 6h, for 10m'],
    [{ op: '>', threshold: 0.05, windows: [600], forSeconds: 300 }, 'ratio', 'rule', '> 5.0% over 10m, for 5m'],
    [{ op: 'absent', threshold: null, windows: [900], forSeconds: 0 }, 'count', 'rule', 'no data over 15m'],
  ] as const)('%j reads %s', (condition, unit, kind, text) => {
    expect(formatCondition({ ...condition, windows: [...condition.windows] }, unit, kind)).toBe(text);
  });
});

describe('groupAlerts', () => {
  const alert = (id: string, over: Partial<AlertInfo>): AlertInfo => ({ id, name: 'X', kind: 'slo', severity: 'page', state: 'firing', since: '2026-12-02T10:00:00Z', labels: {}, annotations: {}, value: null, ...over });

  it('puts the tiers of one SLO together, and rules by service, most urgent group first', () => {
    const groups = groupAlerts([
      alert('shop:ticket-slow', { sloId: 'shop', state: 'pending', labels: { service: 'shop', slo: 'availability' } }),
      alert('rule:disk', { kind: 'rule', state: 'resolved', labels: { service: 'platform' } }),
      alert('cart:page-fast', { sloId: 'cart', state: 'pending', since: '2026-12-02T09:00:00Z', labels: { service: 'cart', slo: 'latency' } }),
      alert('shop:page-fast', { sloId: 'shop', labels: { service: 'shop', slo: 'availability' } }),
    ]);
    expect(groups.map((g) => [g.title, g.sloId, g.alerts.map((a) => a.id)])).toEqual([
      ['shop · availability', 'shop', ['shop:page-fast', 'shop:ticket-slow']],
      ['cart · latency', 'cart', ['cart:page-fast']],
      ['platform · alert rules', undefined, ['rule:disk']],
    ]);
  });
});
