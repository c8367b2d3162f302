/**
 * Bounded fuzz runs of every target in test/support/fuzz/targets.ts: hostile inputs made from
 * the repo's fixtures never crash a decoder or get a 5xx. A failure prints the seed and the
 * shrunk input; `npm run fuzz -- --target <name> --seed <seed>` replays it, `--runs N` runs longer.
 */
import { describe, expect, it } from 'vitest';
import { checkTarget, describeFailure, fuzzTargets } from './support/fuzz/targets.js';

/** Runs per target: the whole file stays within ~20 s on two busy cores. */
const RUNS: Record<string, number> = { 'otlp-decode': 2000, 'otlp-http': 1000, 'remote-write-decode': 2000, 'remote-write-http': 1000 };
const DEFAULT_RUNS = 400;

describe('fuzzing', () => {
  it.each(fuzzTargets.map((t) => [t.name, t] as const))('%s', async (_name, target) => {
    const details = await checkTarget(target, { numRuns: RUNS[target.name] ?? DEFAULT_RUNS });
    if (details.failed) expect.fail(describeFailure(target, details));
  });
});
