import { describe, expect, it } from 'vitest';
import { rateSeconds } from './summary.js';

const H = 3_600_000;
const range = { from: 10 * H, to: 11 * H, now: 20 * H };
const at = (ms: number) => new Date(ms);

describe('rateSeconds', () => {
  it.each([
    ['seen before the range: the whole range', 9 * H, at(5 * H), 3600],
    ['first span 5 min in, not in the catalog: the 55 min since', 10 * H + 300_000, null, 3300],
    ['the catalog saw it earlier than its first span in the range', 10 * H + 300_000, at(10 * H + 60_000), 3540],
    ['discovery has not run yet (catalog later than the span)', 10 * H + 300_000, at(10 * H + 900_000), 3300],
    ['catalog only, no span in the range', undefined, at(10 * H + 1_800_000), 1800],
    ['nothing known: the range', undefined, null, 3600],
    ['first span at the very end: at least one second', 11 * H, null, 1],
  ])('%s', (_why, firstSpanMs, firstSeen, seconds) => {
    expect(rateSeconds(range, firstSpanMs, firstSeen)).toBe(seconds);
  });

  it('ends at now when the range reaches past it', () => {
    expect(rateSeconds({ from: 10 * H, to: 12 * H, now: 10 * H + 600_000 }, 10 * H + 120_000, null)).toBe(480);
  });
});
