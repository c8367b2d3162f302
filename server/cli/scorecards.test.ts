import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** `octolens scorecards validate`, run as users run it: the real binary in a child process. */

const root = resolve(import.meta.dirname, '../..');

function octolens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'bin/octolens.mjs'), ...args], { cwd: root }, (err, stdout, stderr) => {
      done({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

describe('octolens scorecards validate', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('accepts the shipped default file', async () => {
    expect(await octolens('scorecards', 'validate', 'scorecards/default.yaml')).toEqual({ code: 0, stdout: '1 scorecard, 8 checks; 0 errors\n', stderr: '' });
  });

  it('prints each problem at file:line:column and exits 1', async () => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-scorecards-'));
    const file = join(dir, 'mine.yaml');
    await writeFile(file, 'apiVersion: octolens/v1\nkind: Scorecards\nscorecards:\n  - name: readiness\n    levels: [bronze, silver]\n    checks:\n      - id: traces\n        level: bronze\n        fact: sendsTrace\n      - id: slo\n        level: gold\n        fact: hasSlo\n');
    const r = await octolens('scorecards', 'validate', file);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      `${file}:9:15: scorecards[0].checks[0].fact: unknown fact "sendsTrace" (expected one of: ownedByGroup, hasDescription, hasSlo, sendsTraces, sendsLogs, sendsMetrics, sendsDeploys, hasCost, goldenPath, hasRunbook)`,
      '1 error',
      '',
    ]);
    // once the facts are right, the level is checked too
    await writeFile(file, 'apiVersion: octolens/v1\nkind: Scorecards\nscorecards:\n  - name: readiness\n    levels: [bronze, silver]\n    checks:\n      - id: traces\n        level: bronze\n        fact: sendsTraces\n      - id: slo\n        level: gold\n        fact: hasSlo\n');
    const second = await octolens('scorecards', 'validate', file);
    expect(second.stdout.split('\n')).toEqual([
      `${file}:11:16: scorecards[0].checks[1].level: unknown level "gold" (expected one of: bronze, silver)`,
      `${file}:5:22: scorecards[0].levels[1]: level "silver" has no check`,
      '2 errors',
      '',
    ]);
  });

  it('exits 2 for a file it cannot read', async () => {
    expect(await octolens('scorecards', 'validate', '/nonexistent.yaml')).toEqual({ code: 2, stdout: '', stderr: 'octolens: /nonexistent.yaml: no such file\n' });
  });
});
