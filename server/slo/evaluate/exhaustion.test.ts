import { describe, expect, it } from 'vitest';
import { defaultTiers } from '../model.js';
import { periodSecondsToExhaustion, secondsToExhaustion, tierSecondsToExhaustion } from './exhaustion.js';
import type { BudgetResult, Evaluation } from './types.js';

describe('secondsToExhaustion', () => {
  it('burn rate 1 spends a full budget in exactly one period', () => {
    expect(secondsToExhaustion(1, 2_592_000, 1)).toBe(2_592_000);
  });

  it('half the budget of 30 days at 14.4×: 0.5 × 2,592,000 / 14.4 = 90,000 s (25 h)', () => {
    expect(secondsToExhaustion(0.5, 2_592_000, 14.4)).toBeCloseTo(90_000, 6);
  });

  it.each([
    [0, 1],
    [-0.5, 14.4],
    [null, 14.4],
    [0.5, 0],
    [0.5, -1],
    [0.5, null],
  ])('is null for remaining %s at burn %s', (remaining, burn) => {
    expect(secondsToExhaustion(remaining, 2_592_000, burn)).toBeNull();
  });
});

const march: BudgetResult = {
  // Paris, March 2026: 2,674,800 s
  periodStart: 1_772_319_600,
  periodEnd: 1_774_994_400,
  good: 0,
  total: 0,
  sli: 1,
  remaining: 1,
  exhaustionAt: null,
};

describe('periodSecondsToExhaustion', () => {
  it('takes a calendar period at its real length', () => {
    expect(march.periodEnd - march.periodStart).toBe(2_674_800);
    expect(periodSecondsToExhaustion(march, 1)).toBe(2_674_800);
    expect(periodSecondsToExhaustion({ ...march, remaining: 0.9 }, 3)).toBeCloseTo(802_440, 6); // 0.9 × 2,674,800 / 3
  });
});

describe('tierSecondsToExhaustion', () => {
  it("uses the tier's long-window burn rate", () => {
    const [pageFast, pageSlow, ticketFast] = defaultTiers(2_592_000);
    const window = (windowSeconds: number, burnRate: number | null) => ({ windowSeconds, good: 0, total: 0, errorRatio: null, burnRate });
    const evaluation: Evaluation = {
      at: 0,
      windows: [window(3600, 20), window(21600, 4), window(86400, null)],
      period: { ...march, remaining: 0.8 },
      alerts: [],
    };
    expect(tierSecondsToExhaustion(evaluation, pageFast!)).toBeCloseTo(106_992, 6); // 0.8 × 2,674,800 / 20
    expect(tierSecondsToExhaustion(evaluation, pageSlow!)).toBeCloseTo(534_960, 6); // 0.8 × 2,674,800 / 4
    expect(tierSecondsToExhaustion(evaluation, ticketFast!)).toBeNull(); // no events in 1d
  });
});
