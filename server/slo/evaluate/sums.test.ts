import { describe, expect, it } from 'vitest';
import { buildMinuteSums, firstAtOrAfter, sumBetween, SumsScratch } from './sums.js';

// Four minutes: 9/10, 5/5, an empty minute, 1/3. Running totals: good 0 9 14 14 15, total 0 10 15 15 18.
const series = [
  { minute: 0, good: 9, total: 10 },
  { minute: 60, good: 5, total: 5 },
  { minute: 120, good: 0, total: 0 },
  { minute: 180, good: 1, total: 3 },
];

describe('buildMinuteSums', () => {
  it('keeps running totals with a leading zero', () => {
    const sums = buildMinuteSums(series);
    expect([...sums.starts]).toEqual([0, 60, 120, 180]);
    expect([...sums.good]).toEqual([0, 9, 14, 14, 15]);
    expect([...sums.total]).toEqual([0, 10, 15, 15, 18]);
  });

  it('adds up repeated minutes (unmerged rows of one minute)', () => {
    const sums = buildMinuteSums([
      { minute: 60, good: 1, total: 1 },
      { minute: 60, good: 2, total: 3 },
    ]);
    expect(sumBetween(sums, 60, 120)).toEqual({ good: 3, total: 4 });
  });

  it('refuses an unsorted series, naming the entry', () => {
    expect(() => buildMinuteSums([{ minute: 60, good: 0, total: 0 }, { minute: 0, good: 0, total: 0 }])).toThrow(
      'minutes must be sorted by minute: minutes[1].minute = 0 follows 60',
    );
    expect(() => buildMinuteSums([{ minute: Number.NaN, good: 0, total: 0 }])).toThrow('minutes[0].minute = NaN');
  });
});

describe('firstAtOrAfter', () => {
  const sums = buildMinuteSums(series);
  it.each([
    [-60, 0],
    [0, 0],
    [1, 1],
    [60, 1],
    [180, 3],
    [181, 4],
    [1e12, 4],
  ])('at %d → %d', (at, index) => {
    expect(firstAtOrAfter(sums, at)).toBe(index);
  });
});

describe('sumBetween', () => {
  const sums = buildMinuteSums(series);
  it.each([
    // [from, to) holds the minutes that start in it
    [0, 240, 15, 18],
    [60, 180, 5, 5],
    [30, 90, 5, 5], // minute 60 only
    [61, 180, 0, 0], // only the empty minute 120
    [0, 180, 14, 15], // minute 180 starts at `to`: excluded
    [240, 300, 0, 0],
    [-600, 0, 0, 0],
    [120, 120, 0, 0], // empty range
    [180, 60, 0, 0], // reversed range
  ])('[%d, %d) → good %d, total %d', (from, to, good, total) => {
    expect(sumBetween(sums, from, to)).toEqual({ good, total });
  });

  it('is zero over an empty series', () => {
    expect(sumBetween(buildMinuteSums([]), 0, 1e10)).toEqual({ good: 0, total: 0 });
  });
});

describe('SumsScratch', () => {
  it('gives the same sums as fresh arrays, and grows for a longer series', () => {
    const scratch = new SumsScratch();
    const first = buildMinuteSums(series, scratch);
    expect([...first.good]).toEqual([0, 9, 14, 14, 15]);
    const longer = [...series, { minute: 240, good: 2, total: 2 }, { minute: 300, good: 1, total: 1 }];
    const second = buildMinuteSums(longer, scratch);
    expect([...second.starts]).toEqual([0, 60, 120, 180, 240, 300]);
    expect([...second.total]).toEqual([0, 10, 15, 15, 18, 20, 21]);
    // a shorter series after a longer one: views of the right length, stale tail unseen
    const third = buildMinuteSums([{ minute: 600, good: 1, total: 2 }], scratch);
    expect([...third.starts]).toEqual([600]);
    expect([...third.total]).toEqual([0, 2]);
    expect(sumBetween(third, 0, 1e10)).toEqual({ good: 1, total: 2 });
  });
});
