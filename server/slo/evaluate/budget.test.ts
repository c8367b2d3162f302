import { describe, expect, it } from 'vitest';
import { occurrencesBudget } from './budget.js';

describe('occurrencesBudget', () => {
  // Objective 0.999: 10,000 events allow 0.001 × 10,000 = 10 bad ones.
  it.each([
    // good, total, sli, remaining
    [10_000, 10_000, 1, 1], // untouched
    [9_995, 10_000, 0.9995, 0.5], // 5 of 10 spent
    [9_990, 10_000, 0.999, 0], // exactly spent
    [9_980, 10_000, 0.998, -1], // spent twice over
    [9_900, 10_000, 0.99, -9],
  ])('good %d of %d: sli %d, remaining %d', (good, total, sli, remaining) => {
    expect(occurrencesBudget({ good, total }, 0.001)).toEqual({ sli, remaining });
  });

  it('is null without events', () => {
    expect(occurrencesBudget({ good: 0, total: 0 }, 0.001)).toEqual({ sli: null, remaining: null });
  });

  it('good above total counts as no errors', () => {
    expect(occurrencesBudget({ good: 11, total: 10 }, 0.001)).toEqual({ sli: 1, remaining: 1 });
  });

  it('an objective of 1 has no budget: one error overspends it without bound', () => {
    expect(occurrencesBudget({ good: 9, total: 10 }, 0)).toEqual({ sli: 0.9, remaining: -Infinity });
    expect(occurrencesBudget({ good: 10, total: 10 }, 0)).toEqual({ sli: 1, remaining: 1 });
  });
});
