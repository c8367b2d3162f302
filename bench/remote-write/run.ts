/**
 * remote_write ingest into Octolens beside Prometheus and VictoriaMetrics: `npm run bench:remote-write -- --help`.
 * One generator (this process) builds the same stream of requests for all three, sends each
 * round to each receiver in turn (the order rotating per round), and reads every
 * acknowledged sample back from each receiver's own storage. Writes
 * bench/results/remote-write.{md,json}.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../ingest-traces/hub-process.js';
import { cpuSeconds, memory } from '../support/proc.js';
import { machine, spread } from '../support/stats.js';
import { startOctolens, startPrometheusReceiver, startVictoriaMetrics, type Receiver } from './receivers.js';
import { sendAll, type Phase } from './send.js';
import { buildBodies, hostsFor, makeSeries } from './series.js';

const help = `usage: npm run bench:remote-write -- [options]

  --series N        distinct series (default 40000)
  --per-request N   samples per request (default 10000)
  --in-flight N     requests in flight (default 4)
  --steps N         samples per series per round (default 100: 4M samples a round at 40k series)
  --rounds N        measured rounds; each receiver gets every round (default 3)
  --only LIST       receivers, comma-separated: octolens,prometheus,victoriametrics (default all)
  --out BASE        results path without extension (default bench/results/remote-write)
  --no-write        print the results, write nothing
  --help            this text
`;

const { values: opts } = parseArgs({
  options: {
    series: { type: 'string', default: '40000' },
    'per-request': { type: 'string', default: '10000' },
    'in-flight': { type: 'string', default: '4' },
    steps: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string', default: 'octolens,prometheus,victoriametrics' },
    out: { type: 'string', default: join(root, 'bench/results/remote-write') },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write(help);
  process.exit(0);
}

const load = { series: Number(opts.series), perRequest: Number(opts['per-request']), inFlight: Number(opts['in-flight']), steps: Number(opts.steps), rounds: Number(opts.rounds) };
const starters: Record<string, () => Promise<Receiver>> = { octolens: () => startOctolens(), prometheus: startPrometheusReceiver, victoriametrics: startVictoriaMetrics };
const chosen = opts.only!.split(',').map((s) => s.trim().toLowerCase());
for (const name of chosen) if (!starters[name]) throw new Error(`--only: unknown receiver "${name}" (octolens, prometheus, victoriametrics)`);

interface Measured extends Phase {
  round: number;
  samplesPerS: number;
  /** the receiver's CPU seconds during the phase, per sample sent */
  cpuSeconds: number;
}

