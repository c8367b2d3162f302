/**
 * The read side at scale: `npm run bench:queries -- --help`.
 *
 * Fills a data dir with 10M spans, 10M log records and 10M metric points over the last
 * 24 hours (bench/queries/generate.ts, the bulk path), waits for its merges, starts the real hub on it
 * (`octolens start`, embedded chDB and PGlite), and times the API requests the UI makes,
 * each over HTTP from this process, `--runs` times after a warm-up, each run with other
 * ids or terms than the one before: trace by id, the service list with RED over 1 h and
 * 24 h, log search by a rare term and by trace id, a metric query over 24 h grouped by
 * service. Every answer is checked against what the generator put there, so a fast wrong
 * answer fails the run. Writes bench/results/queries.{md,json}.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openTelemetryStore } from '../../server/storage/index.js';
import type { LogsResult, MetricQueryResult, ServicesResult, TraceResult } from '../../shared/api.js';
import { root, startBenchHub } from '../ingest-traces/hub-process.js';
import { machine, spread } from '../support/stats.js';
import { generate, METRIC, RARE_TOKENS, rareToken, SERVICES } from './generate.js';

const help = `usage: npm run bench:queries -- [options]

  --spans N     spans generated (default 10000000)
  --logs N      log records generated (default 10000000)
  --points N    metric points generated (default 10000000)
  --hours N     the window they fill, ending now (default 24)
  --runs N      timed runs of each query, after one warm-up (default 30)
  --out BASE    results path without extension (default bench/results/queries)
  --no-write    print the results, write nothing
  --help        this text
`;
const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '10000000' },
    logs: { type: 'string', default: '10000000' },
    points: { type: 'string', default: '10000000' },
    hours: { type: 'string', default: '24' },
    runs: { type: 'string', default: '30' },
    out: { type: 'string', default: join(root, 'bench/results/queries') },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write(help);
  process.exit(0);
}
const scale = { spans: Number(opts.spans), logs: Number(opts.logs), points: Number(opts.points), hours: Number(opts.hours) };
const runs = Number(opts.runs);

const dataDir = mkdtempSync(join(tmpdir(), 'octolens-bench-queries-'));
const endMs = Math.floor(Date.now() / 60_000) * 60_000;
const store = await openTelemetryStore({ dataDir, database: 'default', retentionDays: { traces: 30, logs: 30, metrics: 30 } });
const generated = await generate(store, scale, endMs, (line) => process.stdout.write(`\r${line.padEnd(40)}`));
process.stdout.write('\n');
// The bulk path leaves a few large parts per table whose merges would run for a minute after
// the hub starts, on the same two cores as the first query timed: wait them out, so each query
// is timed over data at rest, as a hub that has been ingesting holds it.
const settleStarted = performance.now();
for (;;) {
  const [m] = await store.query<{ merges: number }>('SELECT count() AS merges FROM system.merges');
  if (m!.merges === 0) break;
  process.stdout.write(`\rwaiting for ${m!.merges} merge(s) to finish `);
  await new Promise((r) => setTimeout(r, 1000));
}
const settledSeconds = (performance.now() - settleStarted) / 1000;
// ids to look up, spread over the window: roots of every ~(traces/200)th trace
const sampled = await store.query<{ TraceId: string }>(
  `SELECT TraceId FROM otel_traces WHERE ParentSpanId = '' AND cityHash64(TraceId) % {every:UInt64} = 0 LIMIT {n:UInt64}`,
  { every: Math.max(1, Math.floor(scale.spans / 10 / 200)), n: runs + 1 },
);
const traceIds = sampled.map((r) => r.TraceId);
const [parts] = await store.query<{ parts: number }>("SELECT count() AS parts FROM system.parts WHERE active AND database = currentDatabase() AND table IN ('otel_traces', 'otel_logs', 'otel_metrics_gauge')");
await store.close();
console.log(`generated in ${Object.entries(generated).map(([k, s]) => `${k} ${s.toFixed(0)} s`).join(', ')}; merges settled in ${settledSeconds.toFixed(0)} s; ${parts!.parts} active parts; ${traceIds.length} trace ids sampled`);

interface Query {
  name: string;
  /** the path of run i (i = 0 is the warm-up) */
  path: (i: number) => string;
  /** throws when the answer is not what the generator stored */
  check: (body: unknown, i: number) => void;
}
const range24h = `from=${endMs - scale.hours * 3_600_000}&to=${endMs}`;
const range1h = `from=${endMs - 3_600_000}&to=${endMs}`;
function expect(ok: boolean, what: string): void {
  if (!ok) throw new Error(`wrong answer: ${what}`);
}
const queries: Query[] = [
  {
    name: 'trace by id',
    path: (i) => `/api/v1/traces/${traceIds[i % traceIds.length]}`,
    check: (b, i) => expect((b as TraceResult).spans.length === 10 && (b as TraceResult).spans.every((s) => s.traceId === traceIds[i % traceIds.length]), 'the 10 spans of the trace'),
  },
  {
    name: 'service list, RED over 1 h',
    path: () => `/api/v1/services?${range1h}`,
    check: (b) => expect((b as ServicesResult).services.length === SERVICES, `${SERVICES} services`),
  },
  {
    name: 'service list, RED over 24 h',
    path: () => `/api/v1/services?${range24h}`,
    check: (b) => expect((b as ServicesResult).services.length === SERVICES, `${SERVICES} services`),
  },
  {
    name: 'log search, rare term, 24 h',
    path: (i) => `/api/v1/logs?q=${rareToken(i % RARE_TOKENS)}&${range24h}`,
    check: (b, i) => {
      const records = (b as LogsResult).logs;
      expect(records.length === 10 && records.every((r) => r.body.includes(rareToken(i % RARE_TOKENS))), `the 10 records holding ${rareToken(i % RARE_TOKENS)}`);
    },
  },
  {
    name: 'log search by trace id, 24 h',
    path: (i) => `/api/v1/logs?traceId=${traceIds[i % traceIds.length]}&${range24h}`,
    check: (b, i) => expect((b as LogsResult).logs.length >= 1 && (b as LogsResult).logs.every((l) => l.traceId === traceIds[i % traceIds.length]), 'the records of the trace'),
  },
  {
    name: 'metric query, 24 h, by service',
    path: () => `/api/v1/metrics/query?name=${METRIC}&agg=avg&groupBy=service.name&${range24h}`,
    check: (b) => expect((b as MetricQueryResult).frames.length === SERVICES, `${SERVICES} frames`),
  },
];

