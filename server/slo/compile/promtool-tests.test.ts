import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePrometheusRules, renderRuleFile } from './prometheus.js';
import { compilePromtoolTests, renderPromtoolTests, valuesNotation, type PromtoolTests } from './promtool-tests.js';
import { promtool, promtoolOrSkip } from './testdata/promtool.js';
import { allFixtures, slothGettingStarted } from './testdata/slos.js';

type Generated = Extract<PromtoolTests, { file: unknown }>;
const generated = (slo: Parameters<typeof compilePromtoolTests>[0]) => compilePromtoolTests(slo, `${slo.id}.rules.yaml`);

describe('compilePromtoolTests', () => {
  it('renders the golden test file for the Sloth example', async () => {
    const tests = generated(slothGettingStarted()) as Generated;
    await expect(renderPromtoolTests(tests)).toMatchFileSnapshot('testdata/golden/myservice-requests-availability.test.yaml');
  });

  it('writes a test per enabled tier, a quiet run, and a no-data run when configured', () => {
    const counts = Object.fromEntries(allFixtures().map((slo) => [slo.id, (() => { const t = generated(slo); return 'skipped' in t ? t.skipped : t.file.tests.length; })()]));
    expect(counts).toEqual({
      'myservice-requests-availability': 5,
      'checkout-availability': 6,
      'checkout-latency': 'span_latency SLIs are not counters a test can synthesize',
      'search-latency': 'histogram_threshold SLIs are not counters a test can synthesize',
      'wifi-availability': 'an error-ratio query has no counters to synthesize',
      'api-availability': 6,
      'payments-capture': 5,
      'checkout-log-errors': 'log SLIs have no Prometheus metrics to read; the hub evaluates this SLO from its own tables',
    });
  });

  it('isolates a tier from its siblings where the budget shares allow it', () => {
    const tests = generated(slothGettingStarted()) as Generated;
    expect(tests.comments.filter((c) => c.includes('holds too'))).toEqual([
      'ticket-fast: 3d clean, then 0.45% errors (1.5× its 0.3% threshold, 3× burn); at 3d16h30m it fires; ticket-slow holds too (same errors, same budget share)',
    ]);
  });

  it('skips SLOs whose annotations use templates it cannot predict', () => {
    const slo = slothGettingStarted();
    slo.alerting.annotations = { value: '{{ $value | humanizePercentage }}' };
    expect(generated(slo)).toMatchObject({ skipped: expect.stringContaining('annotation templates other than $labels') });
    const tiered = slothGettingStarted();
    tiered.alerting.tiers[0] = { ...tiered.alerting.tiers[0]!, annotations: { value: 'burning at {{ $value }}' } };
    expect(generated(tiered)).toMatchObject({ skipped: expect.stringContaining('burning at {{ $value }}') });
  });

  it('writes counters in promtool value notation', () => {
    expect(valuesNotation([0, 0, 0, 10, 20, 30, 30])).toBe('0 0+0x1 10+10x2 30+0x0');
  });
});

describe('promtool test rules on the generated files', () => {
  let dir = '';
  let enabled = false;
  beforeAll(async () => {
    enabled = await promtoolOrSkip();
    dir = await mkdtemp(join(tmpdir(), 'octolens-promtool-tests-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const testable = allFixtures().filter((slo) => !('skipped' in generated(slo)));
  it.concurrent.each(testable.map((slo) => [slo.id, slo] as const))(
    'passes for %s',
    async (id, slo) => {
      if (!enabled) return;
      await writeFile(join(dir, `${id}.rules.yaml`), renderRuleFile(compilePrometheusRules([slo])));
      await writeFile(join(dir, `${id}.test.yaml`), renderPromtoolTests(generated(slo) as Generated));
      const result = await promtool(['test', 'rules', `${id}.test.yaml`], dir);
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toContain('SUCCESS');
    },
    240_000,
  );

  it('fails when a tier threshold is wrong (the tests can catch a broken rule)', async () => {
    if (!enabled) return;
    const slo = slothGettingStarted();
    const rules = renderRuleFile(compilePrometheusRules([slo])).replaceAll('(14.4 * 0.001)', '(30 * 0.001)');
    await writeFile(join(dir, 'broken.rules.yaml'), rules);
    const tests = generated(slo) as Generated;
    tests.file.rule_files = ['broken.rules.yaml'];
    tests.file.tests = tests.file.tests.slice(0, 1);
    await writeFile(join(dir, 'broken.test.yaml'), renderPromtoolTests(tests));
    const result = await promtool(['test', 'rules', 'broken.test.yaml'], dir);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/FAILED:\n\s+alertname: MyServiceHighErrorRate, time: 6h\d\dm/);
  }, 120_000);
});