interface ReceiverResult {
  name: string;
  version: string;
  phases: Measured[];
  acknowledged: number;
  stored: number;
  peakRssBytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en');

const series = makeSeries(load.series);
// every timestamp lies in the half hour before the start, one step a second, so every
// receiver takes them (Prometheus only appends within an hour of its newest sample)
const startMs = Date.now() - 30 * 60_000;
const receivers: Receiver[] = [];
for (const name of chosen) receivers.push(await starters[name]!());
const results: ReceiverResult[] = receivers.map((r) => ({ name: r.name, version: r.version, phases: [], acknowledged: 0, stored: 0, peakRssBytes: 0 }));
console.log(`receivers: ${receivers.map((r) => r.version).join('; ')}`);

try {
  // a warm-up step for each: first connections, JIT, empty-table creation are not measured
  const warmUp = buildBodies(series, load.perRequest, 0, 1, startMs, 1000);
  for (const [i, r] of receivers.entries()) {
    const bodies = warmUp;
    const phase = await sendAll(r.writeUrl, bodies, load.inFlight);
    results[i]!.acknowledged += phase.acknowledged;
  }
  for (let round = 0; round < load.rounds; round++) {
    const firstStep = 1 + round * load.steps;
    const bodies = buildBodies(series, load.perRequest, firstStep, load.steps, startMs, 1000);
    const order = receivers.map((_, i) => (i + round) % receivers.length);
    for (const i of order) {
      await sleep(3000); // the previous receiver's background work (flushes, merges) settles
      const r = receivers[i]!;
      const cpuBefore = cpuSeconds(r.pid);
      const phase = await sendAll(r.writeUrl, bodies, load.inFlight);
      const measured: Measured = { ...phase, round, samplesPerS: phase.acknowledged / phase.seconds, cpuSeconds: cpuSeconds(r.pid) - cpuBefore };
      results[i]!.phases.push(measured);
      results[i]!.acknowledged += phase.acknowledged;
      results[i]!.peakRssBytes = memory(r.pid).hwm;
      console.log(`round ${round + 1} ${r.name.padEnd(16)} ${fmt(measured.samplesPerS).padStart(10)} samples/s  ${(measured.cpuSeconds / phase.seconds).toFixed(2)} cores  retries ${phase.retries}  refused ${phase.refusedRequests}${phase.errors.length ? `  ${phase.errors[0]}` : ''}`);
    }
  }
  for (const [i, r] of receivers.entries()) results[i]!.stored = await r.storedSamples();
} finally {
  for (const r of receivers) await r.stop().catch(() => undefined);
  for (const r of receivers) r.cleanup();
}

const median = (r: ReceiverResult) => spread(r.phases.map((p) => p.samplesPerS)).median;
const byName = (name: string) => results.find((r) => r.name === name);
/** per round, Octolens ÷ the other: measured minutes apart, so drift in the machine cancels */
function ratio(other: string): number | undefined {
  const o = byName('Octolens');
  const x = byName(other);
  if (!o || !x) return undefined;
  return spread(o.phases.map((p, i) => p.samplesPerS / x.phases[i]!.samplesPerS)).median;
}
const report = {
  date: new Date().toISOString(),
  machine: machine(),
  node: process.version,
  load: { ...load, hosts: hostsFor(load.series), samplesPerRound: load.series * load.steps },
  targets: { samplesPerS: 300_000, vsPrometheus: 1, vsVictoriaMetrics: 0.5 },
  receivers: results.map((r) => ({ ...r, medianSamplesPerS: median(r) })),
  ratios: { vsPrometheus: ratio('Prometheus'), vsVictoriaMetrics: ratio('VictoriaMetrics') },
};

const rows = results.map((r) => {
  const s = spread(r.phases.map((p) => p.samplesPerS));
  const cpu = r.phases.reduce((n, p) => n + p.cpuSeconds, 0);
  const sent = r.phases.reduce((n, p) => n + p.acknowledged, 0);
  return `| ${r.name} | ${fmt(s.median)} | ${fmt(s.min)}–${fmt(s.max)} | ${((cpu / sent) * 1e6).toFixed(2)} | ${(r.peakRssBytes / 2 ** 20).toFixed(0)} | ${fmt(r.acknowledged)} | ${fmt(r.stored)} | ${r.phases.reduce((n, p) => n + p.retries, 0)} |`;
});
const pct = (v: number | undefined) => (v === undefined ? 'not measured' : `${v.toFixed(2)}×`);
const markdown = `# remote_write ingest: Octolens beside Prometheus and VictoriaMetrics

${report.date.slice(0, 10)} · ${report.machine.cores} cores (${report.machine.cpu}) · Node ${report.node} · \`npm run bench:remote-write\`

${results.map((r) => `- ${r.version}`).join('\n')}

The same stream for each: ${fmt(load.series)} series (node_exporter-like counters and gauges of
${report.load.hosts} hosts), one sample per series a step, ${fmt(load.perRequest)} samples per
snappy-compressed request, ${load.inFlight} requests in flight, ${load.rounds} rounds of
${fmt(report.load.samplesPerRound)} samples; each round goes to every receiver in turn, the order
rotating. samples/s = samples acknowledged ÷ (first send → last acknowledgement) of a phase; CPU
is the receiver's whole process (/proc) during its phases. Every receiver then counts what it
stored with its own query engine (Octolens: chDB after it stopped; the others:
\`sum(count_over_time(<name>{job="node"}[1h]))\` per metric name).

| receiver | samples/s (median) | range over rounds | CPU µs per sample | peak RSS, MiB | acknowledged | stored | 429/503 retries |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Octolens ÷ Prometheus, median of the per-round ratios: **${pct(report.ratios.vsPrometheus)}** (target ≥ 1×);
Octolens ÷ VictoriaMetrics: **${pct(report.ratios.vsVictoriaMetrics)}** (target ≥ 0.5×); Octolens
median ${fmt(byName('Octolens') ? median(byName('Octolens')!) : 0)} samples/s (target ≥ 300,000).
`;
console.log(`\n${markdown}`);
if (!opts['no-write']) {
  writeFileSync(`${opts.out}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${opts.out}.md`, markdown);
}
const lost = results.filter((r) => r.stored !== r.acknowledged);
if (lost.length > 0) {
  console.error(`stored ≠ acknowledged: ${lost.map((r) => `${r.name} ${r.stored} of ${r.acknowledged}`).join(', ')}`);
  process.exitCode = 1;
}
