import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** `octolens slo validate`, run as users run it: the real binary in a child process. */

const root = resolve(import.meta.dirname, '../..');

function octolens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'bin/octolens.mjs'), ...args], { cwd: root }, (err, stdout, stderr) => {
      done({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

describe('octolens slo validate', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints each error where it is, a summary, and exits 1', async () => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-validate-'));
    await writeFile(
      join(dir, 'checkout.yaml'),
      [
        'apiVersion: octolens/v1',
        'kind: SLO',
        'name: availability',
        'service: checkout',
        'objectve: 99.9',
        'period: 30 days',
        'sli: {spans: {total: {kind: server}, bad: {status: error}}}',
        '---',
        'apiVersion: octolens/v1',
        'kind: SLO',
        'name: latency',
        'service: checkout',
        'objective: 99',
        'sli: {latency: {spans: {kind: server}, threshold: 300ms}}',
        '',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await octolens('slo', 'validate', dir);
    expect(stdout.split('\n')).toEqual([
      'checkout.yaml:5:1: objectve: unknown field "objectve" (did you mean "objective"?)',
      'checkout.yaml:6:9: period: expected a duration such as 300ms, 30s, 5m, 1h or 7d (e.g. 30d), or {calendar: month}, got "30 days"',
      '1 SLO, 0 alert rules in 1 file; 2 errors',
      '',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });

  it('passes on slo-specs/', async () => {
    const { code, stdout, stderr } = await octolens('slo', 'validate', 'slo-specs');
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^\d+ SLOs, \d+ alert rules in \d+ files; 0 errors\n$/);
    expect(code).toBe(0);
  });

  it('gives JSON with --format json', async () => {
    const { code, stdout } = await octolens('slo', 'validate', '--format', 'json', 'slo-specs');
    const report = JSON.parse(stdout) as { valid: boolean; slos: { id: string; source: { file: string } }[]; errors: unknown[] };
    expect(code).toBe(0);
    expect(report.valid).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.slos.find((s) => s.id === 'octolens-api-availability')?.source.file).toBe('octolens/api.yaml');
  });

  it('exits 2 on usage errors', async () => {
    const missing = await octolens('slo', 'validate', join(tmpdir(), 'no-such-octolens-dir'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such directory');
    expect((await octolens('slo', 'validate')).code).toBe(2);
    expect((await octolens('slo', 'validate', '--format', 'xml', 'slo-specs')).code).toBe(2);
  });
});
