/**
 * `npm run fuzz`: the fuzz targets of test/support/fuzz/targets.ts, longer than CI runs them
 * (test/fuzz.test.ts). Exit code: 0 when every target held, 1 when one failed, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { checkTarget, describeFailure, fuzzTargets } from '../test/support/fuzz/targets.js';

const help = `usage: npm run fuzz -- [--runs N] [--target <name>…] [--seed S [--path P]]

Sends hostile inputs, made from the repo's valid fixtures (bytes flipped, cut, spliced,
repeated; JSON values of the wrong type, huge numbers, lone surrogates, deep nesting), to
the decoders and to the hub's HTTP app, and checks that each answers a 2xx or a 4xx with a
message (never a 5xx) and that decoders throw only their typed error. A failure prints the
error, the shrunk input and the --seed/--path that replay it.

  --runs N       inputs per target (default 10000)
  --target NAME  only this target (repeatable)
  --seed S       the random seed (default: a new one, printed)
  --path P       with --seed: replay the one failing input a report named

targets:
${fuzzTargets.map((t) => `  ${t.name.padEnd(20)}${t.doc}`).join('\n')}
`;

function usage(message: string): never {
  process.stderr.write(`${message} (see npm run fuzz -- --help)\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      runs: { type: 'string', default: '10000' },
      target: { type: 'string', multiple: true },
      seed: { type: 'string' },
      path: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
} catch (err) {
  usage((err as Error).message);
}
const opts = parsed.values;
if (opts.help) {
  process.stdout.write(help);
  process.exit(0);
}
const runs = Number(opts.runs);
if (!Number.isSafeInteger(runs) || runs < 1) usage(`--runs: expected a whole number ≥ 1, got "${opts.runs}"`);
const seed = opts.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(opts.seed);
if (!Number.isSafeInteger(seed)) usage(`--seed: expected an integer, got "${opts.seed}"`);
if (opts.path !== undefined && opts.seed === undefined) usage('--path replays one input of a run: give its --seed too');
const unknown = (opts.target ?? []).filter((name) => !fuzzTargets.some((t) => t.name === name));
if (unknown.length > 0) usage(`unknown target: ${unknown.join(', ')}`);
const selected = opts.target ? fuzzTargets.filter((t) => opts.target!.includes(t.name)) : fuzzTargets;

console.log(`fuzzing ${selected.length} targets, ${runs} inputs each, seed ${seed}`);
let failed = 0;
for (const target of selected) {
  const started = performance.now();
  const details = await checkTarget(target, { numRuns: runs, seed, path: opts.path });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (details.failed) {
    failed++;
    console.log(`FAIL ${describeFailure(target, details)}\n`);
  } else console.log(`ok   ${target.name.padEnd(20)}${details.numRuns} inputs in ${seconds} s`);
}
console.log(failed === 0 ? `\nall ${selected.length} targets held` : `\n${failed} of ${selected.length} targets failed`);
process.exitCode = failed === 0 ? 0 : 1;
