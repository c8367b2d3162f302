import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { promtool, promtoolOrSkip } from '../slo/compile/testdata/promtool.js';

/** `octolens slo compile`, run as users and CI run it: the real binary in a child process. */

const root = resolve(import.meta.dirname, '../..');

function octolens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'bin/octolens.mjs'), ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      done({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

describe('octolens slo compile', () => {
  let dir = '';
  let hasPromtool = false;
  beforeAll(async () => {
    hasPromtool = await promtoolOrSkip();
  });
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('compiles slo-specs/ to a rule file promtool accepts', async () => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-compile-'));
    const out = join(dir, 'rules', 'slos.yaml');
    const { code, stderr } = await octolens('slo', 'compile', 'slo-specs', '--target', 'prometheus', '--out', out);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^\d+ SLOs compiled \(prometheus\) to /);
    const text = await readFile(out, 'utf8');
    expect(text).toContain('record: slo:sli_error:ratio_rate30d');
    if (!hasPromtool) return;
    const check = await promtool(['check', 'rules', out]);
    expect(check.ok, check.output).toBe(true);
  });

  it('prints spec errors as validate does, writes nothing and exits 1', async () => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-compile-'));
    await writeFile(join(dir, 'bad.yaml'), ['apiVersion: octolens/v1', 'kind: SLO', 'name: availability', 'service: checkout', 'objectve: 99.9', 'sli: {spans: {total: {kind: server}, bad: {status: error}}}', ''].join('\n'));
    const out = join(dir, 'out.yaml');
    const { code, stdout, stderr } = await octolens('slo', 'compile', dir, '--out', out);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('bad.yaml:5:1: objectve: unknown field "objectve" (did you mean "objective"?)');
    await expect(readFile(out, 'utf8')).rejects.toThrow();
  });

  it('wraps the rules in a PrometheusRule with --target prometheus-operator', async () => {
    const { code, stdout } = await octolens('slo', 'compile', 'slo-specs', '--target', 'prometheus-operator', '--namespace', 'observability', '--label', 'release=kps');
    expect(code).toBe(0);
    const rule = parse(stdout) as { kind: string; metadata: { namespace: string; labels: Record<string, string> }; spec: { groups: unknown[] } };
    expect(rule).toMatchObject({ kind: 'PrometheusRule', metadata: { namespace: 'observability', labels: { release: 'kps' } } });
    expect(rule.spec.groups.length).toBeGreaterThan(0);
  });

  it("prints the engine's ClickHouse plan with --target sql", async () => {
    const { code, stdout } = await octolens('slo', 'compile', 'slo-specs', '--target', 'sql');
    expect(code).toBe(0);
    expect(stdout).toContain('INSERT INTO slo_sli_minutes');
    expect(stdout).toContain('-- octolens-api-availability: span_ratio');
  });

  it('refuses --tests-dir with --target sql (exit 2)', async () => {
    const { code, stderr } = await octolens('slo', 'compile', 'slo-specs', '--target', 'sql', '--tests-dir', join(tmpdir(), 'never'));
    expect(code).toBe(2);
    expect(stderr).toContain('--tests-dir writes promtool tests');
  });

  it("writes promtool tests for Sloth's getting-started file that pass", async () => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-compile-'));
    await cp(join(root, 'server/slo/spec/testdata/sloth-getting-started'), join(dir, 'specs'), { recursive: true });
    const tests = join(dir, 'tests');
    const { code, stderr } = await octolens('slo', 'compile', join(dir, 'specs'), '--out', join(dir, 'rules.yaml'), '--tests-dir', tests);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`1 promtool test file in ${tests}`);
    expect((await readdir(tests)).sort()).toEqual(['myservice-requests-availability.rules.yaml', 'myservice-requests-availability.test.yaml']);
    if (!hasPromtool) return;
    const run = await promtool(['test', 'rules', 'myservice-requests-availability.test.yaml'], tests);
    expect(run.ok, run.output).toBe(true);
  }, 240_000);
});
