import { describe, expect, it } from 'vitest';
import { epoch, fixtureNow as T } from './fixtures.js';
import { periodBounds } from './period.js';
import { buildMinuteSums } from './sums.js';
import { countSlices, timeslicesBudget } from './timeslices.js';

describe('countSlices', () => {
  // Period [T, T + 3600) in 10-minute slices (6 of them), slice objective 0.95; evaluated at
  // end = T + 3060, inside the last slice.
  //   slice 0 [T, T+600):          100/100 + 90/100 = 190/200 = 0.95  good (≥, the boundary)
  //   slice 1 [T+600, T+1200):     94/100 = 0.94                      bad
  //   slice 2 [T+1200, T+1800):    no minutes                         neither
  //   slice 3 [T+1800, T+2400):    one minute with 0/0                neither
  //   slice 4 [T+2400, T+3000):    1/1 + 0/1 = 0.5                    bad
  //   slice 5 [T+3000, T+3600):    50/50 so far (T+3060 is not in)    good
  const sums = buildMinuteSums([
    { minute: T - 60, good: 0, total: 100 }, // before the period
    { minute: T, good: 100, total: 100 },
    { minute: T + 60, good: 90, total: 100 },
    { minute: T + 600, good: 94, total: 100 },
    { minute: T + 1800, good: 0, total: 0 },
    { minute: T + 2400, good: 1, total: 1 },
    { minute: T + 2940, good: 0, total: 1 },
    { minute: T + 3000, good: 50, total: 50 },
    { minute: T + 3060, good: 0, total: 100 }, // at `end`: not yet
  ]);
  const bounds = { start: T, end: T + 3600 };

  it('judges each slice with data on its own ratio', () => {
    expect(countSlices(sums, bounds, T + 3060, 600, 0.95)).toEqual({ good: 2, bad: 2, inPeriod: 6 });
  });

  it('judges the slice in progress on its minutes so far', () => {
    // at T + 3120 the last slice holds 50/50 and 0/100: 50/150 < 0.95, bad
    expect(countSlices(sums, bounds, T + 3120, 600, 0.95)).toEqual({ good: 1, bad: 3, inPeriod: 6 });
  });

  it('aligns slices to the period start, not to the epoch', () => {
    // From T + 60:
    //   [T+60, T+660):     90/100 + 94/100 = 184/200 = 0.92   bad
    //   [T+1260, T+1860):  0/0                                neither
    //   [T+1860, T+2460):  1/1                                good
    //   [T+2460, T+3060):  0/1 + 50/50 = 50/51 ≈ 0.98         good
    expect(countSlices(sums, { start: T + 60, end: T + 3660 }, T + 3060, 600, 0.95)).toEqual({ good: 2, bad: 1, inPeriod: 6 });
  });

  it('counts a shorter last slice in the period', () => {
    // Paris, March 2026: 2,674,800 s is 30 days and 23 hours: 31 one-day slices, the last one 23 h
    const march = periodBounds({ kind: 'calendar', unit: 'month', timezone: 'Europe/Paris' }, epoch('2026-03-15T00:00:00Z'));
    expect(countSlices(buildMinuteSums([]), march, march.end, 86400, 0.99).inPeriod).toBe(31);
    expect(countSlices(buildMinuteSums([]), march, march.end, 60, 0.99).inPeriod).toBe(44_580);
  });
});

describe('timeslicesBudget', () => {
  it('allows budget × all slices of the period, elapsed or not', () => {
    // 6 slices at objective 0.5 allow 3 bad ones; 2 spent → 1/3 left. sli: 2 good of 4 with data.
    const { sli, remaining } = timeslicesBudget({ good: 2, bad: 2, inPeriod: 6 }, 0.5);
    expect(sli).toBe(0.5);
    expect(remaining).toBeCloseTo(1 / 3, 15);
  });

  it('a bad minute on the 1st costs its share of the whole month (Nobl9 semantics)', () => {
    // March 2026 in Paris has 44,580 minutes; at 99.9 % the budget is 44.58 bad minutes:
    // one bad minute leaves 1 − 1/44.58 = 43.58/44.58.
    const { sli, remaining } = timeslicesBudget({ good: 59, bad: 1, inPeriod: 44_580 }, 0.001);
    expect(sli).toBe(59 / 60);
    expect(remaining).toBeCloseTo(43.58 / 44.58, 14);
  });

  it('is 1 with no bad slice, exactly 0 when spent, null before any data', () => {
    expect(timeslicesBudget({ good: 5, bad: 0, inPeriod: 100 }, 0.01)).toEqual({ sli: 1, remaining: 1 });
    expect(timeslicesBudget({ good: 5, bad: 1, inPeriod: 100 }, 0.01)).toEqual({ sli: 5 / 6, remaining: 0 });
    expect(timeslicesBudget({ good: 0, bad: 0, inPeriod: 100 }, 0.01)).toEqual({ sli: null, remaining: null });
  });
});
