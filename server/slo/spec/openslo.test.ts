import { describe, expect, it } from 'vitest';
import { dedent, errorLines, loadFiles, warningLines } from './testing.js';

const sli = (name: string, ratio: string) => dedent`
  apiVersion: openslo/v1
  kind: SLI
  metadata: {name: ${name}}
  spec:
    ratioMetric:
` + ratio;

const prom = (query: string) => `{metricSource: {type: Prometheus, spec: {query: '${query}'}}}`;

const slo = (spec: string) => dedent`
  apiVersion: openslo/v1
  kind: SLO
  metadata: {name: checkout}
  spec:
    service: shop
` + spec;

const objectives = '  objectives: [{target: 0.99}]\n';

describe('OpenSLO v1', () => {
  it.each([
    ['good and total: errors are total − good', `      good: ${prom('sum(rate(ok[{{.window}}]))')}\n      total: ${prom('sum(rate(all[{{.window}}]))')}\n`, { errorQuery: '(sum(rate(all[{{.window}}]))) - (sum(rate(ok[{{.window}}])))', totalQuery: 'sum(rate(all[{{.window}}]))' }],
    ['bad and total', `      bad: ${prom('sum(rate(err[{{.window}}]))')}\n      total: ${prom('sum(rate(all[{{.window}}]))')}\n`, { errorQuery: 'sum(rate(err[{{.window}}]))', totalQuery: 'sum(rate(all[{{.window}}]))' }],
    ['bare counters get a rate per window', `      counter: true\n      bad: ${prom('requests_total{code="500"}')}\n      total: ${prom('requests_total')}\n`, { errorQuery: 'sum(rate(requests_total{code="500"}[{{.window}}]))', totalQuery: 'sum(rate(requests_total[{{.window}}]))' }],
    ['a raw failure ratio', `      rawType: failure\n      raw: ${prom('error_ratio{job="x"}')}\n`, { errorRatioQuery: 'avg(avg_over_time(error_ratio{job="x"}[{{.window}}]))' }],
    ['a raw success ratio', `      rawType: success\n      raw: ${prom('avg_over_time(success_ratio[{{.window}}])')}\n`, { errorRatioQuery: '1 - (avg_over_time(success_ratio[{{.window}}]))' }],
  ])('ratioMetric: %s', async (_, ratio, queries) => {
    const result = await loadFiles({ 'sli.yaml': sli('ratio', ratio), 'slo.yaml': slo(`  indicatorRef: ratio\n${objectives}`) });
    expect(errorLines(result)).toEqual([]);
    expect(result.slos[0]!.sli).toEqual({ kind: 'promql', ...queries });
  });

  it('warns about a query it cannot widen to each window', async () => {
    const result = await loadFiles({ 'sli.yaml': sli('ratio', `      good: ${prom('sum(rate(ok[5m]))')}\n      total: ${prom('sum(rate(all[{{.window}}]))')}\n`), 'slo.yaml': slo(`  indicatorRef: ratio\n${objectives}`) });
    expect(errorLines(result)).toEqual([]);
    expect(warningLines(result)).toEqual(['sli.yaml:6:61: warning: spec.ratioMetric.good.metricSource.spec.query: has no {{.window}} range: every window (5m … 30d) evaluates it as written']);
  });

  it.each([
    ['an SLI that does not exist', { 'slo.yaml': slo(`  indicatorRef: ratoi\n${objectives}`), 'sli.yaml': sli('ratio', `      bad: ${prom('e')}\n      total: ${prom('t')}\n`) }, ['slo.yaml:6:17: spec.indicatorRef: no SLI named "ratoi" (did you mean "ratio"?)']],
    ['neither indicator nor indicatorRef', { 'slo.yaml': slo(objectives) }, ['slo.yaml:4:1: spec: needs indicator (an inline SLI) or indicatorRef (the name of an SLI)']],
    [
      'a source other than Prometheus',
      { 'slo.yaml': slo(`  indicatorRef: dd\n${objectives}`), 'sli.yaml': sli('dd', "      good: {metricSource: {type: Datadog, spec: {query: 'sum:hits{ok}'}}}\n      total: {metricSource: {type: Datadog, spec: {query: 'sum:hits{*}'}}}\n") },
      ['sli.yaml:6:35: spec.ratioMetric.good.metricSource.type: only Prometheus metric sources can be imported, got "Datadog"', 'sli.yaml:7:36: spec.ratioMetric.total.metricSource.type: only Prometheus metric sources can be imported, got "Datadog"'],
    ],
    [
      'a DataSource that does not exist',
      { 'slo.yaml': slo(`  indicatorRef: r\n${objectives}`), 'sli.yaml': sli('r', "      bad: {metricSource: {metricSourceRef: prom, spec: {query: e}}}\n      total: {metricSource: {metricSourceRef: prom, spec: {query: t}}}\n") },
      ['sli.yaml:6:45: spec.ratioMetric.bad.metricSource.metricSourceRef: no DataSource named "prom"', 'sli.yaml:7:47: spec.ratioMetric.total.metricSource.metricSourceRef: no DataSource named "prom"'],
    ],
    ['RatioTimeslices budgeting', { 'slo.yaml': slo(`  indicatorRef: r\n  budgetingMethod: RatioTimeslices\n${objectives}`) }, ['slo.yaml:7:20: spec.budgetingMethod: RatioTimeslices is not supported (use Occurrences or Timeslices)']],
    [
      'a calendar window of a minute (1m, not 1M)',
      { 'slo.yaml': slo(`  indicatorRef: r\n  timeWindow: [{duration: 1m, calendar: {startTime: 2022-01-01 12:00:00, timeZone: America/New_York}}]\n${objectives}`), 'sli.yaml': sli('r', `      bad: ${prom('e')}\n      total: ${prom('t')}\n`) },
      ['slo.yaml:7:27: spec.timeWindow[0].duration: calendar time windows must last one week or one month (1w or 1M), got "1m"'],
    ],
    ['Timeslices without a slice target', { 'slo.yaml': slo(`  indicatorRef: r\n  budgetingMethod: Timeslices\n${objectives}`), 'sli.yaml': sli('r', `      bad: ${prom('e')}\n      total: ${prom('t')}\n`) }, ['slo.yaml:8:16: spec.objectives[0].timeSliceTarget: is required with Timeslices budgeting']],
    ['a composite SLO', { 'slo.yaml': slo('  objectives:\n    - {target: 0.99, indicatorRef: r}\n') }, ['slo.yaml:7:7: spec.objectives[0]: composite SLOs (an indicator per objective) are not supported']],
    ['both target and targetPercent', { 'slo.yaml': slo(`  indicatorRef: r\n  objectives: [{target: 0.99, targetPercent: 99}]\n`), 'sli.yaml': sli('r', `      bad: ${prom('e')}\n      total: ${prom('t')}\n`) }, ['slo.yaml:7:46: spec.objectives[0].targetPercent: give target or targetPercent, not both']],
    ['good and bad both given', { 'sli.yaml': sli('r', `      good: ${prom('g')}\n      bad: ${prom('e')}\n      total: ${prom('t')}\n`) }, ['sli.yaml:7:7: spec.ratioMetric.bad: give good or bad, not both']],
    ['a duplicate name', { 'a.yaml': sli('r', `      bad: ${prom('e')}\n      total: ${prom('t')}\n`), 'b.yaml': sli('r', `      bad: ${prom('e')}\n      total: ${prom('t')}\n`) }, ['b.yaml:3:18: metadata.name: duplicate SLI "r", also defined at a.yaml:1:1']],
    ['an unknown kind', { 'a.yaml': 'apiVersion: openslo/v1\nkind: Objective\n' }, ['a.yaml:2:7: kind: unknown kind "Objective" for openslo/v1 (expected one of: SLO, SLI, AlertPolicy, AlertCondition, AlertNotificationTarget, Service, DataSource)']],
  ])('reports %s', async (_, files, lines) => {
    expect(errorLines(await loadFiles(files))).toEqual(lines);
  });

  it('reads a threshold metric as the share of minutes that miss the threshold', async () => {
    const result = await loadFiles({
      'slo.yaml': slo("  indicator:\n    metadata: {name: p99}\n    spec:\n      thresholdMetric: {metricSource: {type: prometheus, spec: {query: 'p99_latency_seconds'}}}\n  objectives: [{op: lt, value: 0.5, targetPercent: 99}]\n"),
    });
    expect(errorLines(result)).toEqual([]);
    expect(result.slos[0]).toMatchObject({ objective: 0.99, sli: { kind: 'promql', errorRatioQuery: '1 - avg(avg_over_time(((p99_latency_seconds) < bool 0.5)[{{.window}}:1m]))' } });
  });

  it('maps inline alert policies and conditions to tiers; lt/lte is read as "above", with a warning', async () => {
    const result = await loadFiles({
      'slo.yaml': slo(`  indicatorRef: r
  objectives: [{target: 0.999}]
  alertPolicies:
    - kind: AlertPolicy
      metadata: {name: cpu}
      spec:
        alertWhenBreaching: false
        conditions:
          - kind: AlertCondition
            metadata: {name: CPU usage breach}
            spec:
              severity: sev2
              condition: {kind: burnrate, op: lte, threshold: 2, lookbackWindow: 5m, alertAfter: 5m}
`),
      'sli.yaml': sli('r', `      bad: ${prom('e[{{.window}}]')}\n      total: ${prom('t[{{.window}}]')}\n`),
    });
    expect(errorLines(result)).toEqual([]);
    expect(warningLines(result)).toEqual(['slo.yaml:18:47: warning: spec.alertPolicies[0].spec.conditions[0].spec.condition.op: read as "burn rate above 2": a burn-rate alert fires when the budget burns faster than the threshold']);
    expect(result.slos[0]!.alerting.tiers).toEqual([{ name: 'cpu-usage-breach', severity: 'ticket', longWindowSeconds: 300, shortWindowSeconds: 60, burnRate: 2, forSeconds: 300, enabled: false }]);
  });

  it('reports a missing policy or condition at the reference', async () => {
    const result = await loadFiles({
      'slo.yaml': slo(`  indicatorRef: r\n${objectives}  alertPolicies:\n    - alertPolicyRef: pager\n`),
      'policy.yaml': 'apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata: {name: page}\nspec:\n  conditions:\n    - conditionRef: fast\n',
      'sli.yaml': sli('r', `      bad: ${prom('e')}\n      total: ${prom('t')}\n`),
    });
    expect(errorLines(result)).toEqual(['slo.yaml:9:23: spec.alertPolicies[0].alertPolicyRef: no AlertPolicy named "pager" (did you mean "page"?)']);
  });
});

