import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { groupSloId, renderPrometheusRules, toPrometheusRules } from './operator.js';
import { compilePrometheusRules, plainRuleFile } from './prometheus.js';
import { allFixtures, slothGettingStarted } from './testdata/slos.js';

describe('prometheus-operator target', () => {
  it('wraps the same groups in a PrometheusRule', async () => {
    const file = compilePrometheusRules([slothGettingStarted()]);
    const text = renderPrometheusRules(file, { namespace: 'observability' });
    await expect(text).toMatchFileSnapshot('testdata/golden/sloth-getting-started.prometheusrule.yaml');
    const [doc] = parseAllDocuments(text);
    const rule = doc!.toJS();
    expect(rule).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'octolens-slos', namespace: 'observability', labels: { 'app.kubernetes.io/managed-by': 'octolens' } },
    });
    expect(rule.spec).toEqual(JSON.parse(JSON.stringify(plainRuleFile(file))));
  });

  it('splits into numbered objects between SLOs when the groups outgrow the size cap', () => {
    const file = compilePrometheusRules(allFixtures());
    const rules = toPrometheusRules(file, { maxBytes: 20_000 });
    expect(rules.length).toBeGreaterThan(1);
    expect(rules.map((r) => r.rule.metadata.name)).toEqual(rules.map((_, i) => `octolens-slos-${i + 1}`));
    expect(rules.flatMap((r) => r.groups)).toEqual(file.groups);
    const homes = new Map<string, Set<string>>();
    for (const r of rules) for (const g of r.groups) homes.set(groupSloId(g), (homes.get(groupSloId(g)) ?? new Set()).add(r.rule.metadata.name));
    for (const [id, objects] of homes) expect([id, objects.size]).toEqual([id, 1]);
    expect(parseAllDocuments(renderPrometheusRules(file, { maxBytes: 20_000 }))).toHaveLength(rules.length);
  });
});
