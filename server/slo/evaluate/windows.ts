import { standardWindowsSeconds, type SloDefinition } from '../model.js';
import { sumBetween, type MinuteSums } from './sums.js';
import type { WindowResult } from './types.js';

/**
 * The end of every window: `now` floored to the minute. The minute in progress is left out
 * because its count is still growing; a window [end − w, end) holds whole minutes only.
 *
 * @example minuteEnd(1_780_000_059) === 1_780_000_020
 */
export function minuteEnd(now: number): number {
  return Math.floor(now / 60) * 60;
}

/**
 * The error budget as a ratio, 1 − objective, rounded to 12 decimal places.
 *
 * Objectives are decimal fractions, and in binary 1 − 0.999 is 0.0010000000000000009: a burn
 * of exactly 14.4 would then read 14.399999999999986 and a tier's `>` would turn on noise.
 * Rounding to 1e-12 (far below any meaningful objective: six nines is a budget of 1e-6)
 * gives back the nearest double to the budget as written, 0.001.
 *
 * @example errorBudget(0.999) === 0.001
 */
export function errorBudget(objective: number): number {
  return Math.round((1 - objective) * 1e12) / 1e12;
}

/**
 * Burn rate of `bad` errors among `total` events: the error ratio over the budget, so 1
 * spends the budget exactly by the end of the period (SRE workbook, ch. 5). Computed as
 * bad / (budget × total) rather than (bad / total) / budget: one rounding fewer, and with
 * a decimal budget and whole counts the denominator is usually exact (144 / (0.001 × 10000)
 * is 14.4, where 0.0144 / 0.001 is 14.399999999999999).
 *
 * null without events. An objective of 1 leaves no budget: any error burns at Infinity.
 *
 * @example burnRate(144, 10_000, 0.001) === 14.4
 */
export function burnRate(bad: number, total: number, budget: number): number | null {
  if (!(total > 0)) return null;
  if (bad <= 0) return 0;
  if (!(budget > 0)) return Infinity;
  return bad / (budget * total);
}

/**
 * SLI, error ratio and burn rate of the minutes in [end − windowSeconds, end). Good above
 * total (a data bug, or rounding of fractional counts) counts as no errors, never as a
 * negative ratio.
 */
export function windowResult(sums: MinuteSums, end: number, windowSeconds: number, budget: number): WindowResult {
  const { good, total } = sumBetween(sums, end - windowSeconds, end);
  const bad = Math.max(0, total - good);
  return {
    windowSeconds,
    good,
    total,
    errorRatio: total > 0 ? bad / total : null,
    burnRate: burnRate(bad, total, budget),
  };
}

/**
 * The windows an evaluation reports, ascending and without repeats: the standard set
 * (Sloth's 5m … 3d), every tier's long and short window (disabled tiers too: the API shows
 * their burn rates), and the period so far, [periodStart, end), whose length is the rolling
 * period or, for a calendar period, the time elapsed in it (left out in a calendar period's
 * first minute, when nothing has elapsed). Two windows of equal length cover the same
 * minutes, so dropping the repeat loses nothing.
 */
export function windowSecondsToEvaluate(slo: SloDefinition, periodWindowSeconds: number): number[] {
  const all = new Set<number>(standardWindowsSeconds);
  for (const tier of slo.alerting.tiers) {
    all.add(tier.longWindowSeconds);
    all.add(tier.shortWindowSeconds);
  }
  if (periodWindowSeconds > 0) all.add(periodWindowSeconds);
  return [...all].sort((a, b) => a - b);
}
