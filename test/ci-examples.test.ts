import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { promtoolOrSkip } from '../server/slo/compile/testdata/promtool.js';

/**
 * The example CI jobs in deploy/ci run their SLO steps here, on a copy of slo-specs/, with
 * `npx octolens` pointed at this checkout: an example that no longer works fails this test.
 * Installation steps (npm install, apt-get) are the runner's business and are skipped.
 */
const root = resolve(import.meta.dirname, '..');

function sh(script: string, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile('sh', ['-ec', script], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => done({ code: err ? Number(err.code) : 0, output: stdout + stderr }));
  });
}

const isInstall = (step: string) => /^(npm install|sudo apt-get|apt-get)/.test(step.trim());
const local = (step: string) => step.replaceAll('npx octolens', `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'bin/octolens.mjs'))}`);

async function githubSteps(): Promise<string[]> {
  const wf = parse(await readFile(join(root, 'deploy/ci/github-actions-slo.yaml'), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
  return Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s.run] : [])));
}

async function gitlabSteps(): Promise<string[]> {
  const ci = parse(await readFile(join(root, 'deploy/ci/gitlab-ci-slo.yaml'), 'utf8')) as Record<string, { script: string[] }>;
  return ci['slo-specs']!.script;
}

describe('deploy/ci SLO examples', () => {
  let dir = '';
  let promtool = false;
  beforeAll(async () => {
    promtool = await promtoolOrSkip();
  });
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['GitHub Actions', githubSteps],
    ['GitLab CI', gitlabSteps],
  ])('%s: validate, compile, promtool check and test pass on slo-specs/', async (_, steps) => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-ci-example-'));
    await cp(join(root, 'slo-specs'), join(dir, 'slo-specs'), { recursive: true });
    const run = (await steps()).filter((s) => !isInstall(s)).filter((s) => promtool || !s.includes('promtool'));
    expect(run.some((s) => s.includes('npx octolens slo validate slo-specs'))).toBe(true);
    expect(run.length).toBeGreaterThanOrEqual(promtool ? 4 : 2);
    for (const step of run) {
      const result = await sh(local(step), dir);
      expect(result.code, `${step}\n${result.output}`).toBe(0);
    }
  }, 240_000);
});
