/**
 * The three receivers, each a real server process on free ports with its own empty storage:
 * Octolens (`octolens start`, embedded), Prometheus (`--web.enable-remote-write-receiver`) and
 * VictoriaMetrics, all from this machine's packages. Each can say how many samples of job
 * "node" it holds, counted by its own query engine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from '../../test/support/daemon.js';
import { freePort } from '../../test/support/hub.js';
import { PROMETHEUS_BIN } from '../../test/support/prometheus.js';
import { root, startBenchHub } from '../ingest-traces/hub-process.js';
import { familyNames } from './series.js';

export const VICTORIA_METRICS_BIN = process.env.VICTORIA_METRICS_BIN ?? '/usr/bin/victoria-metrics';

export interface Receiver {
  name: string;
  version: string;
  writeUrl: string;
  pid: number;
  /** samples of job "node" it stores; Octolens counts after it stopped (chDB opens a data dir once) */
  storedSamples(): Promise<number>;
  stop(): Promise<void>;
  /** removes its storage */
  cleanup(): void;
}

const run = (bin: string, args: string[]) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(bin, args, { cwd: root });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${bin} ${args.join(' ')} exited with ${code}:\n${out}`))));
  });

/** A PromQL instant query's single number, through the HTTP API both Prometheus and VictoriaMetrics serve. */
async function promqlNumber(base: string, query: string, extra: Record<string, string> = {}): Promise<number> {
  const url = new URL('/api/v1/query', base);
  url.search = new URLSearchParams({ query, time: String(Date.now() / 1000), ...extra }).toString();
  const body = (await (await fetch(url)).json()) as { status: string; error?: string; data?: { result: Array<{ value: [number, string] }> } };
  if (body.status !== 'success') throw new Error(`${base}: ${query}: ${body.error}`);
  return Number(body.data!.result[0]?.value[1] ?? 0);
}

/**
 * Every sample of the stream (its timestamps all lie in the last hour), one family at a
 * time: count_over_time drops the metric name, and Prometheus refuses a sum over series
 * that then share their labels.
 */
async function countNodeSamples(base: string, extra: Record<string, string> = {}): Promise<number> {
  let total = 0;
  for (const name of familyNames) total += await promqlNumber(base, `sum(count_over_time(${name}{job="node"}[1h]))`, extra);
  return total;
}

export async function startOctolens(env: Record<string, string> = {}): Promise<Receiver> {
  const dataDir = mkdtempSync(join(tmpdir(), 'octolens-bench-rw-'));
  const hub = await startBenchHub({ dataDir, env });
  const version = `${(await run(process.execPath, [join(root, 'bin/octolens.mjs'), '--version'])).trim()} (embedded chDB)`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await hub.stop();
  };
  return {
    name: 'Octolens',
    version,
    writeUrl: `${hub.apiUrl}/api/v1/write`,
    pid: hub.pid,
    async storedSamples() {
      await stop();
      return Number((await run(process.execPath, ['--import', 'tsx', join(root, 'bench/remote-write/count-octolens.ts'), dataDir])).trim());
    },
    stop,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function startPrometheusReceiver(): Promise<Receiver> {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-bench-prom-'));
  writeFileSync(join(dir, 'prometheus.yml'), 'global: {}\n');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon(
    'prometheus',
    PROMETHEUS_BIN,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--web.enable-remote-write-receiver', '--query.max-samples=500000000'],
    `${base}/-/ready`,
  );
  return {
    name: 'Prometheus',
    version: (await run(PROMETHEUS_BIN, ['--version'])).split('\n')[0]!.trim(),
    writeUrl: `${base}/api/v1/write`,
    pid: daemon.pid,
    storedSamples: () => countNodeSamples(base),
    stop: () => daemon.stop(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function startVictoriaMetrics(): Promise<Receiver> {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-bench-vm-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // latencyOffset 0: a sample is queryable as soon as it is flushed, not 30 s later
  const daemon = await startDaemon(
    'victoria-metrics',
    VICTORIA_METRICS_BIN,
    [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${dir}`, '-search.latencyOffset=0s', '-retentionPeriod=1'],
    `${base}/health`,
  );
  return {
    name: 'VictoriaMetrics',
    // Debian's build prints an empty -version: its package version says it
    version: `victoria-metrics ${(await run('dpkg-query', ['-W', '-f', '${Version}', 'victoria-metrics']).catch(() => 'unknown')).trim()}`,
    writeUrl: `${base}/api/v1/write`,
    pid: daemon.pid,
    async storedSamples() {
      await fetch(`${base}/internal/force_flush`);
      return countNodeSamples(base, { nocache: '1' });
    },
    stop: () => daemon.stop(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
