/**
 * What the end-to-end ingest benchmarks (bench/ingest-traces, bench/ingest-logs) share on
 * the command line and at the head of their reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { loadConfig } from '../../server/config/config.js';
import { machine, spread } from '../support/stats.js';
import { root } from './hub-process.js';

/** parseArgs options beside each benchmark's own (its count, --out). */
export const runOptions = {
  runs: { type: 'string', default: '3' },
  concurrency: { type: 'string', default: '128' },
  batch: { type: 'string', default: '512' },
  set: { type: 'string', multiple: true, default: [] as string[] },
  'quiet-wait': { type: 'string', default: '180' },
  'no-write': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} satisfies NonNullable<ParseArgsConfig['options']>;

/** Help lines of runOptions, for items called `unit` (span, record). */
export const runHelp = (unit: string) => ({
  load: `  --runs N           measured runs, each on a fresh hub (default 3)
  --concurrency C    concurrent OTLP requests from the loader (default 128)
  --batch N          ${unit}s per OTLP request (default 512, the SDK's maxExportBatchSize)
  --set K=V          hub setting for every run, e.g. --set OCTOLENS_BATCH_ROWS=20000 (repeatable)`,
  quiet: `  --quiet-wait S     before each run, wait up to S s for other processes to leave the cores idle (default 180); a run
                     during which they took > 0.3 cores is measured again, at most twice`,
  write: `  --no-write         print the results, write nothing
  --help             this text`,
});

/** `--set K=V` pairs as the hub's environment. */
export const hubEnv = (set: string[]): Record<string, string> => Object.fromEntries(set.map((kv) => kv.split(/=(.*)/s).slice(0, 2) as [string, string]));

/** The queue settings the hub runs with: its defaults, octolens.yaml, the environment, --set. */
export function queueSettings(env: Record<string, string>) {
  const { queue } = loadConfig({ env: { ...process.env, ...env }, file: join(root, 'octolens.yaml') });
  return {
    queue,
    settings: { OCTOLENS_BATCH_ROWS: queue.batchRows, OCTOLENS_FLUSH_INTERVAL_MS: queue.flushIntervalMs, OCTOLENS_INSERT_CONCURRENCY: queue.concurrency, OCTOLENS_QUEUE_MAX_ROWS: queue.maxRows, OCTOLENS_QUEUE_MAX_BYTES: queue.maxBytes, OCTOLENS_BATCH_BYTES: queue.batchBytes },
  };
}

/** Date, machine, Node and chDB versions, as every report states them. */
export function reportHeader(engineVersion: string) {
  return {
    date: new Date().toISOString(),
    machine: machine(),
    node: process.version,
    chdb: { npm: (JSON.parse(readFileSync(join(root, 'node_modules/chdb/package.json'), 'utf8')) as { version: string }).version, engine: engineVersion },
  };
}

/** One line per metric on stdout: median, min, max over the runs. */
export function printMetrics<T>(runs: T[], metrics: Array<[string, (r: T) => number, (v: number) => string]>): void {
  for (const [name, f, fmt] of metrics) {
    const s = spread(runs.map(f));
    console.log(`${name.padEnd(52)} median ${fmt(s.median).padStart(10)}  (min ${fmt(s.min)}, max ${fmt(s.max)})`);
  }
}
