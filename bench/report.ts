/**
 * `npm run bench:report`: renders the latest results under bench/results into
 * docs/performance.md: the performance targets with what was measured against each, and
 * every benchmark's latest result. Writes nothing else; run the benchmarks first
 * (`npm run bench`). A target whose benchmark has no result yet says so.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './ingest-traces/hub-process.js';
import { spread } from './support/stats.js';
import { benchmarks } from './suite.js';

const { values: opts } = parseArgs({ options: { out: { type: 'string', default: join(root, 'docs/performance.md') }, help: { type: 'boolean', default: false } } });
if (opts.help) {
  process.stdout.write('usage: npm run bench:report [-- --out FILE]\n\nRenders bench/results into docs/performance.md (or FILE).\n');
  process.exit(0);
}

const dir = join(root, 'bench/results');
interface Result {
  file: string;
  date: string;
  machine?: { cores: number; cpu: string; memoryGiB: number };
  node?: string;
  json: unknown;
}

/** The newest of `<base>.json` and `<base>-<label>.json` that carries a date (a run written with --out counts). */
function latest(base: string): Result | undefined {
  const found = readdirSync(dir)
    .filter((f) => f === `${base}.json` || (f.startsWith(`${base}-`) && f.endsWith('.json')))
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as { date?: string; machine?: Result['machine']; node?: string } }))
    .filter((r) => typeof r.json.date === 'string')
    .map((r) => ({ file: r.file, date: r.json.date!, machine: r.json.machine, node: r.json.node, json: r.json }));
  // full ISO times order runs of one day; a date alone (older results) sorts before its day's times
  return found.sort((a, b) => (a.date < b.date ? 1 : -1))[0];
}

const median = (values: number[]) => spread(values).median;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mib = (b: number) => `${fmt(b / 2 ** 20)} MiB`;

interface IngestTraces {
  runs: Array<{ e2eSpansPerS: number; stored: { ceiling: { nativeRowsPerS: number } }; hub: { peakRssBytes: number } }>;
}
interface IngestLogs {
  runs: Array<{ e2eRecordsPerS: number; ceilingShare: number; diskBytesPerRecord: number; vsJson: number }>;
}
interface RemoteWrite {
  receivers: Array<{ name: string; medianSamplesPerS: number }>;
  ratios: { vsPrometheus: number; vsVictoriaMetrics: number };
}
interface Queries {
  scale: { spans: number; logs: number };
  results: Array<{ name: string; p95: number }>;
}
interface IdleMemory {
  runs: Array<{ fresh: { rss: number } }>;
}

interface Target {
  what: string;
  target: string;
  /** the results base it is read from; none yet: the benchmark is still to be written */
  from?: string;
  measure?: (json: never) => { value: string; met: boolean };
}
/** Issue 12's targets, embedded mode, on the 2-core machine the results were measured on. */
const targets: Target[] = [
  { what: 'traces end to end', target: '≥ 100,000 spans/s', from: 'ingest-traces', measure: (r: IngestTraces) => at(median(r.runs.map((x) => x.e2eSpansPerS)), 100_000, 'spans/s') },
  {
    what: 'traces, share of the chDB Native ceiling',
    target: '≥ 40 %',
    from: 'ingest-traces',
    measure: (r: IngestTraces) => {
      const share = median(r.runs.map((x) => x.e2eSpansPerS / x.stored.ceiling.nativeRowsPerS));
      return { value: `${(share * 100).toFixed(0)} %`, met: share >= 0.4 };
    },
  },
  {
    what: 'logs end to end',
    target: '≥ 150,000 records/s, ≥ 40 % of the ceiling',
    from: 'ingest-logs',
    measure: (r: IngestLogs) => {
      const [rate, share] = [median(r.runs.map((x) => x.e2eRecordsPerS)), median(r.runs.map((x) => x.ceilingShare))];
      return { value: `${fmt(rate)} records/s, ${(share * 100).toFixed(0)} % of the ceiling`, met: rate >= 150_000 && share >= 0.4 };
    },
  },
  { what: 'metrics remote_write', target: '≥ 300,000 samples/s', from: 'remote-write', measure: (r: RemoteWrite) => at(r.receivers.find((x) => x.name === 'Octolens')!.medianSamplesPerS, 300_000, 'samples/s') },
  { what: 'remote_write ÷ Prometheus', target: '≥ 1×', from: 'remote-write', measure: (r: RemoteWrite) => ratio(r.ratios.vsPrometheus, 1) },
  { what: 'remote_write ÷ VictoriaMetrics', target: '≥ 0.5×', from: 'remote-write', measure: (r: RemoteWrite) => ratio(r.ratios.vsVictoriaMetrics, 0.5) },
  { what: 'trace by id @ 10M spans', target: 'p95 ≤ 50 ms', from: 'queries', measure: (r: Queries) => p95(r, 'trace by id', 50) },
  { what: 'service list RED 1 h @ 10M spans', target: 'p95 ≤ 200 ms', from: 'queries', measure: (r: Queries) => p95(r, 'service list, RED over 1 h', 200) },
  { what: 'log search, rare term @ 10M logs', target: 'p95 ≤ 500 ms', from: 'queries', measure: (r: Queries) => p95(r, 'log search, rare term, 24 h', 500) },
  {
    what: 'idle hub RSS after start',
    target: '≤ 400 MiB',
    from: 'idle-memory',
    measure: (r: IdleMemory) => {
      const rss = median(r.runs.map((x) => x.fresh.rss));
      return { value: mib(rss), met: rss <= 400 * 2 ** 20 };
    },
  },
  {
    what: 'hub RSS under sustained ingest',
    target: '≤ 1.5 GiB',
    from: 'ingest-traces',
    measure: (r: IngestTraces) => {
      const peak = Math.max(...r.runs.map((x) => x.hub.peakRssBytes));
      return { value: `${mib(peak)} (peak)`, met: peak <= 1.5 * 2 ** 30 };
    },
  },
  {
    what: 'log storage',
    target: '≥ 8× smaller than raw OTLP JSON',
    from: 'ingest-logs',
    measure: (r: IngestLogs) => {
      const [vs, bytes] = [median(r.runs.map((x) => x.vsJson)), median(r.runs.map((x) => x.diskBytesPerRecord))];
      return { value: `${vs.toFixed(1)}× (${bytes.toFixed(0)} bytes a record on disk)`, met: vs >= 8 };
    },
  },
];

