/**
 * One measurement: a fresh hub on a temp data dir, the load generator as a separate process,
 * then the hub is stopped (SIGINT drains the queue) and the stored spans are counted and the
 * engine ceiling is timed by store-check.ts on the same data dir.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './load.js';
import { root, startBenchHub } from './hub-process.js';
import type { StoreCheck } from './store-check.js';

/** The table each signal's rows land in. */
export const tableOf = { traces: 'otel_traces', logs: 'otel_logs' } as const;

export interface MeasureParams {
  /** what the loader sends (default traces); with logs, "spans" below are log records */
  signal?: keyof typeof tableOf;
  spans: number;
  batch: number;
  concurrency: number;
  /** OCTOLENS_* settings for the hub */
  env: Record<string, string>;
  /** e.g. ['--cpu-prof', '--cpu-prof-dir', dir] */
  hubNodeArgs?: string[];
}

export interface Measurement {
  settings: Record<string, string>;
  /** stored spans / (last ack − first send) */
  e2eSpansPerS: number;
  ackSpansPerS: number;
  load: LoadResult;
  stored: StoreCheck;
  hub: { readyRssBytes: number; peakRssBytes: number; maxSampledRssBytes: number; cpuS: number; cores: number; threads: Record<string, number>; drainS: number; exitCode: number | null };
  loaderCores: number;
  /** from the hub's /metrics: inserts made, their mean rows and seconds */
  batches: { count: number; meanRows: number; meanSeconds: number };
  /** cores busy with other processes on the machine during the load (noise, if > 0.1) */
  otherCores: number;
  /** the load's span on the monotonic clock, to cut a --cpu-prof profile to it */
  windowUs: { fromUs: number; toUs: number };
}

/** Busy CPU seconds of the whole machine, from the first line of /proc/stat. */
function machineBusyS(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/** Runs `node --import tsx <script> ...args` and parses the JSON line it prints. */
export function runJson<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as T);
      else reject(new Error(`${script} exited with ${code}:\n${err}${out}`));
    });
  });
}

/**
 * Waits (at most `maxS` seconds) until other processes use less than `cores` of the machine,
 * so a run does not start while someone else's build or test holds the 2 cores.
 * @returns the cores other processes used in the last second sampled
 */
export async function waitForQuiet(maxS: number, cores = 0.25): Promise<number> {
  const until = Date.now() + maxS * 1000;
  for (;;) {
    const before = machineBusyS();
    await new Promise((r) => setTimeout(r, 1000));
    const busy = machineBusyS() - before;
    if (busy < cores || Date.now() >= until) return busy;
  }
}

/** Batch count and mean size/duration from the hub's own Prometheus metrics. */
async function batchStats(apiUrl: string): Promise<Measurement['batches']> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const sum = (name: string) =>
    [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'gm'))].reduce((acc, m) => acc + Number(m[1]), 0);
  const count = sum('octolens_batch_insert_seconds_count');
  return { count, meanRows: Math.round(sum('octolens_batch_rows_total') / count), meanSeconds: +(sum('octolens_batch_insert_seconds_sum') / count).toFixed(3) };
}

export async function measure({ signal = 'traces', spans, batch, concurrency, env, hubNodeArgs = [] }: MeasureParams): Promise<Measurement> {
  const dataDir = mkdtempSync(join(tmpdir(), 'octolens-bench-'));
  try {
    const hub = await startBenchHub({ dataDir, env, nodeArgs: hubNodeArgs });
    const readyRss = hub.memory().rss;
    let maxRss = 0;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, hub.memory().rss)), 200);
    const cpuBefore = hub.cpuSeconds();
    const threadsBefore = hub.threadCpu();
    const machineBefore = machineBusyS();
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    let load: LoadResult;
    try {
      load = await runJson<LoadResult>('load.ts', ['--url', hub.otlpUrl, '--signal', signal, '--spans', String(spans), '--batch', String(batch), '--concurrency', String(concurrency)]);
    } finally {
      clearInterval(sampler);
    }
    const toUs = Number(process.hrtime.bigint() / 1000n);
    const machineBusy = machineBusyS() - machineBefore;
    const cpuS = hub.cpuSeconds() - cpuBefore;
    const threads = Object.fromEntries(Object.entries(hub.threadCpu()).map(([k, v]) => [k, +(v - (threadsBefore[k] ?? 0)).toFixed(2)]));
    const { hwm } = hub.memory();
    const batches = await batchStats(hub.apiUrl);
    const stopStarted = performance.now();
    const exitCode = await hub.stop();
    const drainS = (performance.now() - stopStarted) / 1000;
    if (exitCode !== 0) throw new Error(`hub exited with ${exitCode}:\n${hub.output()}`);
    // log storage is judged merged too: the parts a short run leaves are smaller than a day's
    const stored = await runJson<StoreCheck>('store-check.ts', [dataDir, tableOf[signal], ...(signal === 'logs' ? ['--merge'] : [])]);
    return {
      settings: env,
      e2eSpansPerS: load.elapsedS > 0 ? Math.round(stored.rows / load.elapsedS) : 0,
      ackSpansPerS: load.ackSpansPerS,
      load,
      stored,
      hub: { readyRssBytes: readyRss, peakRssBytes: hwm, maxSampledRssBytes: maxRss, cpuS, cores: cpuS / load.elapsedS, threads, drainS, exitCode },
      batches,
      loaderCores: (load.cpu.userS + load.cpu.sysS) / load.elapsedS,
      otherCores: Math.max(0, (machineBusy - cpuS - load.cpu.processS) / ((toUs - fromUs) / 1e6)),
      windowUs: { fromUs, toUs },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The machine is shared: waits (up to `quietWaitS`) for other processes' work to pass, and
 * measures again (at most twice more) when they still took more than 0.3 cores during the
 * run; keeps the quietest.
 */
export async function measureQuietly(params: MeasureParams, quietWaitS: number): Promise<Measurement> {
  let best: Measurement | undefined;
  for (let attempt = 0; attempt < 3 && (!best || best.otherCores > 0.3); attempt++) {
    const busy = await waitForQuiet(quietWaitS);
    if (busy >= 0.25) console.error(`other processes still use ${busy.toFixed(2)} cores; measuring anyway`);
    const m = await measure(params);
    if (m.otherCores > 0.3) console.error(`  other processes took ${m.otherCores.toFixed(2)} cores during the run (${m.e2eSpansPerS} ${params.signal === 'logs' ? 'records' : 'spans'}/s)${attempt < 2 ? '; measuring again' : ''}`);
    if (!best || m.otherCores < best.otherCores) best = m;
  }
  return best!;
}
