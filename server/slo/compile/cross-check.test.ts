/**
 * The same synthetic series judged twice: by the hub's evaluator and by `promtool test
 * rules` on the compiled Prometheus rules. Both must agree on which tiers fire.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate/index.js';
import { crossCheckScenarios, fixtureSlo } from '../evaluate/fixtures.js';
import { defaultTiers, type SloDefinition } from '../model.js';
import { compilePrometheusRules, renderRuleFile } from './prometheus.js';
import { isAlertingRule } from './rule-file.js';
import { promtool, promtoolOrSkip } from './testdata/promtool.js';

const tiers = defaultTiers(30 * 86400);

/** One SLO per default tier with only that tier enabled, so an alert's firing names its tier. */
const variants: Array<{ tier: string; slo: SloDefinition }> = tiers.map((tier) => {
  const base = fixtureSlo();
  return {
    tier: tier.name,
    slo: {
      ...base,
      id: `xcheck-${tier.name}`,
      name: `xcheck-${tier.name}`,
      sli: { kind: 'promql', errorQuery: 'sum(rate(http_requests_errors_total[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total[{{.window}}]))' },
      alerting: { ...base.alerting, name: `XCheck-${tier.name}`, tiers: tiers.map((t) => ({ ...t, enabled: t.name === tier.name })) },
    },
  };
});

/** The compiled alert expression of a variant (one alert: the tier's severity). */
function alertExpr(rules: ReturnType<typeof compilePrometheusRules>, slo: SloDefinition): string {
  const alerts = rules.groups.filter((g) => g.name.endsWith(slo.id)).flatMap((g) => g.rules.filter(isAlertingRule));
  expect(alerts).toHaveLength(1);
  return alerts[0]!.expr;
}

describe('promtool and the evaluator agree on which tiers fire', () => {
  let enabled = false;
  let dir: string;
  beforeAll(async () => {
    enabled = await promtoolOrSkip();
    dir = mkdtempSync(join(tmpdir(), 'octolens-xcheck-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on every cross-check scenario', async () => {
    if (!enabled) return;
    const rules = compilePrometheusRules(variants.map((v) => v.slo));
    writeFileSync(join(dir, 'rules.yaml'), renderRuleFile(rules));
    const scenarios = crossCheckScenarios();
    const tests = scenarios.map((scenario) => {
      // The evaluator's verdict per tier, from the minute counts.
      const evaluation = evaluate({ slo: variants[0]!.slo, now: scenario.now, minutes: scenario.minutes });
      const engineFiring = evaluation.alerts.filter((a) => a.condition).map((a) => a.name);
      const evaluationPerTier = variants.map((v) => evaluate({ slo: v.slo, now: scenario.now, minutes: scenario.minutes }));
      const firingPerTier = evaluationPerTier.map((e) => e.alerts.some((a) => a.condition));
      expect(variants.filter((_, i) => firingPerTier[i]).map((v) => v.tier), scenario.name).toEqual(scenario.firing);
      expect(engineFiring.length).toBeLessThanOrEqual(1);

      // The same minutes as Prometheus counters: the sample at minute i holds every event before it.
      const start = scenario.now - scenario.minutes.length * 60;
      let errors = 0;
      let total = 0;
      const errorValues = ['0'];
      const totalValues = ['0'];
      for (const m of scenario.minutes) {
        expect((m.minute - start) % 60).toBe(0);
        errors += m.total - m.good;
        total += m.total;
        errorValues.push(String(errors));
        totalValues.push(String(total));
      }
      expect(scenario.minutes.length % 60).toBe(0);
      const evalTime = `${scenario.minutes.length}m`;
      return {
        name: scenario.name,
        interval: '1m',
        input_series: [
          { series: 'http_requests_errors_total', values: errorValues.join(' ') },
          { series: 'http_requests_total', values: totalValues.join(' ') },
        ],
        promql_expr_test: variants.map((v, i) => ({
          expr: `count(${alertExpr(rules, v.slo)})`,
          eval_time: evalTime,
          exp_samples: firingPerTier[i] ? [{ labels: '{}', value: 1 }] : [],
        })),
      };
    });
    // JSON is YAML: promtool reads it as a test file. Every alert expression reads its window
    // ratios at eval_time only, each a rate() over the raw 1m series, so evaluating the rules
    // hourly gives the same verdict as every minute: 60× fewer evaluations (every minute, the
    // run took ~550 s on a busy 2-core machine). eval_time is a whole number of hours, so the
    // rules are evaluated at it.
    writeFileSync(join(dir, 'xcheck.test.yaml'), JSON.stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1h', tests }));
    const result = await promtool(['test', 'rules', 'xcheck.test.yaml'], dir);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  }, 120_000);
});
