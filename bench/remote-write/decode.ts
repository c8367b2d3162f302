/**
 * remote_write decode + normalise, the CPU a sample costs before it reaches the queue:
 * `npm run bench:remote-write-decode -- --help`.
 *
 * The stream of bench:remote-write (40,000 node_exporter-like series, 10,000 samples per
 * snappy-compressed request), decoded and normalised on one thread by a receiver that keeps
 * its series cache between requests, as the hub's does. Each measurement is a fresh process:
 * a warm-up, then the median of its timed passes. With `--against DIR` (a checkout of another
 * commit, its node_modules linked) the same runs for that tree's collectors/prometheus,
 * alternating the order per pair, so a change is measured beside what it replaces.
 * Writes bench/results/remote-write-decode.md.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { machine, spread } from '../support/stats.js';
import { buildBodies, makeSeries } from './series.js';

const help = `usage: npm run bench:remote-write-decode -- [options]

  --against DIR  also measure the collectors/prometheus of the tree in DIR, alternating (e.g. a
                 git worktree of the commit before a change)
  --pairs N      measurements of each tree, each in a fresh process (default 5)
  --passes N     timed passes over the stream in each process (default 15)
  --no-write     print the results, write nothing
  --help         this text
`;

const root = resolve(import.meta.dirname, '../..');
const SERIES = 40_000;
const PER_REQUEST = 10_000;
/** scrape steps in the stream; the first WARM_STEPS fill the series cache and are not timed */
const STEPS = 12;
const WARM_STEPS = 2;
const TIMED_REQUESTS = ((STEPS - WARM_STEPS) * SERIES) / PER_REQUEST;

/** Child mode: one tree's decode + normalise, median µs a sample over `passes`. */
async function measure(tree: string, passes: number): Promise<number> {
  const { decodeWriteRequest } = (await import(join(tree, 'collectors/prometheus/decode.ts'))) as typeof import('../../collectors/prometheus/decode.js');
  const { normaliseWrite, receiverState, rememberSeries } = (await import(join(tree, 'collectors/prometheus/normalise.ts'))) as typeof import('../../collectors/prometheus/normalise.js');
  const bodies = buildBodies(makeSeries(SERIES), PER_REQUEST, 0, STEPS, Date.now() - 3_600_000, 15_000);
  const state = receiverState();
  const pass = (list: typeof bodies) => {
    let samples = 0;
    for (const body of list) {
      const write = normaliseWrite(decodeWriteRequest(body.bytes, 64 << 20), state);
      rememberSeries(write);
      samples += write.samples;
    }
    return samples;
  };
  // the warm-up steps, untimed: every series is new in the first, as in a receiver's first minute
  const warm = bodies.length - TIMED_REQUESTS;
  pass(bodies.slice(0, warm));
  const timed = bodies.slice(warm);
  const perSample: number[] = [];
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    const samples = pass(timed);
    perSample.push(((performance.now() - started) * 1000) / samples);
  }
  return spread(perSample).median;
}

const { values } = parseArgs({
  options: { against: { type: 'string' }, pairs: { type: 'string', default: '5' }, passes: { type: 'string', default: '15' }, child: { type: 'string' }, 'no-write': { type: 'boolean' }, help: { type: 'boolean' } },
});
if (values.help) {
  process.stdout.write(help);
  process.exit(0);
}
const passes = Number(values.passes);
if (values.child) {
  process.stdout.write(`${await measure(values.child, passes)}\n`);
  process.exit(0);
}

const run = promisify(execFile);
const inChild = async (tree: string) => Number((await run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', tree, '--passes', String(passes)], { cwd: root })).stdout.trim());

const trees = values.against ? [root, resolve(values.against)] : [root];
const results: number[][] = trees.map(() => []);
for (let pair = 0; pair < Number(values.pairs); pair++) {
  const order = pair % 2 === 0 ? trees.map((_, i) => i) : trees.map((_, i) => trees.length - 1 - i);
  for (const i of order) results[i]!.push(await inChild(trees[i]!));
  console.log(`pair ${pair + 1}: ${trees.map((t, i) => `${t === root ? 'this tree' : t} ${results[i]!.at(-1)!.toFixed(3)}`).join(', ')} µs/sample`);
}

const m = machine();
const fmt = (v: number) => v.toFixed(3);
const rows = trees.map((t, i) => {
  const s = spread(results[i]!);
  return `| ${t === root ? 'this tree' : `\`${t}\``} | ${fmt(s.median)} | ${fmt(s.min)}–${fmt(s.max)} | ${results[i]!.map(fmt).join(', ')} |`;
});
const ratios = values.against ? results[0]!.map((v, i) => v / results[1]![i]!) : [];
const text = `# remote_write decode + normalise, one thread

Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:remote-write-decode${values.against ? ' -- --against <the tree before>' : ''}\`
(Node ${process.version}, ${m.cpu} × ${m.cores}; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(', ')}).

The stream of bench:remote-write: ${SERIES.toLocaleString('en')} node_exporter-like series, ${PER_REQUEST.toLocaleString('en')} samples per
snappy-compressed request; snappy + protobuf decode + normalise into the Native sample block and
the series rows, by a receiver whose series cache is warm. Each figure is one fresh process:
the median of ${passes} timed passes over ${TIMED_REQUESTS} requests. Processes alternate between the trees.

| tree | µs/sample (median) | range | each process |
|---|---:|---|---|
${rows.join('\n')}
${values.against ? `\nThis tree ÷ the other, per pair: ${ratios.map((r) => r.toFixed(3)).join(', ')}; median **${spread(ratios).median.toFixed(3)}**.\n` : ''}`;
console.log(`\n${text}`);
if (!values['no-write']) {
  const out = fileURLToPath(new URL('../results/remote-write-decode.md', import.meta.url));
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
