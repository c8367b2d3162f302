/** The suite's registry and the report, run as `npm run bench*` runs them (no benchmark is run). */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { benchmarks } from './suite.js';

const root = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const tsx = (script: string, args: string[]) => run(process.execPath, ['--import', 'tsx', join(root, script), ...args], { cwd: root });

describe('npm run bench', () => {
  it('lists a script that exists for every benchmark, and every bench:* script of package.json among them', () => {
    for (const b of benchmarks) expect(existsSync(join(root, b.script)), b.script).toBe(true);
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const named = Object.entries(scripts).filter(([k]) => k.startsWith('bench:') && k !== 'bench:report');
    for (const [name, command] of named) expect(benchmarks.map((b) => `tsx ${b.script}`), name).toContain(command);
  });

  it('answers --help with every benchmark, and an unknown name with exit code 2 and its name', async () => {
    const { stdout } = await tsx('bench/run.ts', ['--help']);
    for (const b of benchmarks) expect(stdout).toContain(`  ${b.name.padEnd(21)}${b.doc}`);
    const err = (await tsx('bench/run.ts', ['ingest-trace']).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr).toBe('unknown benchmark: ingest-trace (see npm run bench -- --help)\n');
  });

  it('renders every target and every benchmark into the report, each result linked to a file that exists', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'octolens-report-')), 'performance.md');
    await tsx('bench/report.ts', ['--out', out]);
    const text = readFileSync(out, 'utf8');
    const section = (title: string) => text.split(`\n## ${title}`)[1]!.split('\n## ')[0]!.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| what') && !l.startsWith('| name'));
    expect(section('Targets')).toHaveLength(12);
    expect(section('Benchmarks').map((l) => l.split(' | ')[0])).toEqual(benchmarks.map((b) => `| \`${b.name}\``));
    for (const [, link] of text.matchAll(/\]\(\.\.\/(bench\/results\/[^)]+)\)/g)) expect(existsSync(join(root, link!)), link).toBe(true);
  });
});
