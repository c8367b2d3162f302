import { describe, expect, it } from 'vitest';
import { defaultTiers } from '../model.js';
import { fixtureNow as N, fixtureSlo } from './fixtures.js';
import { buildMinuteSums } from './sums.js';
import { burnRate, errorBudget, minuteEnd, windowResult, windowSecondsToEvaluate } from './windows.js';

describe('minuteEnd', () => {
  it('floors to the minute, so the unfinished minute is left out', () => {
    expect(minuteEnd(N)).toBe(N);
    expect(minuteEnd(N + 59.999)).toBe(N);
    expect(minuteEnd(N - 1)).toBe(N - 60);
  });
});

describe('errorBudget', () => {
  it.each([
    [0.999, 0.001],
    [0.9995, 0.0005],
    [0.99, 0.01],
    [0.9, 0.1],
    [0.99999, 0.00001],
    [99.9 / 100, 0.001], // a percentage divided by 100 is 0.9990000000000001
    [1, 0],
  ])('1 − %d is the decimal %d', (objective, budget) => {
    expect(errorBudget(objective)).toBe(budget);
  });
});

describe('burnRate', () => {
  it('is the error ratio over the budget', () => {
    expect(burnRate(144, 10_000, 0.001)).toBe(14.4); // 0.0144 / 0.001
    expect(burnRate(10, 10_000, 0.001)).toBe(1);
    expect(burnRate(3, 4, 0.001)).toBe(750);
  });
  it('is 0 without errors and null without events', () => {
    expect(burnRate(0, 10, 0.001)).toBe(0);
    expect(burnRate(0, 0, 0.001)).toBeNull();
  });
  it('is Infinity for any error when the objective is 1', () => {
    expect(burnRate(1, 10, 0)).toBe(Infinity);
    expect(burnRate(0, 10, 0)).toBe(0);
  });
});

describe('windowResult', () => {
  // Objective 0.99 (budget 0.01). N = now, on a minute boundary.
  //   minute    good/total
  //   N − 3660    0/100   outside the 1h window
  //   N − 3600    0/100   first minute of the 1h window
  //   N − 360    50/50
  //   N − 300   180/200   first minute of the 5m window
  //   N − 120   100/100
  //   N − 60     90/100   last whole minute
  //   N           0/1000  unfinished at N + 45: left out
  const sums = buildMinuteSums([
    { minute: N - 3660, good: 0, total: 100 },
    { minute: N - 3600, good: 0, total: 100 },
    { minute: N - 360, good: 50, total: 50 },
    { minute: N - 300, good: 180, total: 200 },
    { minute: N - 120, good: 100, total: 100 },
    { minute: N - 60, good: 90, total: 100 },
    { minute: N, good: 0, total: 1000 },
  ]);
  const end = minuteEnd(N + 45);

  it('5m: 370 good of 400; 30 bad → ratio 0.075, burn 0.075 / 0.01 = 7.5', () => {
    expect(windowResult(sums, end, 300, 0.01)).toEqual({ windowSeconds: 300, good: 370, total: 400, errorRatio: 0.075, burnRate: 7.5 });
  });

  it('30m adds N − 360: 420 of 450; ratio 30 / 450 = 1/15, burn 20/3', () => {
    const w = windowResult(sums, end, 1800, 0.01);
    expect([w.good, w.total]).toEqual([420, 450]);
    expect(w.errorRatio).toBeCloseTo(1 / 15, 15);
    expect(w.burnRate).toBeCloseTo(20 / 3, 13);
  });

  it('1h adds N − 3600 but not N − 3660: 420 of 550; ratio 130/550 = 13/55, burn 1300/55', () => {
    const w = windowResult(sums, end, 3600, 0.01);
    expect([w.good, w.total]).toEqual([420, 550]);
    expect(w.errorRatio).toBeCloseTo(13 / 55, 15);
    expect(w.burnRate).toBeCloseTo(1300 / 55, 12);
  });

  it('a window without events has null ratios', () => {
    const quiet = buildMinuteSums([{ minute: N - 3600, good: 1, total: 1 }]);
    expect(windowResult(quiet, N, 300, 0.01)).toEqual({ windowSeconds: 300, good: 0, total: 0, errorRatio: null, burnRate: null });
  });

  it('good above total counts as no errors', () => {
    const odd = buildMinuteSums([{ minute: N - 60, good: 11, total: 10 }]);
    expect(windowResult(odd, N, 300, 0.01)).toMatchObject({ errorRatio: 0, burnRate: 0 });
  });
});

describe('windowSecondsToEvaluate', () => {
  it('is the standard windows, the tier windows and the period, ascending, once each', () => {
    // The default tiers' windows are all standard ones.
    expect(windowSecondsToEvaluate(fixtureSlo(), 2_592_000)).toEqual([300, 1800, 3600, 7200, 21600, 86400, 259200, 2_592_000]);
  });

  it('adds windows of custom and disabled tiers', () => {
    const slo = fixtureSlo();
    slo.alerting.tiers = [...defaultTiers(86400), { ...defaultTiers(86400)[0]!, name: 'custom', longWindowSeconds: 600, shortWindowSeconds: 120, enabled: false }];
    // a 1-day rolling period: its window is the standard 1d one
    expect(windowSecondsToEvaluate(slo, 86400)).toEqual([120, 300, 600, 1800, 3600, 7200, 21600, 86400, 259200]);
  });
});
