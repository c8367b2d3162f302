import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPrometheusRules } from './operator.js';
import { compilePrometheusRules, renderRuleFile } from './prometheus.js';
import { isAlertingRule } from './rule-file.js';
import { promtool, promtoolOrSkip } from './testdata/promtool.js';
import { allFixtures, checkoutLatency, checkoutMetricRatio, logRatio, rawRatio, searchTimeslices, slothGettingStarted } from './testdata/slos.js';

describe('compilePrometheusRules', () => {
  it('renders a Sloth-style SLO to the golden rule file', async () => {
    await expect(renderRuleFile(compilePrometheusRules([slothGettingStarted()]))).toMatchFileSnapshot('testdata/golden/sloth-getting-started.rules.yaml');
  });

  it('renders every fixture kind to the golden rule file', async () => {
    await expect(renderRuleFile(compilePrometheusRules(allFixtures()))).toMatchFileSnapshot('testdata/golden/all-fixtures.rules.yaml');
  });

  it('records the period ratio from error and total events, not from 5m ratios', () => {
    const rules = compilePrometheusRules([slothGettingStarted()]).groups[0]!.rules;
    const period = rules.find((r) => !isAlertingRule(r) && r.record === 'slo:sli_error:ratio_rate30d');
    expect(period?.expr).toMatch(/^sum_over_time\(slo:sli_error:events_rate5m\{.*\}\[30d\]\)\n\/\nsum_over_time\(slo:sli_total:events_rate5m\{.*\}\[30d\]\)$/);
    expect(rules.map((r) => (isAlertingRule(r) ? r.alert : r.record)).slice(0, 2)).toEqual(['slo:sli_error:events_rate5m', 'slo:sli_total:events_rate5m']);
  });

  it('keeps group-by labels in every sum so each group is its own series', () => {
    const [sli] = compilePrometheusRules([checkoutMetricRatio()]).groups;
    for (const rule of sli!.rules.filter((r) => !isAlertingRule(r) && !r.record.endsWith('4w'))) {
      for (const sum of rule.expr.match(/sum(?: by \([^)]*\))? \(rate/g) ?? []) expect(sum).toBe('sum by (http_route) (rate');
    }
  });

  it('maps OTel names: dots to underscores, counters get _total, service.name is job', () => {
    const [sli] = compilePrometheusRules([checkoutMetricRatio()]).groups;
    expect(sli!.rules[1]).toMatchObject({ record: 'slo:sli_total:events_rate5m', expr: 'sum by (http_route) (rate(http_server_requests_total{job="checkout"}[5m]))' });
  });

  it('translates span SLIs to the spanmetrics connector and says so', () => {
    const [sli] = compilePrometheusRules([checkoutLatency()]).groups;
    expect(sli!.comment).toContain('spanmetrics connector');
    expect(sli!.rules[0]!.expr).toBe(
      'sum(rate(traces_span_metrics_duration_seconds_count{service_name="checkout",span_kind="SPAN_KIND_SERVER"}[5m])) - ' +
        'sum(rate(traces_span_metrics_duration_seconds_bucket{service_name="checkout",span_kind="SPAN_KIND_SERVER",le="0.3"}[5m]))',
    );
  });

  it('skips log and event SLIs with the reason in the file comment', () => {
    const file = compilePrometheusRules([logRatio()]);
    expect(file.groups).toEqual([]);
    expect(file.comment).toContain('checkout-log-errors (checkout.yaml:1): log SLIs have no Prometheus metrics');
  });

  it('records non-standard tier windows and the timeslice length', () => {
    const records = compilePrometheusRules([searchTimeslices()]).groups[0]!.rules.map((r) => (isAlertingRule(r) ? r.alert : r.record));
    expect(records).toEqual(expect.arrayContaining(['slo:sli_error:ratio_rate1m', 'slo:sli_error:ratio_rate10m', 'slo:sli_error:ratio_rate1w']));
  });

  it('splits a severity into one alert per tier when their `for` differ', () => {
    const alerts = compilePrometheusRules([checkoutLatency()]).groups[2]!.rules.filter(isAlertingRule);
    expect(alerts.map((a) => [a.labels?.sloth_severity, a.labels?.octolens_tier ?? null, a.for ?? null])).toEqual([
      ['page', 'page-fast', null],
      ['page', 'page-slow', '10m'],
      ['ticket', null, null],
    ]);
  });

  it("puts the tiers' own labels and annotations on their severity's alert, split when they differ", () => {
    const slo = slothGettingStarted();
    const [page, ticket] = compilePrometheusRules([slo]).groups[2]!.rules.filter(isAlertingRule);
    expect(page!.labels).toEqual({ category: 'availability', routing_key: 'myteam', severity: 'pageteam', sloth_severity: 'page' });
    expect(ticket!.labels).toEqual({ category: 'availability', severity: 'slack', slack_channel: '#alerts-myteam', sloth_severity: 'ticket' });
    slo.alerting.tiers[0] = { ...slo.alerting.tiers[0]!, annotations: { runbook: 'https://runbooks.example/fast' } };
    const split = compilePrometheusRules([slo]).groups[2]!.rules.filter(isAlertingRule);
    expect(split.map((a) => [a.labels?.octolens_tier ?? null, a.annotations?.runbook ?? null])).toEqual([
      ['page-fast', 'https://runbooks.example/fast'],
      ['page-slow', null],
      [null, null],
    ]);
  });

  it('guards tiers with minEvents over the long window, and says when it cannot', () => {
    const [page] = compilePrometheusRules([checkoutMetricRatio()]).groups[2]!.rules.filter(isAlertingRule);
    expect(page!.expr).toContain('[1h]) * 3600 >= 100)');
    expect(page!.expr).toContain('[6h]) * 21600 >= 100)');
    const [raw] = compilePrometheusRules([rawRatio()]).groups[2]!.rules.filter(isAlertingRule);
    expect(raw!.comment).toContain('minEvents (10) is not applied');
  });

  it('refuses two SLOs with one id', () => {
    expect(() => compilePrometheusRules([slothGettingStarted(), slothGettingStarted()])).toThrow(/two SLOs share the id "myservice-requests-availability"/);
  });
});

describe('promtool check rules', () => {
  let dir = '';
  let enabled = false;
  beforeAll(async () => {
    enabled = await promtoolOrSkip();
    dir = await mkdtemp(join(tmpdir(), 'octolens-rules-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts the groups of every PrometheusRule the operator target writes', async () => {
    if (!enabled) return;
    const docs = parseAllDocuments(renderPrometheusRules(compilePrometheusRules(allFixtures()), { maxBytes: 30_000 }));
    expect(docs.length).toBeGreaterThan(1);
    for (const [i, doc] of docs.entries()) {
      const file = join(dir, `operator-${i}.yaml`);
      await writeFile(file, stringify((doc.toJS() as { spec: unknown }).spec));
      const result = await promtool(['check', 'rules', file]);
      expect(result.ok, result.output).toBe(true);
    }
  });

  const cases = [['all fixtures', allFixtures()], ...allFixtures().map((slo) => [slo.id, [slo]] as const)] as const;
  it.each(cases)('accepts the compiled rules of %s', async (name, slos) => {
    if (!enabled) return;
    const file = join(dir, `${name.replace(/\W/g, '_')}.yaml`);
    await writeFile(file, renderRuleFile(compilePrometheusRules([...slos])));
    const result = await promtool(['check', 'rules', file]);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok, result.output).toBe(true);
  });
});
