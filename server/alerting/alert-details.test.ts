import { describe, expect, it } from 'vitest';
import { fixtureSlo } from '../slo/evaluate/fixtures.js';
import type { AlertQuery, AlertRuleDefinition } from '../slo/model.js';
import { ruleAlertDetails, ruleValueUnit, runbookLink, sloAlertDetails } from './alert-details.js';

const slo = fixtureSlo({ alerting: { ...fixtureSlo().alerting, noDataSeconds: 1800, budgetExhausted: true } });

describe('sloAlertDetails', () => {
  it('a tier is a burn rate over its long and short windows, its threshold the tier factor', () => {
    expect(sloAlertDetails(slo, 'page-fast')).toEqual({ alertKind: 'burn_rate', unit: 'burn_rate', condition: { op: '>', threshold: 14.4, windows: [3600, 300], forSeconds: 0 } });
    expect(sloAlertDetails(slo, 'ticket-slow')).toEqual({ alertKind: 'burn_rate', unit: 'burn_rate', condition: { op: '>', threshold: 1, windows: [259_200, 21_600], forSeconds: 0 } });
  });

  it('budget-exhausted reports the budget left as a ratio, firing at or below 0 over the period', () => {
    expect(sloAlertDetails(slo, 'budget-exhausted')).toEqual({ alertKind: 'budget_exhausted', unit: 'ratio', condition: { op: '<=', threshold: 0, windows: [2_592_000], forSeconds: 0 } });
  });

  it('no-data fires when nothing arrived for its quiet time', () => {
    expect(sloAlertDetails(slo, 'no-data')).toEqual({ alertKind: 'no_data', unit: 'count', condition: { op: 'absent', threshold: null, windows: [1800], forSeconds: 0 } });
  });

  it('an alert whose definition or tier is gone keeps its kind and unit, without a condition', () => {
    expect(sloAlertDetails(undefined, 'page-fast')).toEqual({ alertKind: 'burn_rate', unit: 'burn_rate', condition: null });
    expect(sloAlertDetails(slo, 'removed-tier').condition).toBeNull();
  });
});

describe('rule units', () => {
  it.each([
    [{ signal: 'spans', measure: 'p95' }, 'seconds'],
    [{ signal: 'spans', measure: 'error_ratio' }, 'ratio'],
    [{ signal: 'spans', measure: 'rate' }, 'per_second'],
    [{ signal: 'spans', measure: 'count' }, 'count'],
    [{ signal: 'logs', measure: 'count' }, 'count'],
    [{ signal: 'metrics', measure: 'rate' }, 'per_second'],
    [{ signal: 'metrics', measure: 'avg' }, 'number'],
    [{ signal: 'disk', measure: 'time_to_full' }, 'seconds'],
  ])('%j is in %s', (query, unit) => {
    expect(ruleValueUnit({ selector: {}, ...query } as AlertQuery)).toBe(unit);
  });

  it('a rule condition is its op and threshold over its window; absent has no threshold', () => {
    const rule = { query: { signal: 'disk', selector: {}, measure: 'time_to_full' }, windowSeconds: 21_600, forSeconds: 600, condition: { op: '<', threshold: 86_400 } } as AlertRuleDefinition;
    expect(ruleAlertDetails(rule)).toEqual({ alertKind: 'rule', unit: 'seconds', condition: { op: '<', threshold: 86_400, windows: [21_600], forSeconds: 600 } });
    expect(ruleAlertDetails({ ...rule, condition: { absent: true } }).condition).toEqual({ op: 'absent', threshold: null, windows: [21_600], forSeconds: 600 });
  });
});

describe('runbookLink', () => {
  it.each([
    [{ runbook_url: 'https://runbooks.example.com/checkout' }, 'https://runbooks.example.com/checkout'],
    [{ runbook: 'http://wiki/checkout' }, 'http://wiki/checkout'],
    [{ runbook_url: 'https://a.example.com', runbook: 'https://b.example.com' }, 'https://a.example.com'],
    [{ runbook_url: 'javascript:alert(1)' }, null],
    [{ runbook: 'see the wiki' }, null],
    [{}, null],
  ])('%j → %s', (annotations, expected) => {
    expect(runbookLink(annotations)).toBe(expected);
  });
});
