import { burnRate } from './windows.js';
import type { Counts } from './sums.js';

/** The SLI and budget of a period so far, before the exhaustion projection. */
export interface BudgetFigures {
  sli: number | null;
  remaining: number | null;
}

/**
 * Occurrences budgeting: every event counts once, so the period is one big ratio.
 *
 * sli = good / total. The period allows budget × total bad events; remaining =
 * 1 − bad / allowed, which is 1 − the period's burn rate: 1 with no errors, 0 when exactly
 * the allowance is spent, negative once overspent (−1: spent twice over). null without events.
 *
 * The allowance counts the events of the period so far, not a forecast of the whole period:
 * for a calendar month on the 3rd, 0.1 % of the events seen since the 1st.
 *
 * @example occurrencesBudget({ good: 9995, total: 10_000 }, 0.001) // { sli: 0.9995, remaining: 0.5 }
 */
export function occurrencesBudget(counts: Counts, budget: number): BudgetFigures {
  const { good, total } = counts;
  if (!(total > 0)) return { sli: null, remaining: null };
  const bad = Math.max(0, total - good);
  return { sli: (total - bad) / total, remaining: 1 - burnRate(bad, total, budget)! };
}