function at(value: number, min: number, unit: string) {
  return { value: `${fmt(value)} ${unit}`, met: value >= min };
}
/** a query's p95, and whether it was measured at the 10M scale the target names */
function p95(r: Queries, name: string, maxMs: number) {
  const ms = r.results.find((x) => x.name === name)!.p95;
  const full = r.scale.spans >= 10_000_000 && r.scale.logs >= 10_000_000;
  return { value: `${ms.toFixed(0)} ms${full ? '' : ` (at ${fmt(r.scale.spans)} spans, ${fmt(r.scale.logs)} logs)`}`, met: full && ms <= maxMs };
}
function ratio(value: number, min: number) {
  return { value: `${value.toFixed(2)}×`, met: value >= min };
}

const rows = targets.map((t) => {
  const result = t.from ? latest(t.from) : undefined;
  if (!t.measure) return `| ${t.what} | ${t.target} | no benchmark yet | – | – |`;
  if (!result) return `| ${t.what} | ${t.target} | not run yet (\`npm run bench -- ${t.from}\`) | – | – |`;
  const m = t.measure(result.json as never);
  const md = result.file.replace(/\.json$/, '.md');
  return `| ${t.what} | ${t.target} | ${m.value} | ${m.met ? 'met' : '**not met**'} | [${md}](../bench/results/${md}), ${result.date.slice(0, 10)} |`;
});

/** A markdown-only result's date: the first ISO date in it. */
const mdDate = (file: string) => /\b(20\d\d-\d\d-\d\d)\b/.exec(readFileSync(file, 'utf8'))?.[1] ?? '?';
const listing = benchmarks.map((b) => {
  const json = latest(b.results);
  const md = json ? join(dir, json.file.replace(/\.json$/, '.md')) : join(dir, `${b.results}.md`);
  const cell = existsSync(md) ? `[${md.slice(dir.length + 1)}](../bench/results/${md.slice(dir.length + 1)}), ${json?.date.slice(0, 10) ?? mdDate(md)}` : 'not run yet';
  return `| \`${b.name}\` | ${b.doc} | ${cell} |`;
});

const newest = benchmarks
  .map((b) => latest(b.results))
  .filter((r): r is Result => !!r?.machine)
  .sort((a, b) => (a.date < b.date ? 1 : -1))[0];
const markdown = `# Performance

Rendered by \`npm run bench:report\` from the latest results in [bench/results](../bench/results)
(edit the benchmarks, not this file). Run them with \`npm run bench\` (all) or
\`npm run bench -- <name>\`; each starts what it needs, measures, stops, and counts every
acknowledged record back from storage. Ratios are measured side by side in one run.
${newest?.machine ? `\nMachine of the newest result (${newest.date.slice(0, 10)}): ${newest.machine.cores} cores (${newest.machine.cpu}), ${newest.machine.memoryGiB} GiB, Node ${newest.node}.\n` : ''}
## Targets (embedded mode: chDB, in-process queue, PGlite)

| what | target | measured | | result |
|---|---|---|---|---|
${rows.join('\n')}

## Benchmarks

| name | what it measures | latest result |
|---|---|---|
${listing.join('\n')}
`;
writeFileSync(opts.out!, markdown);
console.log(`wrote ${opts.out}: ${rows.filter((r) => r.includes('| met |')).length} of ${targets.length} targets met`);
