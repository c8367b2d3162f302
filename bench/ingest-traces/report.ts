/** Turns measurements into bench/results/ingest-traces.{md,json}: medians, spreads, the ceiling, the target. */
import { writeFileSync } from 'node:fs';
import type { Measurement } from './measure.js';
import type { ProfileSummary } from './profile.js';
import type { StageTimes } from './stages.js';

export interface Report {
  date: string;
  machine: { cores: number; cpu: string; memoryGiB: number };
  node: string;
  chdb: { npm: string; engine: string };
  load: { spans: number; batch: number; concurrency: number; runs: number };
  /** effective queue settings of the measured runs */
  settings: Record<string, string | number>;
  target: { e2eSpansPerS: number; peakRssBytes: number };
  runs: Measurement[];
  sweep?: Array<{ label: string; run: Measurement }>;
  profile?: { summary: ProfileSummary; threads: Record<string, number>; run: Measurement; stages: StageTimes };
}

import { spread } from '../support/stats.js';

export { spread, type Spread } from '../support/stats.js';

const mib = (b: number) => b / 2 ** 20;
/** The metrics the tables show, per measurement. */
export const metrics: Array<[string, (m: Measurement) => number, (v: number) => string]> = [
  ['end-to-end spans/s (stored / first send→last ack)', (m) => m.e2eSpansPerS, (v) => Math.round(v).toLocaleString('en')],
  ['ack-only spans/s', (m) => m.ackSpansPerS, (v) => Math.round(v).toLocaleString('en')],
  ['hub peak RSS (VmHWM), MiB', (m) => mib(m.hub.peakRssBytes), (v) => v.toFixed(0)],
  ['hub RSS when ready (before load), MiB', (m) => mib(m.hub.readyRssBytes), (v) => v.toFixed(0)],
  ['hub CPU, cores busy', (m) => m.hub.cores, (v) => v.toFixed(2)],
  ['hub CPU µs per span', (m) => (m.hub.cpuS / m.stored.rows) * 1e6, (v) => v.toFixed(1)],
  ['loader CPU, cores busy', (m) => m.loaderCores, (v) => v.toFixed(2)],
  ['other processes on the machine, cores busy', (m) => m.otherCores, (v) => v.toFixed(2)],
  ['request latency p50, ms', (m) => m.load.latencyMs.p50, (v) => v.toFixed(0)],
  ['request latency p99, ms', (m) => m.load.latencyMs.p99, (v) => v.toFixed(0)],
  ['hub inserts: mean rows per insert', (m) => m.batches.meanRows, (v) => Math.round(v).toLocaleString('en')],
  ['hub inserts: mean seconds per insert', (m) => m.batches.meanSeconds, (v) => v.toFixed(3)],
  ['429/503 retries', (m) => m.load.retries, (v) => v.toFixed(0)],
  ['drain on SIGINT, s', (m) => m.hub.drainS, (v) => v.toFixed(2)],
  ['ceiling: Native file → table+MV, rows/s', (m) => m.stored.ceiling.nativeRowsPerS, (v) => Math.round(v).toLocaleString('en')],
  ['ceiling: JSONEachRow file → table+MV, rows/s', (m) => m.stored.ceiling.jsonRowsPerS, (v) => Math.round(v).toLocaleString('en')],
  ['end-to-end / Native ceiling', (m) => m.e2eSpansPerS / m.stored.ceiling.nativeRowsPerS, (v) => v.toFixed(2)],
];

export function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The metrics as a table of median, min and max over the runs. */
export function metricsTable<T>(runs: T[], rows: Array<[string, (r: T) => number, (v: number) => string]>): string {
  return table(['metric', 'median', 'min', 'max'], rows.map(([name, f, fmt]) => {
    const s = spread(runs.map(f));
    return [name, fmt(s.median), fmt(s.min), fmt(s.max)];
  }));
}

