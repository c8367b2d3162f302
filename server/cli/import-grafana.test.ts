import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** `octolens import grafana`, run as users run it: the real binary in a child process. */

const root = resolve(import.meta.dirname, '../..');
const fixture = join(root, 'server/dashboards/testdata/grafana-otel.json');

function octolens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'bin/octolens.mjs'), ...args], { cwd: root }, (err, stdout, stderr) => {
      done({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

describe('octolens import grafana', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the YAML to --out, reports what it did not convert on stderr, exits 3 for a partial conversion', async () => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-grafana-'));
    const out = join(dir, 'otel.yaml');
    const { code, stdout, stderr } = await octolens('import', 'grafana', fixture, '--out', out);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[5]).toBe(`${fixture}: panel 3 "Latency heatmap" (heatmap): not converted, no heatmap chart here (timeseries, stat, table, bar)`);
    expect(lines[11]).toBe(`wrote ${out}: 3 panels, 11 notes above`);
    expect(await readFile(out, 'utf8')).toBe(await readFile(join(root, 'server/dashboards/testdata/grafana-otel.yaml'), 'utf8'));
    // an existing file is kept
    expect((await octolens('import', 'grafana', fixture, '--out', out)).code).toBe(2);
  });

  it('exits 1 and writes nothing when no panel converts, or the file is not JSON', async () => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-grafana-'));
    const none = join(dir, 'text.json');
    await writeFile(none, JSON.stringify({ title: 'Readme', panels: [{ id: 1, type: 'text', title: 'Readme' }] }));
    const r = await octolens('import', 'grafana', none);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`${none}: no panel could be converted: nothing written`);
    await writeFile(none, '{ not json');
    const bad = await octolens('import', 'grafana', none);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`^octolens: cannot read ${none}: `));
  });

  it('documents itself in --help', async () => {
    const { code, stdout } = await octolens('import', 'grafana', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: octolens import grafana [options] <file.json>');
    expect(stdout).toContain('--out <file>');
  });
});
