import { describe, expect, it } from 'vitest';
import { histogramQuantile, type Bucket } from './histogram-quantile.js';

const h = (pairs: Array<[number, number]>): Bucket[] => pairs.map(([upperBound, count]) => ({ upperBound, count }));
const latency = h([[10, 2], [50, 6], [100, 2], [Infinity, 0]]);

describe('histogramQuantile (Prometheus histogram_quantile)', () => {
  it.each([
    [0.5, 30], // rank 5 in (10, 50]: 10 + 40·3/6
    [0.9, 75], // rank 9 in (50, 100]: 50 + 50·1/2
    [0.99, 97.5],
    [0.1, 5], // rank 1 in the first bucket, which starts at 0
    [1, 100],
  ])('q=%d → %d', (q, expected) => {
    expect(histogramQuantile(q, latency)).toBeCloseTo(expected, 10);
  });

  it('answers the highest finite bound for a rank in the +Inf bucket', () => {
    expect(histogramQuantile(0.95, h([[10, 1], [Infinity, 9]]))).toBe(10);
  });

  it('returns a first bound ≤ 0 as is', () => {
    expect(histogramQuantile(0.5, h([[-5, 4], [0, 0], [Infinity, 0]]))).toBe(-5);
  });

  it('sorts buckets by bound', () => {
    expect(histogramQuantile(0.5, [...latency].reverse())).toBe(30);
  });

  it('forces cumulative counts monotonic (negative increases after a partial reset)', () => {
    expect(histogramQuantile(0.5, h([[10, 4], [20, -2], [30, 2], [Infinity, 0]]))).toBe(10 * (2 / 4));
  });

  it.each([
    ['no observations', h([[10, 0], [Infinity, 0]])],
    ['no +Inf bucket', h([[10, 3], [20, 1]])],
    ['a single bucket', h([[Infinity, 3]])],
    ['no buckets', []],
  ])('is NaN with %s', (_, buckets) => {
    expect(histogramQuantile(0.5, buckets)).toBeNaN();
  });

  it('is ±Inf outside [0, 1], as in PromQL', () => {
    expect(histogramQuantile(-0.1, latency)).toBe(-Infinity);
    expect(histogramQuantile(1.1, latency)).toBe(Infinity);
  });
});