describe('OpenSLO v1alpha', () => {
  const alpha = (objective: string, extra = '') => `apiVersion: openslo/v1alpha\nkind: SLO\nmetadata: {name: avail}\nspec:\n  service: shop\n${extra}  objectives:\n${objective}`;

  it.each([
    ['a source other than Prometheus', alpha('    - target: 0.99\n      ratioMetrics:\n        good: {source: datadog, queryType: query, query: a}\n        total: {source: prometheus, queryType: promql, query: b}\n'), ['a.yaml:9:24: spec.objectives[0].ratioMetrics.good.source: only Prometheus sources can be imported, got "datadog"']],
    ['a target as a percentage', alpha('    - target: 99.9\n      ratioMetrics:\n        good: {source: prometheus, queryType: promql, query: a}\n        total: {source: prometheus, queryType: promql, query: b}\n'), ['a.yaml:7:15: spec.objectives[0].target: must be below 1, got 99.9']],
    ['an objective with nothing to measure', alpha('    - target: 0.99\n'), ['a.yaml:7:7: spec.objectives[0]: needs ratioMetrics, or a thresholdMetric indicator on the SLO']],
    ['a calendar quarter', alpha('    - target: 0.99\n', '  timeWindows: [{unit: Quarter, count: 1, calendar: {startTime: "2024-01-01 00:00:00", timeZone: UTC}}]\n'), ['a.yaml:6:17: spec.timeWindows[0]: calendar time windows must last one week or one month (count: 1, unit: Week or Month), got 1 Quarter']],
  ])('reports %s', async (_, text, lines) => {
    expect(errorLines(await loadFiles({ 'a.yaml': text }))).toEqual(lines);
  });

  it('reads timeslices with one-minute slices and a calendar week', async () => {
    const result = await loadFiles({
      'a.yaml': alpha(
        '    - target: 0.99\n      timeSliceTarget: 0.9\n      ratioMetrics:\n        good: {source: prometheus, queryType: promql, query: good_total}\n        total: {source: prometheus, queryType: promql, query: all_total}\n',
        '  budgetingMethod: Timeslices\n  timeWindows: [{unit: Week, count: 1, isRolling: false, calendar: {startTime: "2024-01-01 00:00:00", timeZone: Europe/Berlin}}]\n',
      ),
    });
    expect(errorLines(result)).toEqual([]);
    expect(result.slos[0]).toMatchObject({
      period: { kind: 'calendar', unit: 'week', timezone: 'Europe/Berlin' },
      budgeting: { method: 'timeslices', sliceSeconds: 60, sliceObjective: 0.9 },
      sli: { kind: 'promql', errorQuery: '(sum(rate(all_total[{{.window}}]))) - (sum(rate(good_total[{{.window}}])))', totalQuery: 'sum(rate(all_total[{{.window}}]))' },
    });
  });
});
