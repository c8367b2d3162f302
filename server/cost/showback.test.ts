import { describe, expect, it } from 'vitest';
import { Money } from './decimal.js';
import { parseCostRules } from './rules.js';
import { costSumsSql, splitExact, splitShared, type CostSumRow } from './showback.js';

const r = (key: string, shared: string, effective: string, billed = effective, usage_0 = '0', period = 1_793_491_200): CostSumRow => ({ key, shared, period, currency: 'USD', billed, effective, lastEnd: period, usage_0 });
const flat = (m: ReturnType<typeof splitShared>) => Object.fromEntries([...(m.get('USD') ?? [])].map(([k, s]) => [k, [s.effective.toFixed(10), s.billed.toFixed(10)]]));

describe('shared cost split', () => {
  it('splits exactly: shares at 10 digits, the remainder to the last', () => {
    expect(splitExact(new Money(10), [new Money(1), new Money(1), new Money(1)]).map(String)).toEqual(['3.3333333333', '3.3333333333', '3.3333333334']);
  });

  it('splits even among the declared teams, proportional to direct effective cost or to a usage measure, and keeps what has nowhere to go unallocated', () => {
    const rules = parseCostRules(
      [
        'shared:',
        '  - { name: support, match: { serviceName: Support }, split: even, among: [a, b, c] }',
        '  - { name: tax, match: { chargeCategory: Tax }, split: proportional }',
        '  - { name: cluster, match: { serviceName: EKS }, split: proportional, measure: consumedQuantity, usage: { serviceName: EC2 } }',
        '  - { name: orphan, match: { serviceName: X }, split: proportional, among: [nobody] }',
      ].join('\n'),
    );
    const rows = [r('a', '', '30'), r('b', '', '10', '10', '3'), r('', '', '5'), r('', 'support', '10'), r('', 'tax', '4', '8'), r('z', 'cluster', '6'), r('a', '', '0', '0', '1'), r('', 'orphan', '2'), r('q', 'gone', '1', '1', '0', 1_796_083_200)];
    expect(flat(splitShared(rows, rules))).toEqual({
      // support 10/3 each; tax 4 × 30/40 = 3 (billed 8 × 30/40 = 6) and 4 × 10/40 = 1 (billed 2); cluster 6 by usage 1:3;
      // q's rule is gone: its row is q's own (in another billing period, so it weighs nothing here)
      a: ['37.8333333333', '40.8333333333'],
      b: ['18.8333333333', '19.8333333333'],
      c: ['3.3333333334', '3.3333333334'],
      unallocated: ['7.0000000000', '7.0000000000'],
      q: ['1.0000000000', '1.0000000000'],
    });
  });

  it('reads only current rows of committed imports, charge periods in the range', () => {
    const q = costSumsSql({ fromSeconds: 1, toSeconds: 2, groupBy: 'provider', serviceTeams: {}, team: 'payments', usageRules: [] });
    expect(q.sql).toContain("(BillingAccountId, BillingPeriodStart, ImportId) IN (SELECT BillingAccountId, BillingPeriodStart, ImportId FROM current_imports)");
    expect(q.sql).toContain("Kind = 'commit'");
    expect(q.sql).toContain("if(ServiceProviderName != '', ServiceProviderName, ProviderName) AS key");
    expect(q.params).toMatchObject({ from: 1, to: 2, team: 'payments' });
  });
});
