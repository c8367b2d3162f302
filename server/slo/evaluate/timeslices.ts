import type { BudgetFigures } from './budget.js';
import type { PeriodBounds } from './period.js';
import { firstAtOrAfter, type MinuteSums } from './sums.js';

export interface SliceCounts {
  /** slices with data whose own good/total ≥ sliceObjective */
  good: number;
  /** slices with data below sliceObjective */
  bad: number;
  /** slices of the whole period, elapsed or not: ⌈(end − start) / sliceSeconds⌉ */
  inPeriod: number;
}

/**
 * Cuts the period into slices of `sliceSeconds` from its start (so a 1d slice of a calendar
 * month starts at its local midnight until a DST change shifts the clock under it) and
 * judges each slice that has events in [start, end): good when good/total ≥ sliceObjective.
 * A slice without events is neither good nor bad.
 *
 * The slice in progress is judged on its minutes so far, so an outage shows in the budget
 * the minute it ends rather than when its slice does; its verdict may change as it fills.
 * When the period is not a whole number of slices, the last one is shorter.
 *
 * One pass over the minutes of the period: each slice is two reads of the running sums.
 */
export function countSlices(
  sums: MinuteSums,
  bounds: PeriodBounds,
  end: number,
  sliceSeconds: number,
  sliceObjective: number,
): SliceCounts {
  const inPeriod = Math.ceil((bounds.end - bounds.start) / sliceSeconds);
  const stop = firstAtOrAfter(sums, Math.min(end, bounds.end));
  const starts = sums.starts;
  let good = 0;
  let bad = 0;
  let lo = firstAtOrAfter(sums, bounds.start);
  while (lo < stop) {
    const slice = Math.floor((starts[lo]! - bounds.start) / sliceSeconds);
    const sliceEnd = bounds.start + (slice + 1) * sliceSeconds;
    let hi = lo + 1;
    while (hi < stop && starts[hi]! < sliceEnd) hi++;
    const total = sums.total[hi]! - sums.total[lo]!;
    if (total > 0) {
      // A quotient, not good ≥ sliceObjective × total: a correctly rounded 55 / 100 is the
      // same double as 0.55, while 0.55 × 100 is 55.00000000000001 and would fail the slice.
      if ((sums.good[hi]! - sums.good[lo]!) / total >= sliceObjective) good++;
      else bad++;
    }
    lo = hi;
  }
  return { good, bad, inPeriod };
}

/**
 * Timeslices budgeting, as Nobl9 and OpenSLO define it: the budget is a number of bad slices
 * over the whole period, budget × slices in the period (a 99.9 % month of 1-minute slices
 * may hold 44.64 bad minutes in 31 days). remaining = 1 − bad slices / that allowance. The
 * allowance is the whole period's from its first minute, unlike occurrences, whose total
 * is not known in advance: a bad slice on the 1st costs the same share as one on the 30th.
 *
 * sli = good slices / slices with data. Both are null until a slice has data.
 *
 * @example timeslicesBudget({ good: 98, bad: 2, inPeriod: 1000 }, 0.01) // { sli: 0.98, remaining: 0.8 }
 */
export function timeslicesBudget(slices: SliceCounts, budget: number): BudgetFigures {
  const withData = slices.good + slices.bad;
  if (withData === 0) return { sli: null, remaining: null };
  const allowed = budget * slices.inPeriod;
  const remaining = slices.bad === 0 ? 1 : allowed > 0 ? 1 - slices.bad / allowed : -Infinity;
  return { sli: slices.good / withData, remaining };
}
