/**
 * Starts `octolens start` as a child process for a benchmark and watches it through /proc:
 * like test/support/hub.ts, plus node flags (--cpu-prof), the pid, CPU time and peak RSS.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../test/support/hub.js';
import { cpuSeconds, memory, statCpu } from '../support/proc.js';

export const root = resolve(import.meta.dirname, '..', '..');

export interface BenchHub {
  pid: number;
  apiUrl: string;
  otlpUrl: string;
  /** user + system CPU seconds of the whole process (all threads, chDB's included) */
  cpuSeconds(): number;
  /** CPU seconds per thread name (comm): the JS main thread, libuv pool, V8 helpers, chDB's pools */
  threadCpu(): Record<string, number>;
  /** VmRSS and VmHWM (peak) in bytes */
  memory(): { rss: number; hwm: number };
  output(): string;
  /** SIGINT (the hub drains its queue), resolves with the exit code */
  stop(): Promise<number | null>;
}

export interface StartBenchHubParams {
  dataDir: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** more `octolens start` arguments, e.g. ['--role', 'collector'] */
  args?: string[];
}

/** The hub as `npm start` runs it: compiled to build/ first when the sources changed (scripts/build-server.mjs). */
let built = false;
function buildServerIfStale(): void {
  if (!built) execFileSync(process.execPath, [join(root, 'scripts/build-server.mjs'), '--if-stale'], { stdio: 'ignore' });
  built = true;
}

export async function startBenchHub({ dataDir, env = {}, nodeArgs = [], args: extra = [] }: StartBenchHubParams): Promise<BenchHub> {
  buildServerIfStale();
  // every port its own, gRPC's too: several hubs of one benchmark (or another's) must not meet on 4317
  const [port, otlpPort, grpcPort] = [await freePort(), await freePort(), await freePort()];
  const args = [...nodeArgs, join(root, 'bin/octolens.mjs'), 'start', '--port', String(port), '--otlp-port', String(otlpPort), '--data-dir', dataDir, ...extra];
  // the hub traces itself when OTEL_EXPORTER_OTLP_* is set: not while it is measured
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
  const child = spawn(process.execPath, args, {
    cwd: root,
    // authentication off, as in the embedded quick start, also for the scale-out hubs (a cached token check is not what is measured)
    env: { ...inherited, OCTOLENS_HOST: '127.0.0.1', OCTOLENS_OTLP_GRPC_PORT: String(grpcPort), OCTOLENS_AUTH: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`hub not ready in 90s:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(' ready (')) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => rej(new Error(`hub exited with ${code} before it was ready:\n${out}`)));
  });
  const pid = child.pid!;
  return {
    pid,
    apiUrl: `http://127.0.0.1:${port}`,
    otlpUrl: `http://127.0.0.1:${otlpPort}`,
    cpuSeconds: () => cpuSeconds(pid),
    threadCpu() {
      const byName: Record<string, number> = {};
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
          const name = tid === String(pid) ? 'main (JS)' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim().replace(/[\d-]+$/, '');
          byName[name] = (byName[name] ?? 0) + statCpu(`/proc/${pid}/task/${tid}/stat`);
        } catch {
          // the thread ended between readdir and read
        }
      }
      return byName;
    },
    memory: () => memory(pid),
    output: () => out,
    stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}
