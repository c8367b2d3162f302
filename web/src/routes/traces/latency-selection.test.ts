import { describe, expect, it } from 'vitest';
import type { LatencyBucket } from '$shared/api';
import { bucketsInRange, bucketsUnder, durationFields } from './latency-selection';

const b = (minNs: number, maxNs: number): LatencyBucket => ({ minNs, maxNs, spans: 1, errors: 0 });
// 0–1.5 ns, 1.5–2 ns, then 10–15, 15–20, 20–30, 30–50 ms
const buckets = [b(0, 1.5), b(1.5, 2), b(10e6, 15e6), b(15e6, 20e6), b(20e6, 30e6), b(30e6, 50e6)];

describe('bucketsUnder', () => {
  it.each([
    [0.7, 2.2, [1, 2]],
    [2.2, 0.7, [1, 2]],
    // each bucket covers [i − 0.5, i + 0.5)
    [1.5, 2.49, [2, 2]],
    [1.49, 1.51, [1, 2]],
    [-3, 0.2, [0, 0]],
    [4.6, 40, [5, 5]],
    [-3, 40, [0, 5]],
  ])('a drag from x %d to %d selects buckets %j', (x0, x1, expected) => {
    expect(bucketsUnder(x0, x1, 6)).toEqual(expected);
  });

  it('selects nothing past either end', () => {
    expect(bucketsUnder(5.6, 9, 6)).toBeNull();
    expect(bucketsUnder(-9, -0.6, 6)).toBeNull();
  });
});

describe('durationFields', () => {
  it('writes the first bucket start and the last bucket end in ms', () => {
    expect(durationFields(buckets, 2, 4)).toEqual({ minDurationMs: '10', maxDurationMs: '30' });
    expect(durationFields(buckets, 3, 3)).toEqual({ minDurationMs: '15', maxDurationMs: '20' });
  });

  it('leaves out a start of 0 and never writes an exponent', () => {
    expect(durationFields(buckets, 0, 0)).toEqual({ minDurationMs: '', maxDurationMs: '0.0000015' });
    expect(durationFields(buckets, 1, 1)).toEqual({ minDurationMs: '0.0000015', maxDurationMs: '0.000002' });
  });
});

describe('bucketsInRange', () => {
  it('shades the buckets wholly inside [min, max)', () => {
    expect(bucketsInRange(buckets, 10, 30)).toEqual([2, 4]);
    expect(bucketsInRange(buckets, 15, undefined)).toEqual([3, 5]);
    expect(bucketsInRange(buckets, undefined, 20)).toEqual([0, 3]);
    expect(bucketsInRange(buckets, 12, 40)).toEqual([3, 4]);
  });

  it('reads ms as the API does, rounded to whole ns', () => {
    expect(bucketsInRange([b(150_000, 200_000)], 0.15, 0.2)).toEqual([0, 0]);
  });

  it('shades nothing without a range or with none inside it', () => {
    expect(bucketsInRange(buckets, undefined, undefined)).toBeNull();
    expect(bucketsInRange(buckets, 11, 14)).toBeNull();
  });
});
