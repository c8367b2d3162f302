import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether `promtool` (Debian package `prometheus`) is on PATH. */
export async function hasPromtool(): Promise<boolean> {
  try {
    await run('promtool', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Tests that need promtool skip without it on a workstation, and fail under CI=true,
 * where .ci/run installs it: a missing tool must not pass as green.
 */
export async function promtoolOrSkip(): Promise<boolean> {
  if (await hasPromtool()) return true;
  if (process.env.CI === 'true') throw new Error('promtool is missing under CI=true: install the Debian package "prometheus"');
  console.warn('promtool not found (Debian package "prometheus"): skipping the promtool checks');
  return false;
}

export async function promtool(args: string[], cwd?: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}