export function renderMarkdown(r: Report): string {
  const med = (f: (m: Measurement) => number) => spread(r.runs.map(f)).median;
  const e2e = med((m) => m.e2eSpansPerS);
  const rss = med((m) => m.hub.peakRssBytes);
  const pass = e2e >= r.target.e2eSpansPerS && rss <= r.target.peakRssBytes;
  const counted = r.runs.map((m) => `${m.stored.rows.toLocaleString('en')} stored / ${m.load.spansAcked.toLocaleString('en')} acked / ${m.stored.uniqueSpanIds.toLocaleString('en')} unique span ids`);
  const out = [
    '# Ingest benchmark: OTLP/HTTP protobuf traces, end to end',
    '',
    `Written by \`npm run bench:ingest\` (bench/ingest-traces/run.ts) on ${r.date.slice(0, 10)}.`,
    '',
    `- machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB; Node ${r.node}; chDB npm ${r.chdb.npm}, engine ${r.chdb.engine}`,
    `- load: ${r.load.spans.toLocaleString('en')} spans per run in requests of ${r.load.batch} spans (SDK-serialised, 10 span + 3 resource attributes), ${r.load.concurrency} concurrent requests, loader in its own process; ${r.load.runs} runs, each on a fresh hub and data dir`,
    `- hub settings: ${Object.entries(r.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `- target: ≥ ${r.target.e2eSpansPerS.toLocaleString('en')} spans/s end to end with peak RSS ≤ ${(r.target.peakRssBytes / 2 ** 30).toFixed(1)} GiB → **${pass ? 'met' : 'not met'}** (median ${Math.round(e2e).toLocaleString('en')} spans/s, ${mib(rss).toFixed(0)} MiB)`,
    `- counts checked per run: ${counted.join('; ')}`,
    '',
    metricsTable(r.runs, metrics),
    '',
    'Per run (other processes = CPU the rest of the shared machine used meanwhile; > 0.3 cores means a disturbed run):',
    '',
    table(['run', 'e2e spans/s', 'hub cores', 'peak RSS MiB', 'other processes, cores'], r.runs.map((m, i) => [String(i + 1), m.e2eSpansPerS.toLocaleString('en'), m.hub.cores.toFixed(2), mib(m.hub.peakRssBytes).toFixed(0), m.otherCores.toFixed(2)])),
    '',
    'Ceiling: the same stored rows exported once, then inserted in one statement into empty tables made by the same migration (otel_traces, its TraceId table and materialized view). Medians and ratios only: this machine has 2 cores shared by the hub and the loader.',
  ];
  if (r.sweep?.length) {
    out.push('', '## Settings tried (one run each)', '', table(
      ['settings', 'spans', 'e2e spans/s', 'peak RSS MiB', 'hub cores', 'rows per insert', 's per insert', 'p99 ms', 'retries', 'others, cores'],
      r.sweep.map(({ label, run }) => [
        label, run.stored.rows.toLocaleString('en'), run.e2eSpansPerS.toLocaleString('en'), mib(run.hub.peakRssBytes).toFixed(0), run.hub.cores.toFixed(2),
        run.batches.meanRows.toLocaleString('en'), run.batches.meanSeconds.toFixed(2), String(run.load.latencyMs.p99), String(run.load.retries), run.otherCores.toFixed(2),
      ]),
    ));
  }
  if (r.profile) {
    const p = r.profile;
    out.push(
      '', '## Where the hub spends CPU (one run under `node --cpu-prof`)', '',
      `Per thread, from /proc/<pid>/task (CPU seconds during the load; the run stored ${p.run.stored.rows.toLocaleString('en')} spans at ${p.run.e2eSpansPerS.toLocaleString('en')} spans/s with the profiler on):`, '',
      table(['thread', 'CPU s', 'share'], Object.entries(p.threads).sort((a, b) => b[1] - a[1]).filter(([, s]) => s > 0).map(([t, s]) => [t, s.toFixed(2), `${((s / p.run.hub.cpuS) * 100).toFixed(0)}%`])),
      '', `Each stage alone on one core (stages.ts: ${p.stages.spans.toLocaleString('en')} spans, ${p.stages.batchRows.toLocaleString('en')}-row inserts, ${p.stages.jsonBytesPerSpan} bytes of JSON per span):`, '',
      table(['stage', 'µs per span', 'spans/s on one core'], Object.entries(p.stages.usPerSpan).map(([k, v]) => [k, v.toFixed(2), Math.round(1e6 / v).toLocaleString('en')])),
      '', `JS main thread by stage (self time during the load only, ${p.summary.totalS} s busy):`, '',
      table(['stage', 'self s', 'share of busy'], p.summary.stages.map((s) => [s.stage, s.seconds.toFixed(2), s.stage === 'idle' ? '–' : `${(s.share * 100).toFixed(1)}%`])),
      '', 'Top functions by self time:', '',
      table(['function', 'where', 'self s', 'share'], p.summary.functions.map((f) => [`\`${f.fn}\``, f.where, f.seconds.toFixed(2), `${(f.share * 100).toFixed(1)}%`])),
    );
  }
  return out.join('\n') + '\n';
}

export function writeReport(r: Report, base: string): void {
  writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(`${base}.md`, renderMarkdown(r));
}
