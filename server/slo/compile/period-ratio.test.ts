import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from './burn-simulation.js';
import { compilePrometheusRules, renderRuleFile } from './prometheus.js';
import { promtool, promtoolOrSkip } from './testdata/promtool.js';
import { slothGettingStarted } from './testdata/slos.js';

/**
 * Uneven traffic: a quiet hour with 10 requests, all failing, then a busy hour with 100k
 * requests, none failing. 10 of 100,010 requests failed: ~0.01%. Sloth's period ratio, an
 * average of 5-minute ratios, weighs the quiet hour's twelve 100% windows like the busy
 * hour's twelve 0% ones and says 50% (and a budget overspent 500 times).
 */
const quietHour = { requests: 10, errors: 10 };
const busyHour = { requests: 100_000, errors: 0 };

const perMinute = (n: number) => n / 60;
const filter = '{sloth_id="myservice-requests-availability", sloth_service="myservice", sloth_slo="requests-availability"}';
const labels = 'owner="myteam", repo="myorg/myservice", sloth_id="myservice-requests-availability", sloth_service="myservice", sloth_slo="requests-availability", tier="2"';

function counter(quiet: number, busy: number): string {
  return `0 ${perMinute(quiet)}+${perMinute(quiet)}x59 ${quiet + perMinute(busy)}+${perMinute(busy)}x59`;
}

function testFile(): string {
  return stringify({
    rule_files: ['rules.yaml'],
    evaluation_interval: '5m',
    group_eval_order: ['octolens-slo-sli-recordings-myservice-requests-availability', 'octolens-slo-meta-recordings-myservice-requests-availability'],
    tests: [
      {
        interval: '1m',
        input_series: [
          { series: 'http_request_duration_seconds_count{job="myservice", code="500"}', values: counter(quietHour.errors, busyHour.errors) },
          { series: 'http_request_duration_seconds_count{job="myservice", code="200"}', values: counter(quietHour.requests - quietHour.errors, busyHour.requests - busyHour.errors) },
        ],
        promql_expr_test: [
          // event-weighted, in parts per million: 10 / 100,010 = 99.99 ppm
          { expr: `round(slo:sli_error:ratio_rate30d${filter} * 1e6)`, eval_time: '2h', exp_samples: [{ labels: `{${labels}, sloth_window="30d"}`, value: 100 }] },
          // Sloth's average of 5m ratios over the same samples, in percent
          {
            expr: `round(100 * sum_over_time(slo:sli_error:ratio_rate5m${filter}[30d]) / count_over_time(slo:sli_error:ratio_rate5m${filter}[30d]))`,
            eval_time: '2h',
            exp_samples: [{ labels: `{${labels}, sloth_window="5m"}`, value: 50 }],
          },
          // the budget left: 90% here; Sloth's ratio would put it at 1 − 0.5 / 0.001 = −49,900%
          { expr: `round(slo:period_error_budget_remaining:ratio${filter} * 1000)`, eval_time: '2h', exp_samples: [{ labels: `{${labels}, sloth_window="30d"}`, value: 900 }] },
        ],
      },
    ],
  });
}

describe('event-weighted period ratio', () => {
  let dir = '';
  let enabled = false;
  beforeAll(async () => {
    enabled = await promtoolOrSkip();
    dir = await mkdtemp(join(tmpdir(), 'octolens-period-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is what the simulation computes: errors / requests, not an average of ratios', () => {
    const errors = [0];
    const total = [0];
    for (let m = 1; m <= 120; m++) {
      const hour = m <= 60 ? quietHour : busyHour;
      errors.push(errors[m - 1]! + perMinute(hour.errors));
      total.push(total[m - 1]! + perMinute(hour.requests));
    }
    const ratio = simulate(slothGettingStarted(), { errors, total }, 5).periodRatio(120);
    expect(ratio).toBeCloseTo(10 / 100_010, 12);
  });

  it('records ~0.01% where Sloth would record ~50% (promtool)', async () => {
    if (!enabled) return;
    await writeFile(join(dir, 'rules.yaml'), renderRuleFile(compilePrometheusRules([slothGettingStarted()])));
    await writeFile(join(dir, 'period.test.yaml'), testFile());
    const result = await promtool(['test', 'rules', 'period.test.yaml'], dir);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok, result.output).toBe(true);
  });
});
