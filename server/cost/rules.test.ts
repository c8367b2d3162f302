import { describe, expect, it } from 'vitest';
import { allocate, defaultCostRules, normaliseTags, parseCostRules, type AllocationInput } from './rules.js';

const fields = (over: Partial<AllocationInput['fields']> = {}): AllocationInput['fields'] => ({
  provider: 'AWS', billingAccountId: '111', subAccountId: '', subAccountName: '', serviceName: 'Amazon S3', serviceCategory: 'Storage',
  chargeCategory: 'Usage', regionId: '', resourceType: '', resourceId: '', ...over,
});
const row = (tags: Record<string, string>, over: Partial<AllocationInput['fields']> = {}): AllocationInput => ({ fields: fields(over), tags: normaliseTags(tags) });

describe('cost allocation rules', () => {
  it.each([[{ team: 'payments' }], [{ Team: 'payments' }], [{ ' team': 'payments' }], [{ TEAM: ' payments ' }]])('reads the team of %j by the default keys', (tags) => {
    expect(allocate(defaultCostRules(), row(tags))).toEqual({ team: 'payments', service: '', environment: '', shared: '' });
  });

  it('takes aliases in order, rewrites values, fills what tags leave empty from the first matching rule, and marks shared rows', () => {
    const rules = parseCostRules(
      [
        'keys:',
        '  team: [team, owner, cost-center]',
        '  environment: [env]',
        'values:',
        '  team: { CC-1042: payments }',
        'rules:',
        '  - match: { subAccountId: platform-sub }',
        '    team: platform',
        '    environment: production',
        '  - match: { "tag:Project": atlas }',
        '    service: atlas-api',
        'shared:',
        '  - name: support',
        '    match: { serviceName: [AWS Support (Business), AWS Support (Enterprise)] }',
        '    split: even',
      ].join('\n'),
    );
    expect(allocate(rules, row({ owner: 'search', team: '' }))).toMatchObject({ team: 'search' });
    expect(allocate(rules, row({ 'Cost-Center': 'cc-1042' }))).toMatchObject({ team: 'payments' });
    expect(allocate(rules, row({ env: 'staging' }, { subAccountId: 'PLATFORM-SUB' }))).toEqual({ team: 'platform', service: '', environment: 'staging', shared: '' });
    expect(allocate(rules, row({ project: 'Atlas' }))).toMatchObject({ service: 'atlas-api' });
    expect(allocate(rules, row({}, { serviceName: 'AWS Support (Enterprise)' }))).toMatchObject({ team: '', shared: 'support' });
  });

  it('names file:line:column and the path of every problem', () => {
    const source = ['keys:', '  team: owner', 'shared:', '  - name: tax', '    match: { chargeCategory: Tax, colour: red }', '    split: evenly', 'extra: 1'].join('\n');
    expect(() => parseCostRules(source, 'rules.yaml')).toThrow(
      [
        'rules.yaml:2:9: keys.team: Invalid input: expected array, received string',
        'rules.yaml:5:43: shared.0.match.colour: unknown match field "colour" (expected: provider, billingAccountId, subAccountId, subAccountName, serviceName, serviceCategory, chargeCategory, regionId, resourceType, resourceId, or tag:<key>)',
        'rules.yaml:6:12: shared.0.split: Invalid option: expected one of "even"|"proportional"',
        'rules.yaml:1:1: (top level): Unrecognized key: "extra"',
      ].join('\n'),
    );
    expect(() => parseCostRules('keys: [\n', 'r.yaml')).toThrow(/^r\.yaml:2:1: /);
  });
});
