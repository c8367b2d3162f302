/** Turns log ingest measurements into bench/results/ingest-logs.{md,json}: rates, the ceiling, bytes per record, the targets. */
import { writeFileSync } from 'node:fs';
import type { reportHeader } from '../ingest-traces/cli.js';
import type { Measurement } from '../ingest-traces/measure.js';
import { metricsTable, metrics as traceMetrics, table } from '../ingest-traces/report.js';
import { spread } from '../support/stats.js';

/** Sizes of the records as sent, per record (from the same templates the loader builds). */
export interface RecordSizes {
  bodyBytes: number;
  protobufBytes: number;
  /** the same records as OTLP JSON (the SDK's JsonLogsSerializer): the "raw" of the storage ratio */
  jsonBytes: number;
}

export interface LogRun {
  e2eRecordsPerS: number;
  ackRecordsPerS: number;
  /** end to end ÷ chDB's Native-insert ceiling on the same rows */
  ceilingShare: number;
  /** bytes_on_disk of otel_logs' active parts ÷ rows, as the hub left them */
  diskBytesPerRecord: number;
  /** the same after OPTIMIZE FINAL */
  mergedBytesPerRecord: number;
  /** raw OTLP JSON bytes per record ÷ disk bytes per record */
  vsJson: number;
  mergedVsJson: number;
  measurement: Measurement;
}

export interface LogsReport extends ReturnType<typeof reportHeader> {
  load: { records: number; batch: number; concurrency: number; runs: number };
  settings: Record<string, string | number>;
  sizes: RecordSizes;
  target: { e2eRecordsPerS: number; ceilingShare: number; vsJson: number };
  /** what else ran on the machine meanwhile, in words (from /proc/loadavg and the runs' own noise figures) */
  machineLoad: string;
  runs: LogRun[];
}

/** The summary of one measurement, given the sizes of the records sent. */
export function logRun(m: Measurement, sizes: RecordSizes): LogRun {
  const perRecord = (bytes: number) => bytes / m.stored.rows;
  const disk = perRecord(m.stored.disk.bytes);
  const merged = perRecord(m.stored.disk.merged?.bytes ?? m.stored.disk.bytes);
  return {
    e2eRecordsPerS: m.e2eSpansPerS,
    ackRecordsPerS: m.ackSpansPerS,
    ceilingShare: m.e2eSpansPerS / m.stored.ceiling.nativeRowsPerS,
    diskBytesPerRecord: +disk.toFixed(1),
    mergedBytesPerRecord: +merged.toFixed(1),
    vsJson: +(sizes.jsonBytes / disk).toFixed(2),
    mergedVsJson: +(sizes.jsonBytes / merged).toFixed(2),
    measurement: m,
  };
}

const n = (v: number) => Math.round(v).toLocaleString('en');
/** Log-specific rows first, then the trace benchmark's rows that do not speak of spans or its ceiling. */
export const metrics: Array<[string, (r: LogRun) => number, (v: number) => string]> = [
  ['end-to-end records/s (stored / first send→last ack)', (r) => r.e2eRecordsPerS, n],
  ['ack-only records/s', (r) => r.ackRecordsPerS, n],
  ['ceiling: Native file → empty otel_logs, rows/s', (r) => r.measurement.stored.ceiling.nativeRowsPerS, n],
  ['ceiling: JSONEachRow file → empty otel_logs, rows/s', (r) => r.measurement.stored.ceiling.jsonRowsPerS, n],
  ['end-to-end / Native ceiling', (r) => r.ceilingShare, (v) => v.toFixed(2)],
  ['disk bytes per record, as the hub left otel_logs', (r) => r.diskBytesPerRecord, (v) => v.toFixed(1)],
  ['disk bytes per record, merged (OPTIMIZE FINAL)', (r) => r.mergedBytesPerRecord, (v) => v.toFixed(1)],
  ['raw OTLP JSON ÷ disk, as left', (r) => r.vsJson, (v) => `${v.toFixed(1)}×`],
  ['raw OTLP JSON ÷ disk, merged', (r) => r.mergedVsJson, (v) => `${v.toFixed(1)}×`],
  ['hub CPU µs per record', (r) => (r.measurement.hub.cpuS / r.measurement.stored.rows) * 1e6, (v) => v.toFixed(1)],
  ...traceMetrics.filter(([name]) => !/span|ceiling/.test(name)).map(([name, f, fmt]): [string, (r: LogRun) => number, (v: number) => string] => [name, (r) => f(r.measurement), fmt]),
];

