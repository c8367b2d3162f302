import type { BurnRateTier } from '../model.js';
import type { BudgetResult, Evaluation } from './types.js';

/**
 * Seconds until the budget left is spent if errors keep burning at `burnRate`.
 *
 * Burn rate 1 spends the whole period's budget in exactly one period length (SRE workbook,
 * ch. 5, "Alerting on SLOs"); burn rate b spends it in periodSeconds / b, so a share
 * `remaining` of it lasts
 *
 *     remaining × periodSeconds / b
 *
 * e.g. half the budget of a 30-day period at 14.4× lasts 0.5 × 2,592,000 / 14.4 = 90,000 s
 * (25 h). It assumes traffic keeps its pace, and for a rolling period it ignores the old
 * errors that will leave the window meanwhile (as Pyrra and Grafana's SLO app do): it is a
 * forecast at the current pace, not a schedule. For timeslices the event burn rate stands in
 * for the slice burn rate.
 *
 * null when nothing burns (b ≤ 0 or no events), when the budget is already spent
 * (remaining ≤ 0: the budget-exhausted alert covers that) or unknown.
 *
 * @example secondsToExhaustion(0.5, 2_592_000, 14.4) // 90000 (up to rounding)
 */
export function secondsToExhaustion(remaining: number | null, periodSeconds: number, burnRate: number | null): number | null {
  if (remaining === null || !(remaining > 0)) return null;
  if (burnRate === null || !(burnRate > 0)) return null;
  return (remaining * periodSeconds) / burnRate;
}

/**
 * {@link secondsToExhaustion} over a period: its length is `periodEnd − periodStart`, the
 * rolling period's seconds or the calendar period's real length (31 days less an hour for a
 * Paris March). Burn rate 1 then spends the budget exactly at the period's end.
 */
export function periodSecondsToExhaustion(period: BudgetResult, burnRate: number | null): number | null {
  return secondsToExhaustion(period.remaining, period.periodEnd - period.periodStart, burnRate);
}

/**
 * For the API's tier table: seconds until the budget is spent if the tier's long-window burn
 * rate continues; null when that window is not burning or the budget is spent.
 *
 * @example tierSecondsToExhaustion(evaluate(input), slo.alerting.tiers[0]!)
 */
export function tierSecondsToExhaustion(evaluation: Evaluation, tier: BurnRateTier): number | null {
  const window = evaluation.windows.find((w) => w.windowSeconds === tier.longWindowSeconds);
  return periodSecondsToExhaustion(evaluation.period, window ? window.burnRate : null);
}
