/** Turns idle-memory measurements into bench/results/idle-memory.{md,json}. */
import { writeFileSync } from 'node:fs';
import { table } from '../ingest-traces/report.js';
import { spread } from '../support/stats.js';
import type { ProbeName, ProbeResult } from './probes.js';

export interface HubReading {
  rss: number;
  anon: number;
  file: number;
  hwm: number;
  /** from the hub's own /metrics (prom-client's default metrics) */
  heapTotal: number;
  external: number;
  /** spawn → /readyz 200 */
  readyMs: number;
  /** read again `lateS` after /readyz: V8's memory reducer has shrunk the heap by then */
  late: { rss: number; anon: number };
}

export interface Run {
  /** the first start on an empty data dir (what `npm start` does the first time) */
  fresh: HubReading;
  /** the same data dir started again: what every later start costs */
  restart: HubReading;
  probes: Record<ProbeName, ProbeResult>;
}

/** One line per recorded step, carried over from the previous JSON, so a change shows beside the ones before it. */
export interface HistoryRow {
  label: string;
  date: string;
  commit: string;
  freshMiB: number;
  /** absent in the rows recorded before the late reading existed */
  freshLateMiB?: number;
  restartMiB: number;
  chdbMiB: number;
  pgliteMiB: number;
}

export interface Report {
  date: string;
  machine: { cores: number; cpu: string; memoryGiB: number };
  node: string;
  versions: { chdbNpm: string; chdbEngine: string; pglite: string };
  /** seconds waited after /readyz answered 200 before reading the RSS */
  settleS: number;
  /** seconds after /readyz of the hub's second reading */
  lateS: number;
  targetBytes: number;
  runs: Run[];
  history: HistoryRow[];
}

const mib = (b: number) => b / 2 ** 20;
export const median = (values: number[]) => spread(values).median;

/** What the tables show: label → the bytes of one run. */
const rows: Array<[string, (r: Run) => number]> = [
  ['hub, fresh data dir: RSS', (r) => r.fresh.rss],
  ['  anon (heaps, WASM memory)', (r) => r.fresh.anon],
  ['  file (mapped code: libchdb.so, node)', (r) => r.fresh.file],
  ['  V8 heap (total)', (r) => r.fresh.heapTotal],
  ['  external (ArrayBuffers, WASM memory)', (r) => r.fresh.external],
  ['  peak during start (VmHWM)', (r) => r.fresh.hwm],
  ['hub, fresh data dir: RSS at the late reading', (r) => r.fresh.late.rss],
  ['  anon', (r) => r.fresh.late.anon],
  ['hub, restarted on the same data dir: RSS', (r) => r.restart.rss],
  ['  anon', (r) => r.restart.anon],
  ['  external', (r) => r.restart.external],
  ['hub, restarted: RSS at the late reading', (r) => r.restart.late.rss],
  ['bare node + tsx loader', (r) => r.probes.node.rss],
  ['bare chDB: opened the hub\'s way, one query', (r) => r.probes.chdb.rss],
  ['  anon', (r) => r.probes.chdb.anon],
  ['  file', (r) => r.probes.chdb.file],
  ['bare PGlite: opened the hub\'s way + migrations, fresh dir', (r) => r.probes.pglite.rss],
  ['  peak during open (VmHWM)', (r) => r.probes.pglite.hwm],
];

export function renderMarkdown(r: Report): string {
  const fresh = median(r.runs.map((x) => x.fresh.rss));
  const restart = median(r.runs.map((x) => x.restart.rss));
  const late = median(r.runs.map((x) => x.fresh.late.rss));
  const met = (b: number) => (b <= r.targetBytes ? 'met' : 'not met');
  const out = [
    '# Idle hub memory after start (embedded mode)',
    '',
    `Written by \`npm run bench:idle-memory\` (bench/idle-memory/run.ts) on ${r.date}.`,
    '',
    `- machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB; Node ${r.node}; chDB npm ${r.versions.chdbNpm}, engine ${r.versions.chdbEngine}; PGlite ${r.versions.pglite}`,
    `- method: \`octolens start\` (as \`npm start\` runs it: chDB, the in-process queue, PGlite) on an empty data dir; /readyz polled until 200, then ${r.settleS} s idle, then VmRSS from /proc, and again ${r.lateS} s after /readyz (the late reading); stopped with SIGINT and started again on the same dir. Each part alone in its own process beside it. ${r.runs.length} runs, medians.`,
    `- target: idle RSS ≤ ${mib(r.targetBytes).toFixed(0)} MiB → fresh data dir **${met(fresh)}** (median ${mib(fresh).toFixed(0)} MiB), restarted **${met(restart)}** (median ${mib(restart).toFixed(0)} MiB); fresh at the late reading ${met(late)} (${mib(late).toFixed(0)} MiB)`,
    '',
    table(['MiB', 'median', 'min', 'max'], rows.map(([label, f]) => {
      const s = spread(r.runs.map(f));
      return [label, mib(s.median).toFixed(0), mib(s.min).toFixed(0), mib(s.max).toFixed(0)];
    })),
    '',
    `Ready after (spawn → /readyz 200): fresh ${(median(r.runs.map((x) => x.fresh.readyMs)) / 1000).toFixed(1)} s, restarted ${(median(r.runs.map((x) => x.restart.readyMs)) / 1000).toFixed(1)} s (median).`,
  ];
  if (r.history.length) {
    out.push('', '## Steps (median idle RSS, MiB, when each was recorded)', '', table(
      ['step', 'date', 'commit before', 'hub fresh', 'hub fresh, late reading', 'hub restarted', 'bare chDB', 'bare PGlite'],
      r.history.map((h) => [h.label, h.date, h.commit, h.freshMiB.toFixed(0), h.freshLateMiB?.toFixed(0) ?? '–', h.restartMiB.toFixed(0), h.chdbMiB.toFixed(0), h.pgliteMiB.toFixed(0)]),
    ));
  }
  out.push('', 'Where the memory goes, and what each setting changed: [bench/idle-memory/README.md](../idle-memory/README.md).');
  return out.join('\n') + '\n';
}

export function writeReport(r: Report, base: string): void {
  writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(`${base}.md`, renderMarkdown(r));
}
