/**
 * Idle hub memory after start: `npm run bench:idle-memory -- --help`.
 * Starts the real hub in embedded mode on an empty data dir, waits for /readyz and a few idle
 * seconds, reads its RSS; starts it again on the same dir; measures chDB, PGlite and node
 * alone beside it; writes bench/results/idle-memory.{md,json}.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root, startBenchHub } from '../ingest-traces/hub-process.js';
import { memory } from '../support/proc.js';
import { machine } from '../support/stats.js';
import { probe, probeNames, type ProbeName, type ProbeResult } from './probes.js';
import { median, renderMarkdown, writeReport, type HubReading, type Report, type Run } from './report.js';

const help = `usage: npm run bench:idle-memory -- [options]

  --runs N       hub starts on a fresh data dir, each followed by a restart and the bare probes (default 3)
  --settle S     idle seconds after /readyz answers 200, before the RSS is read (default 5)
  --late S       seconds after /readyz when the hub's RSS is read again, once V8 has had time to shrink its heap (default 30)
  --label TEXT   also record this run's medians as a step in the results' history (e.g. "shared_buffers 16MB")
  --set K=V      hub environment for every start (repeatable)
  --out BASE     results path without extension (default bench/results/idle-memory)
  --no-write     print the results, write nothing
  --help         this text
`;

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    settle: { type: 'string', default: '5' },
    late: { type: 'string', default: '30' },
    label: { type: 'string' },
    set: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: join(root, 'bench/results/idle-memory') },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write(help);
  process.exit(0);
}
const settleS = Number(opts.settle);
const lateS = Math.max(Number(opts.late), settleS);
const env = Object.fromEntries(opts.set!.map((kv) => kv.split(/=(.*)/s).slice(0, 2) as [string, string]));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One gauge from the hub's Prometheus text (prom-client's default process metrics). */
const gauge = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

async function readHub(dataDir: string): Promise<HubReading> {
  const started = Date.now();
  // a free gRPC port: the default 4317 may be held by another hub on this machine
  const hub = await startBenchHub({ dataDir, env });
  try {
    // " ready (" is printed when the hub listens; /readyz is what a load balancer waits for
    while ((await fetch(`${hub.apiUrl}/readyz`).then((r) => r.status, () => 0)) !== 200) await sleep(100);
    const readyMs = Date.now() - started;
    await sleep(settleS * 1000);
    const m = memory(hub.pid);
    const metrics = await (await fetch(`${hub.apiUrl}/metrics`)).text();
    await sleep((lateS - settleS) * 1000);
    const late = memory(hub.pid);
    return { ...m, heapTotal: gauge(metrics, 'octolens_nodejs_heap_size_total_bytes'), external: gauge(metrics, 'octolens_nodejs_external_memory_bytes'), readyMs, late: { rss: late.rss, anon: late.anon } };
  } finally {
    const code = await hub.stop();
    if (code !== 0) console.error(`hub exited with ${code}:\n${hub.output()}`);
  }
}

const mib = (b: number) => (b / 2 ** 20).toFixed(0);
const runs: Run[] = [];
for (let i = 1; i <= Number(opts.runs); i++) {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-idle-'));
  try {
    const fresh = await readHub(dir);
    const restart = await readHub(dir);
    const probes = {} as Record<ProbeName, ProbeResult>;
    for (const name of probeNames) {
      const probeDir = mkdtempSync(join(tmpdir(), `octolens-idle-${name}-`));
      probes[name] = await probe(name, probeDir, settleS);
      rmSync(probeDir, { recursive: true, force: true });
    }
    runs.push({ fresh, restart, probes });
    console.error(
      `run ${i}/${opts.runs}: hub fresh ${mib(fresh.rss)} MiB (anon ${mib(fresh.anon)}, file ${mib(fresh.file)}, external ${mib(fresh.external)}, ready ${fresh.readyMs} ms; ${mib(fresh.late.rss)} MiB at ${lateS} s), ` +
        `restarted ${mib(restart.rss)} MiB (ready ${restart.readyMs} ms; ${mib(restart.late.rss)} MiB at ${lateS} s); alone: node ${mib(probes.node.rss)}, chDB ${mib(probes.chdb.rss)}, PGlite ${mib(probes.pglite.rss)} (peak ${mib(probes.pglite.hwm)})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const version = (pkg: string) => (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const out = opts.out!;
const previous = existsSync(`${out}.json`) ? (JSON.parse(readFileSync(`${out}.json`, 'utf8')) as Report) : undefined;
const report: Report = {
  date: new Date().toISOString().slice(0, 10),
  machine: machine(),
  node: process.version,
  versions: { chdbNpm: version('chdb'), chdbEngine: runs[0]!.probes.chdb.version ?? 'unknown', pglite: version('@electric-sql/pglite') },
  settleS,
  lateS,
  targetBytes: 400 * 2 ** 20,
  runs,
  history: previous?.history ?? [],
};
if (opts.label) {
  const m = (f: (r: Run) => number) => median(runs.map(f)) / 2 ** 20;
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  report.history.push({ label: opts.label, date: report.date, commit, freshMiB: m((r) => r.fresh.rss), freshLateMiB: m((r) => r.fresh.late.rss), restartMiB: m((r) => r.restart.rss), chdbMiB: m((r) => r.probes.chdb.rss), pgliteMiB: m((r) => r.probes.pglite.rss) });
}
if (opts['no-write']) process.stdout.write(renderMarkdown(report));
else {
  writeReport(report, out);
  console.log(`wrote ${out}.md and .json`);
}
