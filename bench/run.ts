/**
 * `npm run bench` runs every benchmark of bench/suite.ts in turn; `npm run bench -- <name>…`
 * only those. Each writes its own results; `npm run bench:report` renders docs/performance.md.
 * Exit code: 0 when every benchmark run exited 0, 1 otherwise, 2 on a usage error.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './ingest-traces/hub-process.js';
import { benchmarks } from './suite.js';

const help = `usage: npm run bench [-- <name>…] [-- --list]

Runs the benchmarks (all of them, in the order below, or the ones named), each starting
what it needs and writing bench/results/<name>.{md,json}; then run \`npm run bench:report\`
to render docs/performance.md. One benchmark alone, with its own options:
\`npx tsx <script> --help\`. This machine's other load skews results: run them on a quiet one.

${benchmarks.map((b) => `  ${b.name.padEnd(21)}${b.doc}`).join('\n')}
`;
const { values: opts, positionals } = parseArgs({ allowPositionals: true, options: { list: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (opts.help || opts.list) {
  process.stdout.write(opts.list ? benchmarks.map((b) => `${b.name}\t${b.script}`).join('\n') + '\n' : help);
  process.exit(0);
}
const unknown = positionals.filter((p) => !benchmarks.some((b) => b.name === p));
if (unknown.length) {
  process.stderr.write(`unknown benchmark: ${unknown.join(', ')} (see npm run bench -- --help)\n`);
  process.exit(2);
}
const selected = positionals.length ? benchmarks.filter((b) => positionals.includes(b.name)) : benchmarks;
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

const outcomes: Array<{ name: string; outcome: string }> = [];
for (const b of selected) {
  const missing = (b.needs ?? []).filter((t) => !has(t));
  if (missing.length) {
    outcomes.push({ name: b.name, outcome: `skipped: needs ${missing.join(', ')}` });
    continue;
  }
  console.log(`\n=== ${b.name}: ${b.doc}`);
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, b.script), ...(b.args ?? [])], { cwd: root, stdio: 'inherit' });
    child.once('exit', resolve);
  });
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  outcomes.push({ name: b.name, outcome: code === 0 ? `ok in ${minutes} min` : `FAILED (exit ${code}) after ${minutes} min` });
}
console.log(`\n${outcomes.map((o) => `${o.name.padEnd(21)}${o.outcome}`).join('\n')}\n\nnext: npm run bench:report`);
process.exitCode = outcomes.some((o) => o.outcome.startsWith('FAILED')) ? 1 : 0;
