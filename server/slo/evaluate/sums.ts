import type { MinuteCounts } from './types.js';

/**
 * Running totals over a sorted minute series. Built in one pass, then the good/total of
 * any time range costs two binary searches: the windows, the period and the slices all
 * read the same sums instead of re-adding up to 43,200 minutes each.
 *
 * Counts are added as doubles: integer counts stay exact up to 2^53 events. Fractional
 * counts (metric rates) pick up rounding of the order of 1e-16 × the period's total,
 * far below anything the evaluator compares.
 */
export interface MinuteSums {
  /** the start of each entry's minute, ascending */
  readonly starts: Float64Array;
  /** good[i]: good events in entries [0, i); length n + 1 */
  readonly good: Float64Array;
  /** total[i]: total events in entries [0, i); length n + 1 */
  readonly total: Float64Array;
}

export interface Counts {
  good: number;
  total: number;
}

/**
 * Buffers that one evaluation after another fills instead of allocating: three zero-filled
 * Float64Arrays of 43,200 entries per SLO are a third of an evaluation's time (measured in
 * bench/slo/evaluate.ts). Sums built into a scratch are views of it, valid until its next use.
 */
export class SumsScratch {
  private starts = new Float64Array(0);
  private good = new Float64Array(0);
  private total = new Float64Array(0);

  /** Views of n starts and n + 1 running totals, growing the buffers when they are short. */
  take(n: number): MinuteSums {
    if (this.good.length < n + 1) {
      const size = Math.max(n + 1, Math.ceil(this.good.length * 1.5));
      this.starts = new Float64Array(size);
      this.good = new Float64Array(size);
      this.total = new Float64Array(size);
    }
    return { starts: this.starts.subarray(0, n), good: this.good.subarray(0, n + 1), total: this.total.subarray(0, n + 1) };
  }
}

/**
 * Running sums of a sorted series: new arrays, or views of `scratch` when given.
 *
 * @example buildMinuteSums([{ minute: 0, good: 9, total: 10 }, { minute: 60, good: 5, total: 5 }]).good // [0, 9, 14]
 */
export function buildMinuteSums(series: readonly MinuteCounts[], scratch?: SumsScratch): MinuteSums {
  const n = series.length;
  const sums = scratch ? scratch.take(n) : { starts: new Float64Array(n), good: new Float64Array(n + 1), total: new Float64Array(n + 1) };
  const { starts, good, total } = sums;
  good[0] = 0;
  total[0] = 0;
  let runningGood = 0;
  let runningTotal = 0;
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const entry = series[i]!;
    const minute = entry.minute;
    // Written as a negation so that NaN fails too. Equal minutes are fine: unmerged rows of
    // one minute (a SummingMergeTree before its merge) simply add up.
    if (!(minute >= previous)) {
      throw new Error(`minutes must be sorted by minute: minutes[${i}].minute = ${minute} follows ${previous}`);
    }
    previous = minute;
    starts[i] = minute;
    runningGood += entry.good;
    runningTotal += entry.total;
    good[i + 1] = runningGood;
    total[i + 1] = runningTotal;
  }
  return sums;
}

/** Index of the first entry whose minute is ≥ `at`; the entry count when there is none. */
export function firstAtOrAfter(sums: MinuteSums, at: number): number {
  const starts = sums.starts;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Good and total of the minutes that start in [from, to); zero when the range is empty.
 *
 * @example sumBetween(buildMinuteSums([{ minute: 0, good: 9, total: 10 }, { minute: 60, good: 5, total: 5 }]), 60, 120) // { good: 5, total: 5 }
 */
export function sumBetween(sums: MinuteSums, from: number, to: number): Counts {
  if (!(to > from)) return { good: 0, total: 0 };
  const lo = firstAtOrAfter(sums, from);
  const hi = firstAtOrAfter(sums, to);
  return { good: sums.good[hi]! - sums.good[lo]!, total: sums.total[hi]! - sums.total[lo]! };
}
