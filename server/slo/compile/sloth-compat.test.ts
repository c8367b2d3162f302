import { describe, expect, it } from 'vitest';
import { compilePrometheusRules } from './prometheus.js';
import { isAlertingRule, isRecordingRule, type RuleFile } from './rule-file.js';
import { slothGettingStarted } from './testdata/slos.js';

/**
 * What Sloth emits for its getting-started example (slok/sloth examples/_gen/getting-started.yml,
 * Sloth v0.11+ alert shape), reduced to the structure its dashboards and alert routing rely on.
 * Sloth prints the objective as 0.9990000000000001 and the budget as 0.0009999999999999432
 * (float noise from dividing percentages by 100); compared numerically.
 */
const sloth = {
  sliWindows: ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'],
  metaRecords: [
    'slo:objective:ratio',
    'slo:error_budget:ratio',
    'slo:time_period:days',
    'slo:current_burn_rate:ratio',
    'slo:period_burn_rate:ratio',
    'slo:period_error_budget_remaining:ratio',
    'sloth_slo_info',
  ],
  idLabels: { sloth_id: 'myservice-requests-availability', sloth_service: 'myservice', sloth_slo: 'requests-availability' },
  sloLabels: { owner: 'myteam', repo: 'myorg/myservice', tier: '2' },
  objective: 0.9990000000000001,
  errorBudget: 0.0009999999999999432,
  periodDays: 30,
  infoObjective: '99.9',
  alerts: [
    { name: 'MyServiceHighErrorRate', severity: 'page', tiers: [['5m', '1h', 14.4], ['30m', '6h', 6]] },
    { name: 'MyServiceHighErrorRate', severity: 'ticket', tiers: [['2h', '1d', 3], ['6h', '3d', 1]] },
  ],
  alertLabels: [
    { category: 'availability', routing_key: 'myteam', severity: 'pageteam', sloth_severity: 'page' },
    { category: 'availability', severity: 'slack', slack_channel: '#alerts-myteam', sloth_severity: 'ticket' },
  ],
  alertAnnotations: [
    { summary: "High error rate on 'myservice' requests responses", title: '(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.' },
    { summary: "High error rate on 'myservice' requests responses", title: '(ticket) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.' },
  ],
};

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

/** `(short, long, factor)` per tier of an alert expression, with the budget each compares against. */
function tiersOf(expr: string): { tiers: [string, string, number][]; budgets: number[] } {
  const budgets: number[] = [];
  const tiers = expr.split(/\n\)\nor\n\(/).map((block) => {
    const windows = [...block.matchAll(/slo:sli_error:ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \* ([\d.]+)\)/g)];
    for (const w of windows) budgets.push(Number(w[3]));
    return [windows[0]![1]!, windows[1]![1]!, Number(windows[0]![2])] as [string, string, number];
  });
  return { tiers, budgets };
}

describe("Sloth's getting-started example", () => {
  const file: RuleFile = compilePrometheusRules([slothGettingStarted()]);
  // (the spec's summary annotation is the one Sloth's example sets)
  const rules = file.groups.flatMap((g) => g.rules);
  const records = rules.filter(isRecordingRule);

  it('records the SLI error ratio over the same windows, with the sloth_* labels', () => {
    const ratios = records.filter((r) => r.record.startsWith('slo:sli_error:ratio_rate'));
    expect(ratios.map((r) => r.record.replace('slo:sli_error:ratio_rate', ''))).toEqual(sloth.sliWindows);
    for (const r of ratios) expect(r.labels).toEqual({ ...sloth.idLabels, ...sloth.sloLabels, sloth_window: r.record.replace('slo:sli_error:ratio_rate', '') });
  });

  it('records the same metadata series, with the same objective, budget and period', () => {
    for (const name of sloth.metaRecords) {
      const rule = records.find((r) => r.record === name);
      expect(rule, name).toBeDefined();
      expect(rule!.labels).toMatchObject({ ...sloth.idLabels, ...sloth.sloLabels });
    }
    const value = (name: string) => Number(/vector\((?:1-)?([\d.]+)\)/.exec(records.find((r) => r.record === name)!.expr)![1]);
    expect(close(value('slo:objective:ratio'), sloth.objective)).toBe(true);
    expect(records.find((r) => r.record === 'slo:error_budget:ratio')!.expr).toBe(`vector(1-${value('slo:objective:ratio')})`);
    expect(value('slo:time_period:days')).toBe(sloth.periodDays);
    expect(records.find((r) => r.record === 'sloth_slo_info')!.labels?.sloth_objective).toBe(sloth.infoObjective);
  });

  it('alerts once per severity with the same names, windows and factors', () => {
    const alerts = rules.filter(isAlertingRule);
    expect(alerts.map((a) => ({ name: a.alert, severity: a.labels?.sloth_severity, tiers: tiersOf(a.expr).tiers }))).toEqual(sloth.alerts);
    for (const a of alerts) for (const b of tiersOf(a.expr).budgets) expect(close(b, sloth.errorBudget)).toBe(true);
    expect(alerts.map((a) => a.labels)).toEqual(sloth.alertLabels);
    expect(alerts.map((a) => a.annotations)).toEqual(sloth.alertAnnotations);
    // page_alert.for / ticket_alert.for of the spec
    expect(alerts.map((a) => a.for)).toEqual(['5m', '10m']);
  });

  it("uses Sloth's alert shape: max … without (sloth_window), tiers ORed", () => {
    const [page] = rules.filter(isAlertingRule);
    expect(page!.expr).toMatch(/^\(\n {4}max\(slo:sli_error:ratio_rate5m\{sloth_id="myservice-requests-availability", sloth_service="myservice", sloth_slo="requests-availability"\} > \(14\.4 \* 0\.001\)\) without \(sloth_window\)\n {4}and\n/);
    expect(page!.expr).toContain('\n)\nor\n(\n');
  });
});
