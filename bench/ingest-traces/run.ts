/**
 * End-to-end OTLP trace ingest benchmark: `npm run bench:ingest -- --help`.
 * Runs the hub and a separate load generator, counts what was stored, measures the engine
 * ceiling on the same rows, optionally profiles the hub and tries other queue settings, and
 * writes bench/results/ingest-traces.{md,json}.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hubEnv, printMetrics, queueSettings, reportHeader, runHelp, runOptions } from './cli.js';
import { root } from './hub-process.js';
import { measureQuietly, runJson, waitForQuiet, type Measurement, type MeasureParams } from './measure.js';
import { summariseProfile } from './profile.js';
import { metrics, writeReport, type Report } from './report.js';
import type { StageTimes } from './stages.js';

const shared = runHelp('span');
const help = `usage: npm run bench:ingest -- [options]

  --spans N          spans per run (default 1000000)
${shared.load}
  --profile          one more run with the hub under node --cpu-prof; adds where the CPU goes
  --sweep            one run per alternative queue setting (--sweep-spans each)
  --sweep-spans N    spans per sweep run (default 300000)
${shared.quiet}
  --out BASE         results path without extension (default bench/results/ingest-traces)
${shared.write}
`;

const { values: opts } = parseArgs({
  options: {
    ...runOptions,
    spans: { type: 'string', default: '1000000' },
    profile: { type: 'boolean', default: false },
    sweep: { type: 'boolean', default: false },
    'sweep-spans': { type: 'string', default: '300000' },
    out: { type: 'string', default: join(root, 'bench/results/ingest-traces') },
  },
});
if (opts.help) {
  process.stdout.write(help);
  process.exit(0);
}

const env = hubEnv(opts.set);
const { queue, settings } = queueSettings(env);
const base: MeasureParams = { spans: Number(opts.spans), batch: Number(opts.batch), concurrency: Number(opts.concurrency), env };

/** Alternatives to the configured settings, each changing one thing. */
const sweep: Array<{ label: string; env: Record<string, string>; concurrency?: number }> = [
  { label: 'as configured', env: {} },
  { label: 'loader concurrency 64', env: {}, concurrency: 64 },
  { label: 'loader concurrency 512', env: {}, concurrency: 512 },
  { label: 'OCTOLENS_INSERT_CONCURRENCY=1', env: { OCTOLENS_INSERT_CONCURRENCY: '1' } },
  { label: 'OCTOLENS_BATCH_ROWS=10000', env: { OCTOLENS_BATCH_ROWS: '10000' } },
  { label: 'OCTOLENS_FLUSH_INTERVAL_MS=1000', env: { OCTOLENS_FLUSH_INTERVAL_MS: '1000' } },
  // overload: the queue fills, clients get 429 and retry
  { label: 'loader concurrency 512, OCTOLENS_QUEUE_MAX_BYTES=64 MiB', env: { OCTOLENS_QUEUE_MAX_BYTES: String(64 * 2 ** 20) }, concurrency: 512 },
  { label: 'loader concurrency 32', env: {}, concurrency: 32 },
  { label: 'loader concurrency 256', env: {}, concurrency: 256 },
  { label: 'OCTOLENS_BATCH_ROWS=100000', env: { OCTOLENS_BATCH_ROWS: '100000' } },
  { label: 'OCTOLENS_FLUSH_INTERVAL_MS=50', env: { OCTOLENS_FLUSH_INTERVAL_MS: '50' } },
  { label: 'OCTOLENS_INSERT_CONCURRENCY=4', env: { OCTOLENS_INSERT_CONCURRENCY: '4' } },
];

const measure = (params: MeasureParams) => measureQuietly(params, Number(opts['quiet-wait']));

function line(label: string, m: Measurement): void {
  const rss = (m.hub.peakRssBytes / 2 ** 20).toFixed(0);
  console.error(
    `${label}: ${m.stored.rows} stored of ${m.load.spansAcked} acked; e2e ${m.e2eSpansPerS} spans/s, ack ${m.ackSpansPerS}/s, ` +
      `peak RSS ${rss} MiB, hub ${m.hub.cores.toFixed(2)} cores, loader ${m.loaderCores.toFixed(2)}, retries ${m.load.retries}, ` +
      `p99 ${m.load.latencyMs.p99} ms, ${m.batches.count} inserts of ${m.batches.meanRows} rows in ${m.batches.meanSeconds} s, other processes ${m.otherCores.toFixed(2)} cores; ceiling Native ${m.stored.ceiling.nativeRowsPerS}/s, JSON ${m.stored.ceiling.jsonRowsPerS}/s` +
      (m.load.errors.length ? `\n  errors: ${m.load.errors.join('; ')}` : ''),
  );
}

const runs: Measurement[] = [];
for (let i = 1; i <= Number(opts.runs); i++) {
  const m = await measure(base);
  line(`run ${i}/${opts.runs}`, m);
  runs.push(m);
}
const report: Report = {
  ...reportHeader(runs[0]!.stored.engineVersion),
  load: { spans: base.spans, batch: base.batch, concurrency: base.concurrency, runs: runs.length },
  settings,
  target: { e2eSpansPerS: 100_000, peakRssBytes: 1.5 * 2 ** 30 },
  runs,
};
/** Written after every phase, so a run stopped halfway keeps what it measured. */
const save = () => {
  if (!opts['no-write']) writeReport(report, opts.out!);
};

printMetrics(runs, metrics);
save();

if (opts.profile) {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-prof-'));
  const run = await measure({ ...base, hubNodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
  line('profiled run', run);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`the hub wrote no .cpuprofile into ${dir}`);
  const summary = summariseProfile(join(dir, file), run.windowUs);
  rmSync(dir, { recursive: true, force: true });
  await waitForQuiet(Number(opts['quiet-wait']));
  const stages = await runJson<StageTimes>('stages.ts', ['--spans', '200000', '--batch-rows', String(queue.batchRows)]);
  report.profile = { summary, threads: run.hub.threads, run, stages };
  save();
}

if (opts.sweep) {
  report.sweep = [];
  for (const s of sweep) {
    const run = await measure({ ...base, spans: Number(opts['sweep-spans']), env: { ...env, ...s.env }, concurrency: s.concurrency ?? base.concurrency });
    line(`sweep ${s.label}`, run);
    report.sweep.push({ label: s.label, run });
    save();
  }
}
if (!opts['no-write']) console.log(`wrote ${opts.out}.md and .json`);