/** Bytes per record by column and skip index, largest first (the last run's merged parts). */
function breakdown(r: LogsReport): string[] {
  const { stored } = r.runs[r.runs.length - 1]!.measurement;
  const b = stored.disk.breakdown;
  if (!b) return [];
  const rows = [...Object.entries(b.columns).map(([k, v]) => [`column ${k}`, v]), ...Object.entries(b.indexes).map(([k, v]) => [`index ${k}`, v])] as Array<[string, number]>;
  return ['', '## Where the bytes go (merged, compressed, per record)', '', table(['part of otel_logs', 'bytes per record', 'share'], rows
    .filter(([, v]) => v > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => [k, (v / stored.rows).toFixed(2), `${((v / stored.disk.merged!.bytes) * 100).toFixed(0)} %`]))];
}

export function renderMarkdown(r: LogsReport): string {
  const med = (f: (x: LogRun) => number) => spread(r.runs.map(f)).median;
  const [e2e, share, vs] = [med((x) => x.e2eRecordsPerS), med((x) => x.ceilingShare), med((x) => x.vsJson)];
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const { migrations = [] } = r.runs[0]!.measurement.stored.ceiling;
  const counted = r.runs.map(({ measurement: m }) => `${n(m.stored.rows)} stored / ${n(m.load.spansAcked)} acked / ${n(m.stored.uniqueRecords)} distinct bodies, ${n(m.stored.disk.parts)} parts (${n(m.stored.disk.merged?.parts ?? m.stored.disk.parts)} merged)`);
  return [
    '# Ingest benchmark: OTLP/HTTP protobuf logs, end to end',
    '',
    `Written by \`npm run bench:ingest-logs\` (bench/ingest-logs/run.ts) on ${r.date.slice(0, 10)}.`,
    '',
    `- machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB; Node ${r.node}; chDB npm ${r.chdb.npm}, engine ${r.chdb.engine}; ${r.machineLoad}`,
    `- load: ${n(r.load.records)} log records per run in requests of ${r.load.batch} (HTTP access-log bodies of ${r.sizes.bodyBytes.toFixed(0)} bytes on average, 5 services, trace context on 9 of 10; built by the OpenTelemetry JS SDK's LoggerProvider, serialised by its ProtobufLogsSerializer: ${r.sizes.protobufBytes.toFixed(0)} bytes a record), ${r.load.concurrency} concurrent requests, loader in its own process; ${r.load.runs} run(s), each on a fresh hub and data dir`,
    `- hub settings: ${Object.entries(r.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `- targets: ≥ ${n(r.target.e2eRecordsPerS)} records/s end to end → ${verdict(e2e >= r.target.e2eRecordsPerS)} (median ${n(e2e)}); ≥ ${(r.target.ceilingShare * 100).toFixed(0)} % of the Native ceiling → ${verdict(share >= r.target.ceilingShare)} (${(share * 100).toFixed(0)} %); storage ≥ ${r.target.vsJson}× smaller than raw OTLP JSON (${r.sizes.jsonBytes.toFixed(0)} bytes a record, the SDK's JsonLogsSerializer) → ${verdict(vs >= r.target.vsJson)} (${vs.toFixed(1)}× as the hub left the parts)`,
    `- counts checked per run: ${counted.join('; ')}`,
    '',
    metricsTable(r.runs, metrics),
    '',
    `Disk bytes are \`bytes_on_disk\` of the active parts of otel_logs in system.parts (columns, marks, primary index and the skip indexes, which the breakdown below names), read after the hub stopped, its merges held off; then once more after \`OPTIMIZE TABLE otel_logs FINAL\`, since a longer-running hub merges its small parts. Ceiling: the same stored rows exported once, then inserted in one statement into an empty table made by the same migrations (${migrations.join(', ')}).`,
    '',
    'Every request differs from every other (bench/ingest-logs/records.ts): each body carries its request id, trace and span ids are re-drawn per request, and each request moves the timeline on, so no two rows repeat next to each other for ZSTD to exploit.',
    ...breakdown(r),
  ].join('\n') + '\n';
}

export function writeReport(r: LogsReport, base: string): void {
  writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(`${base}.md`, renderMarkdown(r));
}
