/**
 * bench/cost: a generated FOCUS file of ROWS rows (default 1,000,000: one month of three
 * providers, 20 teams, 200 services, messy tag keys, credits, reservation-covered usage,
 * purchases, tax and support as shared costs) imported through the real route by the real CLI
 * (`octolens import focus`, streamed) into a real hub (embedded chDB), then the showback query
 * by team over that month through GET /api/v1/cost. Prints rows/s, the hub's and the CLI's
 * peak RSS, and the query's latencies; run it twice to see the re-import (a second generation
 * of the same period) and the query over both.
 *
 *   npx tsx bench/cost/run.ts [--rows 1000000] [--runs 10]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generate } from './generate.js';
import type { CostResult } from '../../shared/api.js';
import { root, startBenchHub } from '../ingest-traces/hub-process.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 1_000_000);
const RUNS = arg('runs', 10);

const rules = `keys:
  team: [team, owner]
shared:
  - name: tax
    match: { chargeCategory: Tax }
    split: proportional
`;

interface ImportRun {
  seconds: number;
  rowsPerSecond: number;
  cliPeakRssMiB: number;
  hubPeakRssMiB: number;
  exit: number | null;
  summary: string;
}

const mib = (b: number) => Math.round(b / 1048576);
const vmHwm = (pid: number) => {
  try {
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
};

async function importOnce(file: string, hubUrl: string, hubMemory: () => { hwm: number }): Promise<ImportRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/octolens.mjs'), 'import', 'focus', file, '--hub', hubUrl, '--no-progress'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let cliPeak = 0;
  const sampler = setInterval(() => (cliPeak = Math.max(cliPeak, vmHwm(child.pid!))), 100);
  const [exit] = (await once(child, 'exit')) as [number | null];
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, rowsPerSecond: ROWS / seconds, cliPeakRssMiB: mib(cliPeak), hubPeakRssMiB: mib(hubMemory().hwm), exit, summary: out.trim() };
}

async function showback(hubUrl: string): Promise<{ p50: number; p95: number; max: number; answer: CostResult }> {
  const url = `${hubUrl}/api/v1/cost?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&groupBy=team`;
  let answer: CostResult | undefined;
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`GET /api/v1/cost → ${res.status}: ${await res.text()}`);
    answer = (await res.json()) as CostResult;
    if (i > 0) times.push(performance.now() - t); // the first is a warm-up
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]!);
  return { p50: at(0.5), p95: at(0.95), max: Math.round(times[times.length - 1]!), answer: answer! };
}

const dir = mkdtempSync(join(tmpdir(), 'octolens-bench-cost-'));
try {
  const file = join(dir, 'focus-1m.csv');
  const g = performance.now();
  await generate(file, ROWS);
  console.log(`generated ${ROWS} rows, ${mib(statSync(file).size)} MiB in ${((performance.now() - g) / 1000).toFixed(1)} s`);
  writeFileSync(join(dir, 'rules.yaml'), rules);
  const hub = await startBenchHub({ dataDir: join(dir, 'data'), env: { OCTOLENS_COST_RULES: join(dir, 'rules.yaml') } });
  try {
    console.log(`hub ready, RSS ${mib(hub.memory().rss)} MiB`);
    for (const round of [1, 2]) {
      const run = await importOnce(file, hub.apiUrl, () => hub.memory());
      console.log(`import ${round}: ${run.seconds.toFixed(1)} s, ${Math.round(run.rowsPerSecond)} rows/s, CLI peak RSS ${run.cliPeakRssMiB} MiB, hub peak RSS so far ${run.hubPeakRssMiB} MiB, exit ${run.exit}`);
      console.log(run.summary.split('\n').map((l) => `    ${l}`).join('\n'));
      const q = await showback(hub.apiUrl);
      console.log(`showback by team, one month (${RUNS} runs after a warm-up): p50 ${q.p50} ms, p95 ${q.p95} ms, max ${q.max} ms; total effective ${q.answer.total.effectiveCost} USD, ${q.answer.groups.length} groups`);
    }
  } finally {
    await hub.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