const hub = await startBenchHub({ dataDir });
const results: Array<{ name: string; ms: number[]; p50: number; p95: number; max: number }> = [];
try {
  for (const q of queries) {
    const ms: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      const res = await fetch(hub.apiUrl + q.path(i));
      const body: unknown = await res.json();
      const elapsed = performance.now() - started;
      if (res.status !== 200) throw new Error(`${q.name}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      q.check(body, i);
      if (i > 0) ms.push(elapsed);
    }
    ms.sort((a, b) => a - b);
    const pct = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)]!;
    results.push({ name: q.name, ms, p50: spread(ms).median, p95: pct(0.95), max: ms[ms.length - 1]! });
    console.log(`${q.name.padEnd(32)} p50 ${spread(ms).median.toFixed(0).padStart(5)} ms  p95 ${pct(0.95).toFixed(0).padStart(5)} ms`);
  }
} finally {
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const report = { date: new Date().toISOString(), machine: machine(), node: process.version, scale, runs, generated, settledSeconds, activeParts: parts!.parts, results };
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const markdown = `# Queries at scale: the API over ${fmt(scale.spans)} spans, ${fmt(scale.logs)} log records, ${fmt(scale.points)} points

${report.date.slice(0, 10)} · ${report.machine.cores} cores (${report.machine.cpu}) · Node ${report.node} · \`npm run bench:queries\`

Data over the ${scale.hours} h before the run, generated inside chDB (bench/queries/generate.ts, INSERT … SELECT
FROM numbers(), through the tables and materialized views the migrations create; their merges waited
out, ${report.settledSeconds.toFixed(0)} s, leaving ${report.activeParts} active parts): traces of 10 spans over ${SERVICES} services, ~200-byte access-log bodies (four in five
with a trace id, 30 rare tokens in 10 records each), 1,000 gauge series. The real hub (\`octolens start\`) answers;
each query is timed over HTTP ${runs} times after one warm-up, each run with another trace id or token, and every
answer is checked against the generated data.

| query | p50 ms | p95 ms | max ms |
|---|---|---|---|
${results.map((r) => `| ${r.name} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.max.toFixed(0)} |`).join('\n')}

One SLO cycle with 1,000 SLOs over 10M spans is measured by \`slo-cycle\` (bench/results/slo-cycle.md).
`;
console.log(`\n${markdown}`);
if (!opts['no-write']) {
  writeFileSync(`${opts.out}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${opts.out}.md`, markdown);
}
