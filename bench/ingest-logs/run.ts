/**
 * End-to-end OTLP log ingest benchmark: `npm run bench:ingest-logs -- --help`.
 * The trace benchmark's parts with `signal: 'logs'`: a fresh hub, the load generator in its
 * own process sending SDK-built access-log records, every record counted back from chDB
 * after the hub stopped, the Native-insert ceiling of the same rows, and otel_logs' bytes
 * on disk beside the same records as raw OTLP JSON. Writes bench/results/ingest-logs.{md,json}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hubEnv, printMetrics, queueSettings, reportHeader, runHelp, runOptions } from '../ingest-traces/cli.js';
import { root } from '../ingest-traces/hub-process.js';
import { measureQuietly, type MeasureParams } from '../ingest-traces/measure.js';
import { buildLogTemplate } from './records.js';
import { logRun, metrics, writeReport, type LogRun, type LogsReport, type RecordSizes } from './report.js';

const shared = runHelp('record');
const help = `usage: npm run bench:ingest-logs -- [options]

  --records N        log records per run (default 1000000)
${shared.load}
${shared.quiet}
  --out BASE         results path without extension (default bench/results/ingest-logs)
${shared.write}
`;

const { values: opts } = parseArgs({
  options: {
    ...runOptions,
    records: { type: 'string', default: '1000000' },
    out: { type: 'string', default: join(root, 'bench/results/ingest-logs') },
  },
});
if (opts.help) {
  process.stdout.write(help);
  process.exit(0);
}

const env = hubEnv(opts.set);
const params: MeasureParams = { signal: 'logs', spans: Number(opts.records), batch: Number(opts.batch), concurrency: Number(opts.concurrency), env };

/** Per-record sizes of what the loader sends: the first templates it builds, one per service. */
function recordSizes(): RecordSizes {
  const templates = Array.from({ length: 5 }, (_, i) => buildLogTemplate(i, params.batch));
  const perRecord = (f: (t: (typeof templates)[number]) => number) => +(templates.reduce((s, t) => s + f(t), 0) / (templates.length * params.batch)).toFixed(1);
  return { bodyBytes: perRecord((t) => t.bodyBytes), protobufBytes: perRecord((t) => t.body.length), jsonBytes: perRecord((t) => t.jsonBytes) };
}

/** The 1-, 5- and 15-minute load averages, to say how busy the shared machine was. */
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const sizes = recordSizes();
const loadBefore = loadavg();
const runs: LogRun[] = [];
for (let i = 1; i <= Number(opts.runs); i++) {
  const run = logRun(await measureQuietly(params, Number(opts['quiet-wait'])), sizes);
  const m = run.measurement;
  console.error(
    `run ${i}/${opts.runs}: ${m.stored.rows} stored of ${m.load.spansAcked} acked (${m.stored.uniqueRecords} distinct bodies); e2e ${run.e2eRecordsPerS} records/s, ` +
      `${(run.ceilingShare * 100).toFixed(0)} % of the Native ceiling (${m.stored.ceiling.nativeRowsPerS}/s); ${run.diskBytesPerRecord} disk bytes a record (${run.mergedBytesPerRecord} merged), ` +
      `JSON ÷ disk ${run.vsJson}×; peak RSS ${(m.hub.peakRssBytes / 2 ** 20).toFixed(0)} MiB, hub ${m.hub.cores.toFixed(2)} cores, other processes ${m.otherCores.toFixed(2)} cores` +
      (m.load.errors.length ? `\n  errors: ${m.load.errors.join('; ')}` : ''),
  );
  runs.push(run);
}
const report: LogsReport = {
  ...reportHeader(runs[0]!.measurement.stored.engineVersion),
  load: { records: params.spans, batch: params.batch, concurrency: params.concurrency, runs: runs.length },
  settings: queueSettings(env).settings,
  sizes,
  target: { e2eRecordsPerS: 150_000, ceilingShare: 0.4, vsJson: 8 },
  machineLoad: `load average ${loadBefore} before the runs, ${loadavg()} after; other processes took ${runs.map((r) => r.measurement.otherCores.toFixed(2)).join(', ')} cores during the run(s)`,
  runs,
};
printMetrics(runs, metrics);
if (!opts['no-write']) {
  writeReport(report, opts.out!);
  console.log(`wrote ${opts.out}.md and .json`);
}
